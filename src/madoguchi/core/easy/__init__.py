"""やさしい日本語 (plan 1-エ): hand-written easy-Japanese versions of the key pages.

やさしい日本語 is Japanese (`<html lang="ja">` stays), so it is not a Django language but a mode
of Japanese: the language switcher offers it as 「やさしい日本語」, which sets Django's language
to ja and the cookie below (`?easy=on|off` on any page does the same). In this mode furigana is
always on (middleware.py), and a key page shows its easy text where one exists; a page without
one says so in one short easy notice.

The texts are reviewed data files, one per page or item, in content/<kind>/<key>.md:

    ---
    title: じどう てあて（こどもの ための お金）        # optional, shown as the heading
    written_by: …
    reviewed_by: …                                    # who checked it against the guideline
    reviewed_on: 2026-12-04
    ---
    Markdown body: short sentences, です・ます, difficult words explained.

Kinds: `page` (home, counter, disaster, lifeevents), `procedure` (by procedure code),
`lifeevent` (by event code), `faq` (the assistant's FAQ key). They follow 出入国在留管理庁・文化庁
「在留支援のためのやさしい日本語ガイドライン」; tests/test_easy.py checks every file against the
measurable parts of it (sentence length, no stacked honorifics, reviewer and date present).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from markdown_it import MarkdownIt

COOKIE = "madoguchi_easy"
CHOICES = {"on", "off"}
LANGUAGE_VALUE = "ja-easy"  # the switcher's option for やさしい日本語
CONTENT = Path(__file__).resolve().parent / "content"
KINDS = ("page", "procedure", "lifeevent", "faq")
REQUIRED = ("reviewed_by", "reviewed_on")

_FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


@dataclass(frozen=True)
class EasyText:
    kind: str
    key: str
    title: str
    body: str  # Markdown
    reviewed_by: str
    reviewed_on: datetime.date | None
    written_by: str = ""

    @property
    def html(self) -> SafeString:
        # raw HTML in the files is escaped (html=False): the files are data, not templates
        return mark_safe(_markdown.render(self.body))  # noqa: S308

    @property
    def plain(self) -> str:
        """The body as text without Markdown marks (the assistant's answer cards, the checks)."""
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", self.body)
        text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.M)
        text = re.sub(r"^#+\s*", "", text, flags=re.M)
        return text.replace("**", "").strip()


def parse(kind: str, key: str, source: str) -> EasyText:
    match = _FRONT.match(source.replace("\r\n", "\n"))
    if not match:
        raise ValueError(f"{kind}/{key}: the file must start with a --- front matter block")
    meta = yaml.safe_load(match.group(1)) or {}
    reviewed_on = meta.get("reviewed_on")
    if isinstance(reviewed_on, str):
        reviewed_on = datetime.date.fromisoformat(reviewed_on)
    return EasyText(
        kind=kind,
        key=key,
        title=str(meta.get("title") or ""),
        body=match.group(2).strip(),
        reviewed_by=str(meta.get("reviewed_by") or ""),
        reviewed_on=reviewed_on,
        written_by=str(meta.get("written_by") or ""),
    )


@cache
def _texts(kind: str) -> dict[str, EasyText]:
    if kind not in KINDS:
        return {}
    folder = CONTENT / KINDS[KINDS.index(kind)]  # a plain str: a template literal is a SafeString
    if not folder.is_dir():
        return {}
    return {
        path.stem: parse(folder.name, path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.md"))
    }


def all_texts() -> list[EasyText]:
    return [text for kind in KINDS for text in _texts(kind).values()]


def easy_text(kind: str, key: str) -> EasyText | None:
    """The reviewed easy version of one page or item, or None when it has none (yet)."""
    if not key:
        return None
    return _texts(str(kind)).get("".join(str(key)))


def is_on(request) -> bool:
    """The resident chose やさしい日本語 (and the page is in Japanese)."""
    if request is None:
        return False
    if hasattr(request, "easy"):
        return bool(request.easy)
    return wanted(request) and (get_language() or "ja").startswith("ja")


def wanted(request) -> bool:
    choice = request.GET.get("easy")
    if choice in CHOICES:
        return choice == "on"
    return request.COOKIES.get(COOKIE) == "on"


def remember(response, request, on: bool) -> None:
    response.set_cookie(
        COOKIE, "on" if on else "off", max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
    )
