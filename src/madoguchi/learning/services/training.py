"""職員研修: courses with versioned Markdown lessons, assignments with deadlines, the self-check
(確認テスト) scored server-side, completions and their certificates, the manager's list and the
reminders."""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core import access
from madoguchi.core.access import LEARNING_MANAGE, LEARNING_PROGRESS
from madoguchi.core.events import record_event
from madoguchi.core.japanese.fiscal import fiscal_year, receipt_prefix
from madoguchi.core.models import Department, StaffRole
from madoguchi.core.notifications import notify

from ..events import Verb
from ..models import (
    Assignment,
    Attempt,
    Choice,
    Completion,
    Course,
    Lesson,
    LessonVersion,
    Question,
    QuestionBank,
    Reminder,
)
from .staff import department_staff, staff_accounts

REMIND_EVERY = timedelta(days=7)


# --- courses and lessons -------------------------------------------------------------------------


@transaction.atomic
def create_course(
    department: Department,
    *,
    by,
    code: str,
    title: str,
    topic: str,
    description: str = "",
    bank: QuestionBank | None = None,
    questions_per_attempt: int = 5,
    pass_mark: int = 80,
    yearly: bool = False,
    title_en: str = "",
) -> Course:
    """研修コースを作る (the department that runs it: 職員課, 情報管理課 …)."""
    access.require(by, LEARNING_MANAGE, department)
    if Course.objects.filter(code=code).exists():
        raise ValidationError({"code": _("このコードはすでに使われています。別のコードを入力してください。")})
    course = Course.objects.create(
        department=department,
        code=code,
        title=title,
        title_en=title_en,
        topic=topic,
        description=description,
        bank=bank,
        questions_per_attempt=questions_per_attempt if bank else 0,
        pass_mark=pass_mark,
        yearly=yearly,
    )
    record_event(course, verb=Verb.COURSE_CREATED, actor=by, data={"code": code, "topic": topic})
    return course


@transaction.atomic
def add_lesson(course: Course, *, by, title: str, body: str) -> Lesson:
    access.require(by, LEARNING_MANAGE, course.department_id)
    order = (course.lessons.aggregate(n=Max("order"))["n"] or 0) + 1
    lesson = Lesson.objects.create(course=course, order=order, title=title)
    LessonVersion.objects.create(lesson=lesson, number=1, body=body, created_by=by)
    record_event(course, verb=Verb.LESSON_REVISED, actor=by, data={"lesson": lesson.pk, "version": 1})
    return lesson


@transaction.atomic
def revise_lesson(lesson: Lesson, *, by, title: str, body: str) -> LessonVersion:
    """教材を改訂する: a new version; earlier versions stay (what a completion was based on)."""
    access.require(by, LEARNING_MANAGE, lesson.course.department_id)
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    current = lesson.current
    if current is not None and current.body == body and lesson.title == title:
        return current  # nothing changed: no new version, no Event
    number = (current.number if current else 0) + 1
    if lesson.title != title:
        lesson.title = title
        lesson.save(update_fields=["title"])
    version = LessonVersion.objects.create(lesson=lesson, number=number, body=body, created_by=by)
    record_event(
        lesson.course, verb=Verb.LESSON_REVISED, actor=by, data={"lesson": lesson.pk, "version": number}
    )
    return version


def manageable_course(user, pk: int) -> Course:
    """The course, if `user` runs courses in its department (404 otherwise)."""
    return access.load(Course.objects.select_related("department", "bank"), user, LEARNING_MANAGE, pk=pk)


def manageable_lesson(user, pk: int) -> Lesson:
    return access.load(
        Lesson.objects.select_related("course"),
        user,
        LEARNING_MANAGE,
        department=lambda o: o.course.department_id,
        pk=pk,
    )


def managed_courses(user) -> QuerySet:
    return Course.objects.filter(
        department__in=access.departments_where(user, LEARNING_MANAGE)
    ).select_related("department")


# --- assignments ---------------------------------------------------------------------------------


