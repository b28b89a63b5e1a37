"""サイト内検索: one search box in the header over what every app publishes.

Apps register a `SearchSource` in their `AppConfig.ready` (procedures, life events, FAQ, datasets,
participation, the city's own pages), so core imports none of them. Each source reads its own
records through its own services and ranks them with `Query.score`, which folds a query the way
residents type it:

- width and case: NFKC (ｼﾞｭｳﾐﾝﾋｮｳ → ジュウミンヒョウ, ＡＢＣ → abc), lower case;
- words: SudachiPy (core.japanese.sudachi), fine and coarse units, surface and normalised form
  (申込 and 申し込み meet);
- readings: kana typed for kanji meets the kanji's reading (じゅうみんひょう finds 住民票の写し),
  hiragana and katakana alike.

Every word of the query must match one of a hit's fields; a title counts more than a body.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import pgettext_lazy

from .japanese import sudachi
from .japanese.text import to_fullwidth_katakana
from .registry import Registry

MAX_QUERY = 100  # characters of a query kept (a search box, not a document)
MAX_FIELD = 2000  # characters of a field analysed (titles and summaries; a long body is cut)

_SKIP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号"})
_SPACE_RE = re.compile(r"\s+")
_KANA_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ffｦ-ﾟ]+")
_NOT_READING = str.maketrans({"ー": None, "・": None, " ": None})


def fold(text: str) -> str:
    """NFKC, lower case, one space for any run of whitespace (全角スペース too)."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().lower()


@dataclass(frozen=True)
class Analysed:
    """One text as search sees it: folded, its word forms and its reading in katakana."""

    text: str
    terms: frozenset[str]
    reading: str


def _reading(morpheme) -> str:
    reading = morpheme.reading_form() or ""
    if not reading or reading == "キゴウ":  # Sudachi reads symbols as キゴウ
        reading = morpheme.surface()
    return to_fullwidth_katakana(reading)


@functools.lru_cache(maxsize=8192)
def analyse(text: str) -> Analysed:
    """Folded text, its terms (fine and coarse Sudachi units, surface and normalised form, no
    particles or symbols) and its reading (every unit's katakana reading, without ー・)."""
    from sudachipy import SplitMode

    folded = fold(text)[:MAX_FIELD]
    if not folded:
        return Analysed("", frozenset(), "")
    terms: set[str] = set()
    readings: list[str] = []
    tokenizer = sudachi.tokenizer()
    for mode in (SplitMode.C, SplitMode.A):
        for morpheme in tokenizer.tokenize(folded, mode):
            if mode is SplitMode.C:
                readings.append(_reading(morpheme))
            if morpheme.part_of_speech()[0] in _SKIP_POS:
                continue
            for form in (morpheme.surface(), morpheme.normalized_form()):
                form = fold(form)
                if form:
                    terms.add(form)
    return Analysed(folded, frozenset(terms), "".join(readings).translate(_NOT_READING))


@dataclass(frozen=True)
class _Word:
    """One word of the query (split at spaces): as typed, its terms, its reading."""

    text: str
    terms: frozenset[str]
    reading: str

    def match(self, target: Analysed) -> float:
        """How well this word matches one field: 1 as typed, 0.9 all its terms, 0.8 its reading,
        a part for some of its terms, 0 not at all."""
        if not target.text:
            return 0.0
        if self.text in target.text:
            return 1.0
        best = 0.0
        if self.terms:
            shared = len(self.terms & target.terms) / len(self.terms)
            best = 0.9 if shared == 1 else (0.5 * shared if shared >= 0.5 else 0.0)
        if len(self.reading) >= 2 and self.reading in target.reading:
            best = max(best, 0.8)
        return best


