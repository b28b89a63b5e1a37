"""The paper figures, exact on hand-made records."""

from datetime import datetime

import pytest
from django.utils import timezone

from madoguchi.core.models import Event, StaffRole
from madoguchi.core.tests.factories import UserFactory, staff_member
from madoguchi.paper.events import Verb
from madoguchi.pdca.metrics import metrics

from .factories import paper_procedure

pytestmark = pytest.mark.django_db
FY = 2025


def at(month, day, hour, minute=0):
    year = FY if month >= 4 else FY + 1
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def event(verb, when, actor=None, **data):
    return Event.objects.create(
        verb=verb, time=when, actor=actor, subject_type="paper.fieldreading", subject_id="1", data=data
    )


def test_field_accuracy_by_kind():
    for kind, accepted, corrected in [("katakana", 3, 1), ("digits", 1, 1)]:
        for _ in range(accepted):
            event(Verb.FIELD_ACCEPTED, at(6, 1, 10), kind=kind, department="kodomo")
        for _ in range(corrected):
            event(Verb.FIELD_CORRECTED, at(6, 1, 10), kind=kind, department="kodomo")
    event(Verb.FIELD_CORRECTED, at(3, 31, 23, 59).replace(year=FY), kind="digits")  # the year before
    event(Verb.FIELD_AWAITING_SECOND, at(6, 1, 10), kind="my_number")  # not finished: not counted
    accuracy = metrics.get("paper.field-accuracy")
    assert accuracy.value(FY) == 66.7  # 4 of 6
    assert accuracy.breakdown(FY, None) == {"digits": 50.0, "katakana": 75.0}
    assert accuracy.value(FY, {"department": "hoiku"}) is None
    drill = accuracy.drill(FY, None)
    assert len(drill) == 6 and sum(r.counted for r in drill) == 4


def test_pages_per_hour():
    one, two = UserFactory(), UserFactory()
    # one: 10:00 → 10:59 on a day (59 min + 1), two: a single field another day (1 min)
    event(Verb.FIELD_ACCEPTED, at(7, 1, 10), one)
    event(Verb.FIELD_CORRECTED, at(7, 1, 10, 30), one)
    event(Verb.FIELD_ACCEPTED, at(7, 1, 10, 59), one)
    event(Verb.FIELD_AWAITING_SECOND, at(7, 2, 9), two)
    for _ in range(61):
        event(Verb.PAGE_VERIFIED, at(7, 1, 10, 59), one)
    event(Verb.PAGE_VERIFIED, at(4, 1, 0).replace(year=FY + 1), one)  # next 年度
    # (59 min + 1) + (0 + 1) = 61 staff-minutes for 61 pages: 60 pages an hour
    assert metrics.get("paper.pages-per-hour").value(FY) == 60.0
    assert metrics.get("paper.pages-per-hour").value(FY - 1) is None


def test_ocr_keyed_share_over_all_paper_applications():
    from madoguchi.applications.services import register_paper_application
    from madoguchi.core.tests.factories import PersonFactory

    procedure = paper_procedure()
    clerk = staff_member(procedure.department, StaffRole.Role.RECEPTION)
    data = {
        "applicant": {"full_name": "紙野 花子", "full_name_kana": "カミノ ハナコ", "birth_date": "1985-04-01"}
    }
    for n in range(3):  # keyed by hand
        register_paper_application(
            procedure,
            applicant=PersonFactory(),
            data=data,
            by=clerk,
            received_at=at(5, 1, 10),
            idempotency_key=f"hand-{n}",
        )
    assert metrics.get("paper.ocr-keyed-share").value(FY) == 0.0
    event(Verb.FORM_ACCEPTED, at(5, 1, 10))  # one of them keyed by OCR
    assert metrics.get("paper.ocr-keyed-share").value(FY) == 33.3
    assert metrics.get("paper.ocr-keyed-share").value(FY + 1) is None