@transaction.atomic
def assign_course(
    course: Course,
    *,
    by,
    target: str,
    opens_on: date,
    due_on: date,
    department: Department | None = None,
    role: str = "",
) -> Assignment:
    """受講を割り当てる: to all staff, to a department, or to a role (optionally in one department)."""
    access.require(by, LEARNING_MANAGE, course.department_id)
    target = Assignment.Target(target)
    if due_on < opens_on:
        raise ValidationError({"due_on": _("受講期限は受講開始日より後の日付にしてください。")})
    if target == Assignment.Target.DEPARTMENT and department is None:
        raise ValidationError({"target_department": _("対象の部署を選んでください。")})
    if target == Assignment.Target.ROLE and role not in StaffRole.Role.values:
        raise ValidationError({"target_role": _("対象の権限を選んでください。")})
    assignment = Assignment.objects.create(
        course=course,
        target=target,
        target_department=department if target != Assignment.Target.ALL else None,
        target_role=role if target == Assignment.Target.ROLE else "",
        opens_on=opens_on,
        due_on=due_on,
        fiscal_year=fiscal_year(opens_on),
        created_by=by,
    )
    record_event(
        course,
        verb=Verb.COURSE_ASSIGNED,
        actor=by,
        data={"assignment": assignment.pk, "target": target, "due_on": due_on.isoformat()},
    )
    return assignment


def assigned_staff(assignment: Assignment) -> QuerySet:
    """The staff an assignment applies to (the 職員 of learning/services/staff.py)."""
    staff = staff_accounts()
    if assignment.target == Assignment.Target.DEPARTMENT:
        return staff.filter(staff_roles__department_id=assignment.target_department_id)
    if assignment.target == Assignment.Target.ROLE:
        roles = StaffRole.objects.filter(role=assignment.target_role)
        if assignment.target_department_id:
            roles = roles.filter(department_id=assignment.target_department_id)
        return staff.filter(pk__in=roles.values("user_id"))
    return staff


def applies_to(assignment: Assignment, user) -> bool:
    return assigned_staff(assignment).filter(pk=user.pk).exists()


def all_courses() -> QuerySet:
    return Course.objects.select_related("department").order_by("topic", "code")


def completed_this_year(course: Course, user) -> bool:
    return has_completed(course, user, fiscal_year(timezone.localdate()))


def has_completed(course: Course, user, year: int) -> bool:
    """Passed in 年度 `year`; a course that is not yearly stays passed once passed."""
    completions = Completion.objects.filter(course=course, user=user)
    if course.yearly:
        return completions.filter(fiscal_year=year).exists()
    return completions.filter(fiscal_year__lte=year).exists()


@dataclass(frozen=True)
class Duty:
    """One assignment as one staff member sees it."""

    assignment: Assignment
    completed: bool
    overdue: bool


def duties_for(user, *, today: date | None = None) -> list[Duty]:
    """What `user` has been assigned in this 年度, open now or earlier, and whether it is done."""
    today = today or timezone.localdate()
    year = fiscal_year(today)
    duties = []
    assignments = Assignment.objects.filter(fiscal_year=year, opens_on__lte=today).select_related("course")
    for assignment in assignments.order_by("due_on", "pk"):
        if not applies_to(assignment, user):
            continue
        done = has_completed(assignment.course, user, year)
        duties.append(Duty(assignment, done, not done and assignment.due_on < today))
    return duties


# --- the self-check ------------------------------------------------------------------------------


def staff_course(user, pk: int) -> Course:
    """Any staff member may take any course (the content holds no personal data)."""
    if not access.is_staff_account(user):
        raise Http404
    try:
        return Course.objects.select_related("department", "bank").get(pk=pk)
    except Course.DoesNotExist:
        raise Http404 from None


def lessons_of(course: Course) -> list[tuple[Lesson, LessonVersion | None]]:
    return [(lesson, lesson.current) for lesson in course.lessons.all()]


