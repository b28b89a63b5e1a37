"""The furigana switch (ふりがな, plan 1-エ): every public page's Japanese text with readings.

`?furigana=on` (or `off`) on any page sets the choice and remembers it in a cookie; the header's
switch links to it. When on, the HTML of a Japanese public page is rewritten on its way out: the
text between tags gets <ruby> readings (`core.japanese.furigana`); tags and attributes are left
as they are, and so is the text of elements where ruby does not belong or is already there
(scripts, styles, form values and options, the title, code, existing ruby). Staff pages, the
admin and anything that is not HTML pass through untouched.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from django.conf import settings
from django.utils.cache import patch_vary_headers

from .japanese.furigana import KANJI_RE, ruby_html

COOKIE = "madoguchi_furigana"
CHOICES = {"on", "off"}
NOT_PUBLIC = ("/admin/", "/api/")


def is_staff_path(path: str) -> bool:
    """Staff pages live under /staff/ or an app's own staff/ (/opendata/staff/, /plan/staff/)."""
    return path.startswith(NOT_PUBLIC) or "/staff/" in path


_SKIPPED = "script|style|textarea|title|select|option|ruby|code|pre|svg|template|noscript"
_PIECES = re.compile(rf"(<!--.*?-->|<({_SKIPPED})\b.*?</\2\s*>|<[^>]*>)", re.S | re.I)


def is_on(request) -> bool:
    choice = request.GET.get("furigana")
    if choice in CHOICES:
        return choice == "on"
    return request.COOKIES.get(COOKIE) == "on"


@lru_cache(maxsize=1)
def city_code() -> str:
    from .models import Municipality

    city = Municipality.objects.order_by("pk").first()
    return city.code if city else ""


def add_ruby(page: str, city_code: str = "") -> str:
    """The page with ruby on the text of its <body>."""
    start = page.find("<body")
    if start < 0:
        return page
    head, body = page[:start], page[start:]
    out = []
    for n, piece in enumerate(_PIECES.split(body)):
        # split() yields text, then the tag and the skipped element's name, repeating
        if n % 3 == 0 and KANJI_RE.search(piece):
            out.append(ruby_html(html.unescape(piece), city_code))
        elif n % 3 != 2 and piece:
            out.append(piece)
    return head + "".join(out)


class FuriganaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.furigana_offered = not is_staff_path(request.path)  # the header's switch
        request.furigana = is_on(request)
        response = self.get_response(request)
        choice = request.GET.get("furigana")
        if choice in CHOICES:
            response.set_cookie(
                COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
            )
        if not self._is_public_page(request, response):
            return response
        patch_vary_headers(response, ("Cookie",))
        if request.furigana and (getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE).startswith(
            "ja"
        ):
            charset = response.charset or "utf-8"
            response.content = add_ruby(response.content.decode(charset), city_code()).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response

    @staticmethod
    def _is_public_page(request, response) -> bool:
        return (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not is_staff_path(request.path)
        )
