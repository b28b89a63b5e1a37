"""The retrieval index: three BM25 fields over every answerable Doc, built lazily per process and
rebuilt when the knowledge changes.

Fields (weights in WEIGHTS):
  q  the ways a thing is asked: title, FAQ question and variants (words: normalised forms,
     readings, synonym groups)
  a  the answer text (same words, less weight)
  n  character bigrams over the readings of q: typos and kana the dictionary splits oddly

Version: a stamp in the shared cache; every change to FAQs, synonyms, procedures or counter
categories writes a new stamp (`invalidate`), and the next question in any process rebuilds.
Confidence (0–1) is how much of the question the top answer covers, each word weighted by its
rarity: a question about something the city never wrote about covers little.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import uuid
from dataclasses import dataclass

import bm25s
import numpy as np
from django.core.cache import cache

from .normalise import Word, analyse, fold, katakana, ngrams
from .sources import Doc, all_docs, synonym_groups

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

VERSION_KEY = "assistant:index-version"
_KANA_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ffー]+")
CANDIDATES = 12  # re-ranked by how well question and answer cover each other
WEIGHTS = {"q": 1.0, "a": 0.25, "n": 0.35}
_lock = threading.Lock()


class Synonyms:
    """Synonym groups as one regex over surfaces and one over readings: a text containing any
    term of group i gets the token "=i"."""

    def __init__(self, groups: list[list[str]]):
        surfaces: dict[str, int] = {}
        readings: dict[str, int] = {}
        for number, terms in enumerate(groups):
            for term in terms:
                folded = fold(term)
                if folded:
                    surfaces.setdefault(folded, number)
                    surfaces.setdefault(katakana(folded), number)
                reading = analyse(term).reading
                if len(reading) >= 3:
                    readings.setdefault(reading, number)
        self.surfaces, self.readings = surfaces, readings
        self._surface_re = _alternation(surfaces)
        self._reading_re = _alternation(readings)

    def tokens(self, text: str, reading: str) -> set[str]:
        found: set[str] = set()
        if self._surface_re is not None:
            folded = fold(text)
            for match in self._surface_re.finditer(folded):
                found.add(f"={self.surfaces[match.group()]}")
            for match in self._surface_re.finditer(katakana(folded)):
                found.add(f"={self.surfaces[match.group()]}")
        if self._reading_re is not None and reading:
            for match in self._reading_re.finditer(reading):
                found.add(f"={self.readings[match.group()]}")
        return found


def _alternation(terms: dict[str, int]) -> re.Pattern | None:
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))


@dataclass
class Built:
    version: str
    docs: list[Doc]
    fields: dict[str, bm25s.BM25]
    terms: list[frozenset[str]]  # per doc: words of q (for confidence)
    body_terms: list[frozenset[str]]  # per doc: words of a
    grams: list[frozenset[str]]  # per doc: bigrams of q's readings
    asked: list[tuple[tuple[frozenset[str], ...], ...]]  # per doc, per way of asking: its words' forms
    idf: dict[str, float]
    synonyms: Synonyms
    groups: list[list[str]]
    fields_by_doc: dict[tuple, tuple]  # a doc's texts → its analysed fields (reused by the next build)


def _doc_fields(doc: Doc, synonyms: Synonyms) -> tuple[list[str], list[str], list[str], tuple]:
    q: list[str] = []
    n: list[str] = []
    asked = []
    for text in dict.fromkeys([doc.title, *doc.questions]):
        if not text:
            continue
        analysis = analyse(text)
        q.extend(analysis.terms)
        q.extend(synonyms.tokens(text, analysis.reading))
        n.extend(ngrams(analysis.reading))
        asked.append(
            tuple(w.forms | synonyms.tokens(w.surface, w.reading) for w in analysis.words if w.forms)
        )
    a: list[str] = []
    for text in (doc.body or doc.answer, doc.answer_en):
        if text:
            analysis = analyse(text)
            a.extend(analysis.terms)
            a.extend(synonyms.tokens(text, analysis.reading))
    return q, a, n, tuple(asked)


def _bm25(corpus: list[list[str]]) -> bm25s.BM25:
    retriever = bm25s.BM25(k1=1.2, b=0.6)
    retriever.index([tokens or [""] for tokens in corpus], show_progress=False)
    return retriever


def _doc_key(doc: Doc) -> tuple:
    return (doc.title, tuple(doc.questions), doc.body or doc.answer, doc.answer_en)


def build(
    docs: list[Doc], groups: list[list[str]], version: str = "", previous: Built | None = None
) -> Built:
    """The index over `docs`. A doc whose texts are unchanged since `previous` (same synonyms)
    keeps its analysed fields, so an edit re-analyses only what changed."""
    synonyms = Synonyms(groups)
    reuse = previous.fields_by_doc if previous is not None and previous.groups == groups else {}
    fields_by_doc: dict[tuple, tuple] = {}
    qs, as_, ns, askeds = [], [], [], []
    for doc in docs:
        key = _doc_key(doc)
        found = reuse.get(key) or fields_by_doc.get(key) or _doc_fields(doc, synonyms)
        fields_by_doc[key] = found
        q, a, n, asked = found
        qs.append(q)
        as_.append(a)
        ns.append(n)
        askeds.append(asked)
    total = max(len(docs), 1)
    frequency: dict[str, int] = {}
    for q, a in zip(qs, as_, strict=True):
        for term in set(q) | set(a):
            frequency[term] = frequency.get(term, 0) + 1
    idf = {term: math.log(1 + (total - f + 0.5) / (f + 0.5)) for term, f in frequency.items()}
    return Built(
        version=version,
        docs=docs,
        fields={"q": _bm25(qs), "a": _bm25(as_), "n": _bm25(ns)},
        terms=[frozenset(q) for q in qs],
        body_terms=[frozenset(a) for a in as_],
        grams=[frozenset(n) for n in ns],
        asked=askeds,
        idf=idf,
        synonyms=synonyms,
        groups=groups,
        fields_by_doc=fields_by_doc,
    )


_built: Built | None = None


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY) or version
    return version


def invalidate(**_ignored) -> None:
    """Knowledge changed: every process rebuilds before its next answer."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def get_index() -> Built:
    global _built
    version = current_version()
    built = _built
    if built is not None and built.version == version:
        return built
    with _lock:
        if _built is None or _built.version != version:
            _built = build(all_docs(), synonym_groups(), version, previous=_built)
        return _built