@transaction.atomic
def start_attempt(course: Course, *, by, now=None) -> Attempt:
    """確認テストを始める: draw the questions and shuffle their choices, here on the server."""
    if not access.is_staff_account(by):
        raise PermissionDenied(_("確認テストは職員だけが受けられます。"))
    if not course.has_check:
        raise ValidationError(_("この研修には確認テストがありません。"))
    now = now or timezone.now()
    pool = list(Question.objects.filter(bank_id=course.bank_id, is_active=True).values_list("pk", flat=True))
    if not pool:
        raise ValidationError(_("この研修の問題がまだ登録されていません。担当部署にお問い合わせください。"))
    rng = random.SystemRandom()
    picked = rng.sample(pool, min(course.questions_per_attempt, len(pool)))
    layout = []
    for question_id in picked:
        choices = list(Choice.objects.filter(question_id=question_id).values_list("pk", flat=True))
        rng.shuffle(choices)
        layout.append([question_id, choices])
    attempt = Attempt.objects.create(
        course=course,
        user=by,
        token=secrets.token_urlsafe(32),
        layout=layout,
        started_at=now,
        expires_at=now + timedelta(minutes=course.time_limit_minutes),
    )
    record_event(course, verb=Verb.ATTEMPT_STARTED, actor=by, data={"attempt": attempt.pk})
    return attempt


def own_attempt(user, token: str) -> Attempt:
    """Only the one who started it sees an attempt (404 for everyone else)."""
    attempt = Attempt.objects.select_related("course").filter(token=token).first()
    if attempt is None or attempt.user_id != getattr(user, "pk", None):
        raise Http404
    return attempt


def attempt_questions(attempt: Attempt) -> list[tuple[Question, list[Choice]]]:
    """The attempt's questions with their choices in the order drawn for it."""
    questions = Question.objects.in_bulk([q for q, _choices in attempt.layout])
    choices = Choice.objects.in_bulk([c for _q, ids in attempt.layout for c in ids])
    return [
        (questions[q], [choices[c] for c in ids if c in choices])
        for q, ids in attempt.layout
        if q in questions
    ]


@transaction.atomic
def submit_attempt(attempt: Attempt, *, by, answers: Mapping[str, str], now=None) -> Attempt:
    """確認テストを提出する: scored here, once.

    The form sends, per question `q<n>`, the position of the chosen answer in the order this
    attempt drew; the score, the questions and which answer is right never come from the form.
    A token is used once (a replayed submission is refused), and only by the one who started it.
    Unanswered or unreadable answers are refused with a message and leave the attempt open.
    """
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().select_related("course").get(pk=attempt.pk)
    if attempt.user_id != getattr(by, "pk", None):
        raise Http404
    if attempt.submitted_at is not None:
        raise ValidationError(
            _("この確認テストはすでに提出されています。もう一度受ける場合は、新しく始めてください。"),
            code="replayed",
        )
    if now > attempt.expires_at:
        raise ValidationError(_("制限時間を過ぎました。もう一度、新しく始めてください。"), code="expired")
    chosen: list[int] = []
    missing: list[str] = []
    for n, (_question, choice_ids) in enumerate(attempt.layout):
        value = str(answers.get(f"q{n}", "")).strip()
        if not value.isdigit() or int(value) >= len(choice_ids):
            missing.append(str(n + 1))
            continue
        chosen.append(choice_ids[int(value)])
    if missing:
        raise ValidationError(
            _("回答していない問題があります（問%(numbers)s）。すべての問題に答えてから提出してください。"),
            code="unanswered",
            params={"numbers": "・問".join(missing)},
        )
    right = Choice.objects.filter(pk__in=chosen, is_correct=True).count()
    total = len(attempt.layout)
    attempt.score = round(100 * right / total) if total else 0
    attempt.passed = attempt.score >= attempt.course.pass_mark
    attempt.submitted_at = now
    attempt.save(update_fields=["score", "passed", "submitted_at"])
    record_event(
        attempt.course,
        verb=Verb.ATTEMPT_SUBMITTED,
        actor=by,
        data={"attempt": attempt.pk, "score": attempt.score, "passed": attempt.passed},
    )
    if attempt.passed:
        _complete(attempt.course, by, attempt=attempt, score=attempt.score, when=now)
    return attempt


@transaction.atomic
def complete_reading(course: Course, *, by, now=None) -> Completion:
    """受講完了 for a course without a check: the staff member confirms they read every lesson."""
    if not access.is_staff_account(by):
        raise PermissionDenied(_("研修は職員だけが受講できます。"))
    if course.has_check:
        raise ValidationError(_("この研修は確認テストに合格すると修了になります。"))
    return _complete(course, by, attempt=None, score=None, when=now or timezone.now())


