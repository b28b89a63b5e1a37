"""The catalog in the site search (core.search): published procedures, by name, reading,
keywords and description, Japanese and English; labelled with the ways to apply."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from madoguchi.core.search import HEADINGS, Found, Query, SearchHit, SearchSource, ranked

from .services import search_procedures
from .ways import channel_labels


def _fields(procedure) -> tuple:
    return (
        (procedure.name, 3),
        (procedure.name_en, 3),
        (procedure.kana, 2),
        (" ".join(procedure.keywords or []), 2),
        (procedure.description, 1),
        (procedure.description_en, 1),
    )


def _hit(procedure, score: float) -> SearchHit:
    return SearchHit(
        title=procedure.localized_name(),
        url=reverse("procedures:detail", args=[procedure.code]),
        summary=procedure.localized_description(),
        label=("・" if translation.get_language() == "ja" else ", ").join(
            str(label) for _code, label in channel_labels(procedure)
        ),
        score=score,
    )


def find(query: Query, limit: int) -> Found:
    return ranked(search_procedures(""), lambda c: query.score(*_fields(c)), _hit, limit)


def more_url(text: str) -> str:
    return reverse("procedures:list") + "?" + urlencode({"q": text})


SOURCE = SearchSource(code="procedures", title=HEADINGS["procedures"], find=find, more_url=more_url, order=10)
