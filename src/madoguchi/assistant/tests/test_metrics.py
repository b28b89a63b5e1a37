"""The assistant's figures on hand-made records: exact values, the 年度 bounds, scope and drill."""

from __future__ import annotations

import datetime

import pytest

from madoguchi.assistant import metrics
from madoguchi.assistant.models import CallbackRequest, Feedback, Inquiry
from madoguchi.core.japanese.jst import JST
from madoguchi.core.tests.factories import DepartmentFactory
from madoguchi.pdca.metrics import metrics as registry
from madoguchi.pdca.metrics import summarize

from .factories import question_log

pytestmark = pytest.mark.django_db


def at(y, m, d):
    return datetime.datetime(y, m, d, 10, 0, tzinfo=JST)


@pytest.fixture
def records():
    shimin = DepartmentFactory(code="shimin", name="市民課")
    kodomo = DepartmentFactory(code="kodomo", name="子ども課")
    a = question_log(
        "住民票", department=shimin, confident=True, asked_at=at(2025, 4, 1)
    )  # 1st day of FY2025
    b = question_log("印鑑登録", department=shimin, confident=True, asked_at=at(2025, 5, 10))
    c = question_log("戸籍", department=shimin, confident=True, asked_at=at(2025, 5, 11))
    d = question_log("証明書の郵送", department=shimin, confident=False, asked_at=at(2025, 6, 1))
    e = question_log("児童手当", department=kodomo, confident=True, asked_at=at(2026, 3, 31))  # last day
    question_log("ペットの火葬", confident=False, asked_at=at(2025, 9, 1))
    old = question_log("前年度の質問", department=shimin, confident=False, asked_at=at(2025, 3, 31))
    for log, helpful in ((a, True), (b, False), (c, True), (e, False), (old, True)):
        Feedback.objects.create(log=log, helpful=helpful)
    Inquiry.objects.create(department=shimin, log=b, question=b.text, email="x@example.jp")
    CallbackRequest.objects.create(
        department=shimin, log=d, question=d.text, name="国分", phone="042-000-0000"
    )
    Inquiry.objects.create(department=shimin, log=old, question=old.text, email="x@example.jp")
    return {"shimin": shimin, "kodomo": kodomo}


def test_the_figures_are_registered_as_supporting_measures():
    for code in ("assistant.answered_rate", "assistant.helpful_rate", "assistant.handoff_rate"):
        item = registry.get(code)
        assert item.unit == "%" and item.plan_wording == "" and item.app == "assistant"


def test_answered_rate(records):
    assert metrics.answered_rate(2025) == 66.7  # 4 of 6
    assert metrics.answered_rate(2025, {"department": "shimin"}) == 75.0  # 3 of 4
    assert metrics.answered_rate(2024) == 0.0  # the one question of FY2024 was not answered
    assert metrics.answered_rate(2023) is None
    assert registry.get("assistant.answered_rate").breakdown(2025, None) == {
        "（部署なし）": 0.0,
        "子ども課": 100.0,
        "市民課": 75.0,
    }


def test_helpful_rate(records):
    assert metrics.helpful_rate(2025) == 50.0  # yes, no, yes, no
    assert metrics.helpful_rate(2025, {"department": "shimin"}) == 66.7
    assert metrics.helpful_rate(2024) == 100.0
    assert metrics.helpful_rate(2023) is None


def test_handoff_rate(records):
    assert metrics.handoff_rate(2025) == 33.3  # an inquiry and a callback, of 6 questions
    assert metrics.handoff_rate(2025, {"department": "shimin"}) == 50.0
    assert metrics.handoff_rate(2025, {"department": "kodomo"}) == 0.0
    assert metrics.handoff_rate(2024) == 100.0


def test_the_drill_by_month_and_department(records):
    drilled = registry.get("assistant.answered_rate").drill(2025, None)
    assert len(drilled) == 6
    assert summarize(drilled) == {
        "by_month": {"2025-04": 1, "2025-05": 2, "2026-03": 1},
        "by_department": {"子ども課": 1, "市民課": 3},
    }
    handed = [r for r in registry.get("assistant.handoff_rate").drill(2025, None) if r.counted]
    assert sorted(r.label for r in handed) == ["印鑑登録（質問ページ）", "証明書の郵送（質問ページ）"]
