"""The language switch that knows やさしい日本語, and the disaster information page."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import LANGUAGE_VALUE, remember


@require_POST
def set_language(request):
    """Django's set_language, plus one choice: 「やさしい日本語」 is Japanese with the easy cookie.

    Any other language turns easy mode off, so switching back to 日本語 gives the usual pages.
    """
    easy = request.POST.get("language") == LANGUAGE_VALUE
    request.POST = request.POST.copy()
    if easy:
        request.POST["language"] = settings.LANGUAGE_CODE.split("-")[0] or "ja"
    if "next" in request.POST:  # the page kept, but not an ?easy= that would undo the choice
        request.POST["next"] = _without_easy(request.POST["next"])
    response = django_set_language(request)
    remember(response, request, easy)
    return response


def _without_easy(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "easy"]
    return urlunsplit(parts._replace(query=urlencode(query)))


def disaster(request):
    """災害のときの情報: where to go, what to do, whom to call; the shelters from the open data."""
    return render(request, "core/disaster.html")
