"""Published participation processes in the site search (core.search): title, summary and
description (held in Japanese only), labelled with the current phase."""

from django.urls import reverse
from django.utils.translation import get_language

from madoguchi.core.search import HEADINGS, Found, Query, SearchHit, SearchSource, ranked

from .models import Process


def _fields(process) -> tuple:
    return ((process.title, 3), (process.summary, 2), (process.description, 1))


def _hit(process, score: float) -> SearchHit:
    return SearchHit(
        title=process.title,
        url=process.get_absolute_url(),
        summary=process.summary,
        label=str(process.get_phase_display()),
        score=score,
        lang="" if (get_language() or "ja").startswith("ja") else "ja",  # held in Japanese only
    )


def find(query: Query, limit: int) -> Found:
    processes = Process.objects.filter(is_published=True).order_by("-created_at", "pk")
    return ranked(processes, lambda c: query.score(*_fields(c)), _hit, limit)


SOURCE = SearchSource(
    code="participation",
    title=HEADINGS["participation"],
    find=find,
    more_url=lambda _text: reverse("participation:index"),
    order=50,
)