@dataclass(frozen=True)
class Query:
    """A resident's query, folded and analysed once; `score` ranks one candidate."""

    text: str
    words: tuple[_Word, ...] = ()

    @classmethod
    def parse(cls, raw: str) -> Query:
        text = fold(raw)[:MAX_QUERY]
        words = []
        for part in text.split(" "):
            if not part:
                continue
            analysed = analyse(part)
            if _KANA_RE.fullmatch(part):
                reading = to_fullwidth_katakana(part).translate(_NOT_READING)
            else:
                reading = analysed.reading
            words.append(_Word(part, analysed.terms, reading))
        return cls(text, tuple(words))

    def __bool__(self) -> bool:
        return bool(self.words)

    def score(self, *fields: tuple[str, float]) -> float:
        """Σ over the query's words of the best (weight × match) among ``fields`` — pairs of
        (text, weight), e.g. (title, 3), (keywords, 2), (body, 1) — or 0 when a word matches
        none of them (every word must be found)."""
        analysed = [(analyse(text), weight) for text, weight in fields if text]
        total = 0.0
        for word in self.words:
            best = max((weight * word.match(target) for target, weight in analysed), default=0.0)
            if best <= 0:
                return 0.0
            total += best
        return total


@dataclass(frozen=True)
class SearchHit:
    """One result: what it is called, where it is, a line about it and a short label
    (オンライン申請できます, 担当課…), already in the reader's language."""

    title: str
    url: str
    summary: str = ""
    label: str = ""
    score: float = 0.0
    lang: str = ""  # "ja" when the city holds this text in Japanese only (read so by screen readers)


@dataclass(frozen=True)
class Found:
    """A source's answer: the best `hits` (at most the limit asked for) and how many matched."""

    hits: list[SearchHit] = field(default_factory=list)
    count: int = 0


@dataclass(frozen=True)
class SearchSource:
    """What an app lets the site search find. ``find(query, limit)`` returns a `Found`;
    ``more_url(text)`` (optional) is the app's own search or list for the same words."""

    code: str
    title: Any  # lazy-translated: the heading of this kind of result (手続, よくある質問…)
    find: Callable[[Query, int], Found]
    more_url: Callable[[str], str] | None = None
    order: int = 100


search_sources: Registry[SearchSource] = Registry("search source")

# The headings of the kinds of result, in core's catalog so every language says them in the plural
# ("Procedures"); a source passes ``HEADINGS[code]`` as its title.
HEADINGS = {
    "procedures": pgettext_lazy("site search", "手続"),
    "lifeevents": pgettext_lazy("site search", "ライフイベント"),
    "faq": pgettext_lazy("site search", "よくある質問"),
    "datasets": pgettext_lazy("site search", "オープンデータ"),
    "participation": pgettext_lazy("site search", "市民参加"),
    "pages": pgettext_lazy("site search", "市のご案内"),
}


def ranked(
    candidates, score: Callable[[Any], float], hit: Callable[[Any, float], SearchHit], limit: int
) -> Found:
    """The common case of a source: ``score`` each candidate (e.g. ``query.score(*fields)``), keep
    those above 0, best first (ties in the candidates' own order), and build the first ``limit`` hits."""
    scored = [(value, index, c) for index, c in enumerate(candidates) if (value := score(c)) > 0]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return Found(hits=[hit(c, value) for value, _index, c in scored[:limit]], count=len(scored))


@dataclass(frozen=True)
class Group:
    """One kind of result on the results page."""

    source: SearchSource
    found: Found

    @property
    def code(self) -> str:
        return self.source.code

    @property
    def count(self) -> int:
        return self.found.count

    @property
    def hits(self) -> list[SearchHit]:
        return self.found.hits


def site_search(text: str, *, limit: int = 5, only: str = "") -> list[Group]:
    """Every source's results for ``text`` (those with none left out), in the sources' order;
    ``only`` narrows to one source's code."""
    query = Query.parse(text)
    if not query:
        return []
    groups = []
    for source in sorted(search_sources, key=lambda s: (s.order, s.code)):
        if only and source.code != only:
            continue
        found = source.find(query, limit)
        if found.count:
            groups.append(Group(source, found))
    return groups
