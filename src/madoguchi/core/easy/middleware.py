"""Puts the やさしい日本語 choice on the request; in that mode furigana is always on.

It sits after FuriganaMiddleware (which reads `request.furigana` on the way out, so setting it
here turns the readings on) and after LocaleMiddleware (easy mode is for Japanese pages only).
"""

from __future__ import annotations

from ..furigana import is_staff_path
from . import CHOICES, remember, wanted


class EasyJapaneseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request, "LANGUAGE_CODE", "") or "ja"
        request.easy_offered = not is_staff_path(request.path)  # the switcher's option: public pages only
        request.easy = wanted(request) and language.startswith("ja") and request.easy_offered
        if request.easy:
            request.furigana = True  # the guideline: furigana on every kanji
            request.furigana_offered = False  # nothing to switch off: the header shows no furigana link
        response = self.get_response(request)
        choice = request.GET.get("easy")
        if choice in CHOICES:
            remember(response, request, choice == "on")
        return response
