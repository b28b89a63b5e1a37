"""Life events in the site search (core.search): each event's title and description, in the
reader's language and in Japanese (a Japanese word finds the event in English mode too)."""

from django.urls import reverse
from django.utils import translation

from madoguchi.core.search import HEADINGS, Found, Query, SearchHit, SearchSource, ranked

from .services import life_events


def _fields(event) -> tuple:
    with translation.override("ja"):
        title, description = str(event.title), str(event.description)
    return ((str(event.title), 3), (title, 3), (str(event.description), 1), (description, 1))


def _hit(event, score: float) -> SearchHit:
    return SearchHit(
        title=str(event.title),
        url=reverse("lifeevents:questions", args=[event.code]),
        summary=str(event.description),
        score=score,
    )


def find(query: Query, limit: int) -> Found:
    return ranked(life_events(), lambda c: query.score(*_fields(c)), _hit, limit)


SOURCE = SearchSource(
    code="lifeevents",
    title=HEADINGS["lifeevents"],
    find=find,
    more_url=lambda _text: reverse("lifeevents:index"),
    order=20,
)
