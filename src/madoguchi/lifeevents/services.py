"""What other apps may use of the life-event navigator (the counter's reservations and its
no-writing counter): the events, their questions, the checklist for a household's answers, and
the answers the resident register already gives.

The navigator changes no state, so there are no operations here, only reads over `rules`.
"""

from __future__ import annotations

from .rules import (
    EVENTS,
    QUESTIONS,
    LifeEvent,
    PlannedItem,
    Question,
    answers_from_household,
    get_event,
    plan_for,
)

__all__ = [
    "LifeEvent",
    "PlannedItem",
    "Question",
    "answers_from_household",
    "get_event",
    "life_events",
    "plan_for",
    "question_text",
    "questions_for",
]


def life_events() -> list[LifeEvent]:
    """Every life event, in the order the navigator shows them."""
    return sorted(EVENTS, key=lambda event: event.order)


def questions_for(event: LifeEvent) -> list[Question]:
    """The questions asked about the household for this event, in order."""
    return [QUESTIONS[code] for code in event.questions]


def question_text(code: str) -> str:
    """The question `code` as shown to the resident (for a summary of their answers)."""
    return QUESTIONS[code].text
