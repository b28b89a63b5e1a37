"""The plan's participation figures (3-ア) and online events (1-ア): confirmed sign-ups only, people
not clicks, each in the 年度 it happened."""

import datetime

import pytest
from django.utils import timezone

from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.identity.testing import resident_user
from madoguchi.participation import services
from madoguchi.participation.metrics import compute
from madoguchi.participation.models import Workshop
from madoguchi.pdca.metrics import metrics

from .conftest import resident_aged

pytestmark = pytest.mark.django_db


def workshop(process, *, fmt=Workshop.Format.HYBRID, online=5, hall=5, starts_at=None):
    return Workshop.objects.create(
        process=process,
        title="公園ワークショップ",
        format=fmt,
        starts_at=starts_at or timezone.now(),
        capacity_online=online,
        capacity_in_person=hall,
    )


def figures(fy):
    return {
        code: metrics.get(code).value(fy)
        for code in (
            "digital-participant-rate",
            "digital-participant-age-share",
            "digital-participation-count",
            "online-event-count",
            "online-event-participants",
            "online-event-participant-rate",
        )
    }


def test_a_waitlisted_then_cancelled_sign_up_adds_nothing(parks):
    fy = fiscal_year(timezone.now())
    event = workshop(parks, online=1, hall=1)
    services.register_for_workshop(event, person=resident_aged(25), user=None, mode="online")
    services.register_for_workshop(event, person=resident_aged(45), user=None, mode="in_person")
    before = figures(fy)
    assert before == {
        "digital-participant-rate": 50.0,
        "digital-participant-age-share": 100.0,
        "digital-participation-count": 1,
        "online-event-count": 1,
        "online-event-participants": 1,
        "online-event-participant-rate": 50.0,
    }

    waiting = services.register_for_workshop(event, person=resident_aged(35), user=None, mode="online")
    assert waiting.status == "waiting"
    assert figures(fy) == before  # waitlisted: not (yet) taking part
    services.cancel_registration(waiting, by=None)
    assert figures(fy) == before  # and then cancelled: never took part
    assert compute(process=parks, fiscal_year=fy).participants == 2  # the participation page agrees


def test_a_cancelled_confirmed_sign_up_is_taken_back_and_the_next_in_line_counts(parks):
    fy = fiscal_year(timezone.now())
    event = workshop(parks, online=1, hall=0)
    first = services.register_for_workshop(event, person=resident_aged(25), user=None, mode="online")
    services.register_for_workshop(event, person=resident_aged(65), user=None, mode="online")  # waits
    services.cancel_registration(first, by=None)  # the 60s resident moves up
    assert metrics.get("online-event-participants").value(fy) == 1
    assert metrics.get("digital-participant-rate").breakdown(fy, None) == {"60s": 100.0}


def test_a_support_click_alone_is_not_participation_in_the_plans_figures(parks, proposal, survey):
    fy = fiscal_year(timezone.now())
    clicker, answerer = resident_aged(22), resident_aged(72)
    services.support_proposal(proposal, person=clicker, user=resident_user(clicker))
    assert figures(fy)["digital-participant-rate"] is None  # nobody has taken part yet
    services.answer_survey(survey, person=answerer, user=resident_user(answerer), answers={})
    services.enter_paper_answer(survey, by=None, channel="postal", answers={}, age_band="40s")
    assert metrics.get("digital-participant-rate").value(fy) == 50.0  # 1 online of 2, the click left out
    assert metrics.get("digital-participant-age-share").value(fy) == 0.0  # the online one is in their 70s
    assert compute(process=parks, fiscal_year=fy).participants == 3  # the page still shows all activity


def test_online_events_are_counted_in_the_year_they_are_held(parks):
    start = datetime.datetime(2025, 3, 31, 14, 0, tzinfo=datetime.UTC)  # 3/31 23:00 JST
    workshop(parks, fmt=Workshop.Format.ONLINE, starts_at=start)
    workshop(parks, fmt=Workshop.Format.IN_PERSON, starts_at=start)
    workshop(parks, fmt=Workshop.Format.HYBRID, starts_at=start + datetime.timedelta(hours=2))  # 4/1
    count = metrics.get("online-event-count")
    assert (count.value(2024), count.value(2025)) == (1, 1)
    assert [r.counted for r in count.drill(2024, None)] == [True, False]


def test_people_not_sign_ups_in_the_event_share(parks):
    fy = fiscal_year(timezone.now())
    person = resident_aged(30)
    services.register_for_workshop(workshop(parks), person=person, user=None, mode="online")
    services.register_for_workshop(workshop(parks), person=person, user=None, mode="in_person")
    services.register_for_workshop(workshop(parks), person=resident_aged(50), user=None, mode="in_person")
    assert metrics.get("online-event-participants").value(fy) == 1
    assert metrics.get("online-event-participant-rate").value(fy) == 50.0  # 1 of 2 people
    assert metrics.get("online-event-participant-rate").breakdown(fy, None) == {"online": 1, "in_person": 1}
