"""The counter's public entry point (issue 15): other apps and the counter's own views use
`counter.services`, a package whose `__all__` names what exists; the Event verbs keep their
values (process mining and the wait indicators read the stored Events)."""

from madoguchi.counter import services
from madoguchi.lifeevents import services as lifeevents


def test_every_public_name_exists():
    assert services.__all__
    missing = [name for name in services.__all__ if not hasattr(services, name)]
    assert not missing


def test_the_old_names_are_still_there():
    """The split along the banners re-exports what callers used from the single module."""
    for name in ("issue_ticket", "call_next", "current_waits", "reserve_visit", "send_reminders"):
        assert name in services.__all__
    for name in ("start_counter_session", "confirm_session", "wait_statistics", "channel_share"):
        assert name in services.__all__


def test_event_verbs_keep_their_values():
    assert sorted(services.Verb.values) == [
        "counter_session_checking",
        "counter_session_confirmed",
        "counter_session_started",
        "reservation_booked",
        "reservation_cancelled",
        "reservation_changed",
        "reservation_reminded",
        "ticket_called",
        "ticket_completed",
        "ticket_issued",
        "ticket_no_show",
        "ticket_serving",
        "ticket_transferred",
    ]


def test_lifeevents_gives_the_counter_what_it_asks():
    events = lifeevents.life_events()
    assert [event.order for event in events] == sorted(event.order for event in events)
    tennyu = lifeevents.get_event("tennyu")
    assert [q.code for q in lifeevents.questions_for(tennyu)] == list(tennyu.questions)
    assert "子" in str(lifeevents.question_text("children"))
    missing = [name for name in lifeevents.__all__ if not hasattr(lifeevents, name)]
    assert not missing
