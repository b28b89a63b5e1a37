"""Conversation objects for tests: logged questions, inquiries, callback requests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from madoguchi.assistant.models import CallbackRequest, Inquiry, QuestionLog
from madoguchi.core.japanese.jst import JST
from madoguchi.core.tests.factories import DepartmentFactory

# A Wednesday that is a 開庁日, at 10:00 and at 20:00 JST.
STAFFED = datetime.datetime(2025, 10, 8, 10, 0, tzinfo=JST)
AFTER_HOURS = datetime.datetime(2025, 10, 8, 20, 0, tzinfo=JST)


def question_log(
    text: str = "住民票の写しを取りたい", *, department=None, confident=True, asked_at=None, **extra
):
    return QuestionLog.objects.create(
        text=text,
        department=department,
        confident=confident,
        asked_at=asked_at or timezone.now(),
        **extra,
    )


def inquiry(question: str = "住民票の写しを取りたい", *, department=None, **extra) -> Inquiry:
    department = department or DepartmentFactory()
    log = question_log(question, department=department)
    return Inquiry.objects.create(
        department=department, log=log, question=question, email="taro@example.jp", **extra
    )


def callback(question: str = "住民票の写しを取りたい", *, department=None, **extra) -> CallbackRequest:
    department = department or DepartmentFactory()
    log = question_log(question, department=department)
    return CallbackRequest.objects.create(
        department=department, log=log, question=question, name="国分 太郎", phone="042-000-0000", **extra
    )
