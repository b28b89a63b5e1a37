"""1-ウ: the counter plan's indicators as Madoguchi defines them until that plan exists, and the waits."""

import datetime as dt

import pytest

from madoguchi.core.japanese.jst import JST
from madoguchi.core.tests.factories import PersonFactory
from madoguchi.counter.models import CounterSession, Ticket
from madoguchi.pdca.metrics import metrics

pytestmark = pytest.mark.django_db


def visit(category, number, issued_at, *, wait_minutes=5, status=Ticket.Status.DONE):
    return Ticket.objects.create(
        category=category,
        day=issued_at.date(),
        number=number,
        issued_at=issued_at,
        first_called_at=issued_at + dt.timedelta(minutes=wait_minutes),
        status=status,
    )


def session(staff, confirmed_at, *, ticket=None, life_event="tennyu", status=CounterSession.Status.CONFIRMED):
    return CounterSession.objects.create(
        person=PersonFactory(),
        staff=staff,
        life_event=life_event,
        ticket=ticket,
        status=status,
        confirmed_at=confirmed_at if status == CounterSession.Status.CONFIRMED else None,
    )


def test_no_writing_counter_sessions_and_their_share_of_finished_visits(queue, counter_staff):
    day = dt.datetime(2025, 5, 12, 9, 0, tzinfo=JST)
    visits = [visit(queue["life"], n, day + dt.timedelta(minutes=n), wait_minutes=5 * n) for n in range(1, 5)]
    visit(queue["life"], 5, day, status=Ticket.Status.NO_SHOW)  # never served: not a visit
    session(counter_staff, day + dt.timedelta(hours=1), ticket=visits[0])
    session(counter_staff, day + dt.timedelta(hours=2), ticket=visits[1], life_event="shussei")
    session(counter_staff, day, ticket=visits[2], status=CounterSession.Status.PREPARING)  # not confirmed
    session(counter_staff, dt.datetime(2025, 3, 31, 16, tzinfo=JST))  # the year before

    activity = metrics.get("counter-plan-activity")
    assert (activity.value(2024), activity.value(2025)) == (1, 2)
    assert activity.breakdown(2025, None) == {"shussei": 1, "tennyu": 1}
    outcome = metrics.get("counter-plan-outcome")
    assert outcome.value(2025) == 50.0  # 2 of 4 finished visits
    assert outcome.value(2024) is None
    assert [r.counted for r in outcome.drill(2025, None)] == [True, True, False, False]
    assert "新庁舎窓口サービス実施計画" in str(outcome.definition)


def test_waits_average_and_90th_percentile(queue):
    day = dt.datetime(2025, 6, 2, 9, 0, tzinfo=JST)
    for n, wait in enumerate([2, 4, 6, 8, 10, 12, 14, 16, 18, 40], start=1):
        visit(queue["life"], n, day, wait_minutes=wait)
    assert metrics.get("counter.average_wait").value(2025) == 13.0
    assert metrics.get("counter.p90_wait").value(2025) == 18.0  # 9 of 10 were called within 18 minutes
    assert metrics.get("counter-plan-outcome").breakdown(2025, None) == {
        "平均待ち時間（分）": 13.0,
        "90%の人の待ち時間（分）": 18.0,
    }