def _scores(retriever: bm25s.BM25, tokens: list[str], size: int) -> np.ndarray:
    known = [t for t in dict.fromkeys(tokens) if t in retriever.vocab_dict]
    if not known:
        return np.zeros(size, dtype=np.float32)
    return retriever.get_scores(known)


def _word_cover(word: Word, terms: frozenset[str], grams: frozenset[str]) -> float:
    if word.forms & terms:
        return 1.0
    parts = [p for p in word.parts if p]
    part_share = sum(1 for p in parts if p & terms) / len(parts) if parts else 0.0
    word_grams = ngrams(word.reading)
    gram_share = sum(1 for g in word_grams if g in grams) / len(word_grams) if word_grams else 0.0
    # a typo keeps most bigrams of a long word; a short word's few bigrams meet by chance
    needed = 1.0 if len(word_grams) <= 2 else 0.6
    gram_share = gram_share if gram_share >= needed else 0.0
    # kanji typed and not found: its reading's bigrams met elsewhere are weak evidence (天気 vs 転居);
    # a kana typo is what the bigrams are for
    weight = 0.9 if _KANA_RE.fullmatch(word.surface or "") else 0.5
    return max(part_share, gram_share * weight)


def confidence(index: Built, doc_index: int, words: list[Word]) -> float:
    if not words:
        return 0.0
    terms, body, grams = index.terms[doc_index], index.body_terms[doc_index], index.grams[doc_index]
    rare = max(index.idf.values(), default=1.0)
    total = covered = 0.0
    for word in words:
        weight = max((index.idf.get(f, 0.0) for f in word.forms), default=0.0) or rare
        total += weight
        cover = _word_cover(word, terms, grams)
        if cover < 1.0 and word.forms & body:
            cover = max(cover, 0.6)
        covered += weight * cover
    return covered / total if total else 0.0


def search(question: str, limit: int = 3) -> list[tuple[Doc, float, float]]:
    """The best `limit` docs for `question`: (doc, combined BM25 score, confidence 0–1)."""
    index = get_index()
    if not index.docs:
        return []
    analysis = analyse(question)
    syn = index.synonyms.tokens(question, analysis.reading)
    tokens = [*analysis.terms, *sorted(syn)]
    if not tokens:
        return []
    size = len(index.docs)
    combined = WEIGHTS["q"] * _scores(index.fields["q"], tokens, size)
    combined = combined + WEIGHTS["a"] * _scores(index.fields["a"], tokens, size)
    combined = combined + WEIGHTS["n"] * _scores(index.fields["n"], ngrams(analysis.reading), size)
    if not combined.any():
        return []
    count = min(CANDIDATES, size)
    top = np.argpartition(-combined, count - 1)[:count]
    top = [int(i) for i in top if combined[i] > 0]
    if not top:
        return []
    best = float(max(combined[i] for i in top))
    # A synonym group counts as covered when the doc has it, whichever word the doc used.
    words = [
        Word(w.forms | index.synonyms.tokens(w.surface, w.reading), w.reading, w.parts, w.surface, w.normal)
        for w in analysis.words
    ]
    query_forms = frozenset().union(*(w.forms for w in words)) | frozenset(analysis.terms)
    ranked = []
    for doc_index in top:
        cover = confidence(index, doc_index, words)
        fit = _asked_fit(index.asked[doc_index], query_forms)
        rank = 0.45 * cover + 0.35 * float(combined[doc_index]) / best + 0.2 * fit
        ranked.append((rank, doc_index, cover))
    ranked.sort(key=lambda item: -item[0])
    results: list[tuple[Doc, float, float]] = []
    faq_procedures = {code for _r, i, _c in ranked for code in index.docs[i].linked}
    for rank, doc_index, cover in ranked:
        doc = index.docs[doc_index]
        # an FAQ linking a procedure already carries its page and "start online"
        if doc.source == "procedure" and doc.procedure_slug in faq_procedures:
            continue
        results.append((doc, rank, cover))
    return results[:limit]


def _asked_fit(asked: tuple[tuple[frozenset[str], ...], ...], query_forms: frozenset[str]) -> float:
    """How much of the closest way of asking this doc the question says (子どものカード is less
    of a fit than カード for 「カードを作りたい」)."""
    fit = 0.0
    for words in asked:
        if words:
            fit = max(fit, sum(1 for forms in words if forms & query_forms) / len(words))
    return fit
