"""Demo data is idempotent; the indicators and PDCA metrics read the counter's records."""

import datetime

import pytest
from django.utils import timezone

from madoguchi.core.demo import load_city
from madoguchi.counter import demo, services
from madoguchi.counter.models import ServiceCategory, Ticket, VisitSlot, Window
from madoguchi.lifeevents import demo as lifeevents_demo

pytestmark = pytest.mark.django_db


def test_demo_loaders_are_idempotent():
    load_city(lambda line: None)
    lifeevents_demo.load(lambda line: None)
    demo.load(lambda line: None)
    counts = (
        ServiceCategory.objects.count(),
        Window.objects.count(),
        VisitSlot.objects.count(),
        Ticket.objects.count(),
    )
    lifeevents_demo.load(lambda line: None)
    demo.load(lambda line: None)
    assert counts == (
        ServiceCategory.objects.count(),
        Window.objects.count(),
        VisitSlot.objects.count(),
        Ticket.objects.count(),
    )
    assert counts[0] == 5 and counts[2] > 0
    rows = services.wait_statistics(demo.HISTORY_DAY)
    assert {row["category"] for row in rows} == {c[0] for c in demo.CATEGORIES}
    assert all(row["p95_minutes"] >= row["average_minutes"] for row in rows)


def test_pdca_metrics_for_waiting_times(queue, counter_staff):
    from madoguchi.pdca.metrics import metrics

    start = timezone.now() - datetime.timedelta(hours=1)
    for wait in (10, 20):
        ticket = services.issue_ticket(queue["life"], now=start)
        services.call_ticket(
            ticket, window=queue["window3"], by=counter_staff, now=start + datetime.timedelta(minutes=wait)
        )
    from madoguchi.core.japanese import fiscal_year

    year = fiscal_year(timezone.localdate())
    assert metrics.get("counter.average_wait").value(year) == 15.0
    assert metrics.get("counter.p90_wait").value(year) == 20.0
    assert metrics.get("counter.average_wait").value(year, {"category": "insurance"}) is None


def test_counter_and_online_share_per_procedure(catalogue, counter_staff, family_with_child):
    from madoguchi.applications.services import submit_application
    from madoguchi.procedures.models import Procedure

    parent, _child = family_with_child
    procedure = Procedure.objects.get(code="juminhyo")
    data = {
        "applicant": {
            "full_name": parent.full_name,
            "full_name_kana": "コクブ\u3000ハナコ",
            "birth_date": "1990-05-01",
            "address": parent.address,
            "phone": parent.phone,
        },
        "request": {"copies": "1", "scope": "本人のみ", "purpose": "提出"},
        "declarations": {"truthful": True},
    }
    submit_application(procedure, applicant=parent, data=data, channel="counter", by=counter_staff)
    submit_application(procedure, applicant=parent, data=data, channel="postal", by=counter_staff)
    [row] = services.channel_share()
    assert row["procedure"] == "juminhyo" and row["counter"] == 1 and row["other"] == 1
    assert row["counter_percent"] == 50.0