def _complete(course: Course, user, *, attempt: Attempt | None, score: int | None, when) -> Completion:
    year = fiscal_year(when)
    existing = Completion.objects.filter(course=course, user=user, fiscal_year=year).first()
    if existing is not None:
        return existing  # passed again in the same 年度: the first certificate stands
    number = f"{receipt_prefix(year)}-{course.pk:04d}-{user.pk:06d}"
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                course=course,
                user=user,
                fiscal_year=year,
                attempt=attempt,
                score=score,
                completed_at=when,
                number=number,
            )
    except IntegrityError:  # the same person finishing twice at once: one completion
        return Completion.objects.get(course=course, user=user, fiscal_year=year)
    record_event(
        course, verb=Verb.COURSE_COMPLETED, actor=user, data={"completion": completion.number, "score": score}
    )
    return completion


def completions_of(user) -> QuerySet:
    return Completion.objects.filter(user=user).select_related("course").order_by("-completed_at")


def certificate(user, number: str) -> Completion:
    """修了証: its holder, and the manager (決裁) of a department the holder works in."""
    completion = Completion.objects.select_related("course", "user").filter(number=number).first()
    if completion is None:
        raise Http404
    if completion.user_id == getattr(user, "pk", None):
        return completion
    departments = StaffRole.objects.filter(user_id=completion.user_id).values_list("department_id", flat=True)
    if any(access.can(user, LEARNING_PROGRESS, d) for d in set(departments)):
        return completion
    raise Http404


# --- the manager's list and the reminders -------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One staff member × one assignment on the manager's list."""

    user: object
    assignment: Assignment
    completed: bool
    overdue: bool


def department_progress(department: Department, *, by, today: date | None = None) -> list[Row]:
    """所属長の一覧: the department's staff and this 年度's assignments that apply to them."""
    access.require(by, LEARNING_PROGRESS, department)
    return _progress(department, today or timezone.localdate())


def _progress(department: Department, today: date) -> list[Row]:
    year = fiscal_year(today)
    staff = list(department_staff(department))
    rows = []
    assignments = Assignment.objects.filter(fiscal_year=year, opens_on__lte=today).select_related("course")
    for assignment in assignments.order_by("due_on", "pk"):
        applying = set(
            assigned_staff(assignment).filter(pk__in=[u.pk for u in staff]).values_list("pk", flat=True)
        )
        for user in staff:
            if user.pk in applying:
                done = has_completed(assignment.course, user, year)
                rows.append(Row(user, assignment, done, not done and assignment.due_on < today))
    return rows


def progress_departments(user) -> QuerySet:
    return access.departments_where(user, LEARNING_PROGRESS)


def _remind(assignment: Assignment, user, now) -> bool:
    recent = Reminder.objects.filter(
        assignment=assignment, user=user, sent_at__gt=now - REMIND_EVERY
    ).exists()
    if recent:
        return False
    Reminder.objects.create(assignment=assignment, user=user, sent_at=now)
    notify(user, "learning/emails/reminder", assignment=assignment, course=assignment.course)
    return True


@transaction.atomic
def remind_department(department: Department, *, by, now=None) -> int:
    """所属長が督促する: remind the department's staff who have not finished (once a week at most)."""
    access.require(by, LEARNING_PROGRESS, department)
    now = now or timezone.now()
    sent = 0
    for row in _progress(department, timezone.localdate(now)):
        if not row.completed and _remind(row.assignment, row.user, now):
            sent += 1
    record_event(department, verb=Verb.REMINDED, actor=by, data={"sent": sent})
    return sent


@transaction.atomic
def remind_unfinished(*, now=None) -> int:
    """The daily reminder (celery beat): every staff member with an open assignment of this 年度
    that they have not passed (the yearly security self-check among them), once a week."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    year = fiscal_year(today)
    sent = 0
    assignments = Assignment.objects.filter(fiscal_year=year, opens_on__lte=today).select_related("course")
    for assignment in assignments:
        for user in assigned_staff(assignment):
            if not has_completed(assignment.course, user, year) and _remind(assignment, user, now):
                sent += 1
    return sent
