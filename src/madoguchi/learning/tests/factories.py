"""Objects of learning for tests (and other apps' tests)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.utils import timezone

from madoguchi.core.models import Channel
from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.learning.models import (
    Assignment,
    Choice,
    CitizenClass,
    ClassRegistration,
    Course,
    Lesson,
    LessonVersion,
    Question,
    QuestionBank,
    Supporter,
    Topic,
)


def question_bank(department=None, *, code="bank", questions=6, choices=4) -> QuestionBank:
    """A bank whose right answer is always the choice whose text starts with 「正」."""
    bank = QuestionBank.objects.create(
        code=code, title=f"問題集 {code}", department=department or DepartmentFactory()
    )
    for n in range(questions):
        question = Question.objects.create(
            bank=bank, text=f"{code}の問題{n}", text_en=f"Question {n} of {code}"
        )
        for c in range(choices):
            Choice.objects.create(
                question=question, text=f"{'正' if c == 0 else '誤'}{n}-{c}", is_correct=c == 0
            )
    return bank


def course(
    department=None, *, code="course", topic=Topic.SECURITY, bank=None, questions=4, pass_mark=75, yearly=True
):
    department = department or DepartmentFactory()
    record = Course.objects.create(
        code=code,
        title=f"研修 {code}",
        topic=topic,
        department=department,
        bank=bank,
        questions_per_attempt=questions if bank else 0,
        pass_mark=pass_mark,
        yearly=yearly,
    )
    lesson = Lesson.objects.create(course=record, order=1, title="第1章")
    LessonVersion.objects.create(lesson=lesson, number=1, body="## 見出し\n\n本文")
    return record


def assignment(course, *, opens_on: date | None = None, due_on: date | None = None, **kwargs) -> Assignment:
    opens_on = opens_on or timezone.localdate() - timedelta(days=10)
    return Assignment.objects.create(
        course=course,
        opens_on=opens_on,
        due_on=due_on or opens_on + timedelta(days=30),
        fiscal_year=kwargs.pop("fiscal_year", None) or _fy(opens_on),
        **kwargs,
    )


def _fy(day: date) -> int:
    from madoguchi.core.japanese.fiscal import fiscal_year

    return fiscal_year(day)


def citizen_class(
    department=None, *, capacity=2, starts_at=None, title="はじめてのスマホ講習会", topic="smartphone"
):
    starts_at = starts_at or timezone.now() + timedelta(days=7)
    return CitizenClass.objects.create(
        department=department or DepartmentFactory(),
        title=title,
        topic=topic,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place_name="本多公民館",
        place_address="東京都国分寺市本多三丁目2番13号",
        capacity=capacity,
        uid=f"{uuid.uuid4()}@test",
    )


def registration(
    citizen_class, *, person=None, name="国分 花子", status=ClassRegistration.Status.CONFIRMED, **kwargs
):
    return ClassRegistration.objects.create(
        citizen_class=citizen_class,
        person=person,
        name=person.full_name if person else name,
        status=status,
        channel=kwargs.pop("channel", Channel.ONLINE if person else Channel.PHONE),
        reference=kwargs.pop("reference", uuid.uuid4().hex[:10].upper()),
        **kwargs,
    )


def supporter(department=None, *, name="西町 ゆかり") -> Supporter:
    return Supporter.objects.create(department=department or DepartmentFactory(), name=name)
