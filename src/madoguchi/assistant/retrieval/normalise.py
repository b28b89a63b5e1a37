"""How residents type, folded so the same question meets the same FAQ.

- width and case: NFKC (ﾏｲﾅﾝﾊﾞｰ → マイナンバー, ＡＢＣ → abc), lower case
- words: SudachiPy, coarse (mode C) and fine (mode A) units, each as its normalised form
  (申込 → 申し込み) and its katakana reading (もうしこみ and 申込 both read モウシコミ)
- particles, auxiliaries, symbols and a few empty words (ください, 教える…) are dropped
- typos and kana the dictionary splits oddly: character bigrams over the reading of the kept
  words, a second field the index scores separately

The Sudachi tokenizer is loaded once per process (the dictionary takes ~100 ms to open); Sudachi
tokenizers are not thread-safe, so each thread gets its own.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

SKIP_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号"})
# Words that say nothing about the topic (what residents wrap a question in).
STOP_WORDS = frozenset(
    {
        "為る",
        "する",
        "ある",
        "有る",
        "居る",
        "いる",
        "成る",
        "なる",
        "呉れる",
        "くれる",
        "下さる",
        "くださる",
        "教える",
        "知る",
        "知れる",
        "思う",
        "分かる",
        "わかる",
        "言う",
        "いう",
        "出来る",
        "できる",
        "こと",
        "事",
        "もの",
        "物",
        "よう",
        "様",
        "ため",
        "為",
        "どう",
        "何",
        "なに",
        "なん",
        "ん",
        "の",
        "です",
        "ます",
        "お願い",
        "願う",
        "すみません",
        "済みません",
        "ちょっと",
        "一寸",
        "今",
        "私",
        "僕",
        "俺",
        "自分",
        "ほしい",
        "欲しい",
        "良い",
        "いい",
        "よい",
        "それ",
        "これ",
        "此れ",
        "其れ",
        "あの",
        "その",
        "この",
        "さん",
        "的",
        "について",
        "場合",
        "けど",
        "けれど",
        "こんにちは",
        "今日は",
        "こんばんは",
        "ありがとう",
        "有り難う",
        "よろしく",
        "宜しく",
        "はい",
        "いいえ",
        "please",
        "the",
        "a",
        "an",
        "is",
        "to",
        "i",
        "how",
        "do",
        "can",
        "what",
        "my",
        "of",
        "for",
        "in",
        "where",
        "when",
        "want",
    }
)
_SPACE_RE = re.compile(r"\s+")
_HIRA_TO_KATA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_LONG_VOWEL = str.maketrans({"ー": "", "ｰ": "", "-": ""})
_CHUNK_RE = re.compile(r"[^\s]+")
_KANA_ONLY_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ffー]+")
# how a kana-typed request ends (…したいです): left out of the run read as one katakana word
_ENDING_RE = re.compile(
    r"(したいんですけど|したいんですが|したいです|したい|しました|します|したら|ください|たいです|たい|ですか|です|ます|ってなに|とは)$"
)
_local = threading.local()


def tokenizer():
    """This thread's Sudachi tokenizer (dictionary opened once per process)."""
    found = getattr(_local, "tokenizer", None)
    if found is None:
        found = _local.tokenizer = _dictionary().tokenizer()
    return found


@functools.cache
def _dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


@functools.cache
def _modes():
    from sudachipy import SplitMode

    return (SplitMode.C, SplitMode.A)


def fold(text: str) -> str:
    """NFKC, lower case, one space for any run of whitespace."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().lower()


def katakana(text: str) -> str:
    return text.translate(_HIRA_TO_KATA)


@dataclass(frozen=True)
class Word:
    """One coarse word of a question: its forms (normalised, surface, ~reading), its reading and
    the forms of its fine parts (保育園 → 保育, 園), for judging how much of it an answer covers."""

    forms: frozenset[str]
    reading: str
    parts: tuple[frozenset[str], ...]
    surface: str = ""
    normal: str = ""


@dataclass(frozen=True)
class Analysis:
    """One text, analysed: `terms` (normalised forms and readings, coarse and fine), `reading`
    (the kept words' readings run together, for character n-grams) and the coarse `words`."""

    terms: tuple[str, ...]
    reading: str
    words: tuple[Word, ...] = ()


def _forms(morpheme) -> tuple[list[str], str] | None:
    """The index forms of one morpheme and its reading; None for a word that says nothing."""
    if morpheme.part_of_speech()[0] in SKIP_POS:
        return None
    normal = fold(morpheme.normalized_form())
    surface = fold(morpheme.surface())
    if not surface.strip() or normal in STOP_WORDS or surface in STOP_WORDS:
        return None
    if _LATIN_RE.fullmatch(surface):
        stem = english_stem(surface)  # no reading: Latin letters make no useful n-grams
        return ([stem, surface] if stem != surface else [stem]), ""
    reading = katakana(morpheme.reading_form() or surface)
    if not _is_kana(reading):
        reading = katakana(surface)
    forms = [normal]
    if surface != normal:
        forms.append(surface)
    if _is_kana(reading):
        forms.append("~" + reading.translate(_LONG_VOWEL))
    return forms, reading.translate(_LONG_VOWEL)


def _analyse_chunk(folded: str) -> tuple[list[str], list[str], list[Word]]:
    terms: list[str] = []
    readings: list[str] = []
    words: list[Word] = []
    coarse, fine = _modes()
    for morpheme in tokenizer().tokenize(folded, coarse):
        found = _forms(morpheme)
        if found is None:
            continue
        forms, reading = found
        terms.extend(forms)
        readings.append(reading)
        parts = []
        pieces = morpheme.split(fine)
        if len(pieces) > 1:
            for piece in pieces:
                piece_found = _forms(piece)
                if piece_found is not None:
                    terms.extend(piece_found[0])
                    parts.append(frozenset(piece_found[0]))
        words.append(Word(frozenset(forms), reading, tuple(parts), fold(morpheme.surface()), forms[0]))
    return terms, readings, words


@functools.lru_cache(maxsize=20000)
def analyse(text: str) -> Analysis:
    folded = fold(text)[:4000]
    if not folded:
        return Analysis((), "")
    terms: list[str] = []
    readings: list[str] = []
    words: list[Word] = []
    for chunk in _CHUNK_RE.findall(folded):
        chunk_terms, chunk_readings, chunk_words = _analyse_chunk(chunk)
        if len(chunk) >= 3 and _KANA_ONLY_RE.fullmatch(chunk):
            # Kana typed for kanji: the dictionary splits hiragana into odd short words; the
            # whole run read as one katakana word meets the kanji's reading (じゅうみんひょう).
            kata_terms, kata_readings, kata_words = _analyse_chunk(
                katakana(_ENDING_RE.sub("", chunk) or chunk)
            )
            chunk_terms = chunk_terms + kata_terms
            # the reading that keeps more of what was typed, in fewer words
            kept, kata_kept = (sum(len(w.surface) for w in ws) for ws in (chunk_words, kata_words))
            if (kata_kept, -len(kata_words)) > (kept, -len(chunk_words)):
                chunk_words, chunk_readings = kata_words, kata_readings
        terms.extend(chunk_terms)
        readings.extend(chunk_readings)
        words.extend(chunk_words)
    return Analysis(tuple(dict.fromkeys(terms)), "".join(readings), tuple(words))


_LATIN_RE = re.compile(r"[a-z][a-z'-]*")
_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ies", "ied", "ed", "es", "s")


def english_stem(word: str) -> str:
    """A crude suffix stripper for residents' English (collected/collection → collect); enough to
    let an English question meet the English question of an FAQ."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix in ("ies", "ied") else stem
    return word


def _is_kana(text: str) -> bool:
    return all("\u30a0" <= ch <= "\u30ff" for ch in text)


def ngrams(reading: str, n: int = 2) -> list[str]:
    if len(reading) < n:
        return [reading] if reading else []
    return [reading[i : i + n] for i in range(len(reading) - n + 1)]


def normalise(text: str) -> str:
    """The question as the index sees it: its kept words' normalised forms, space-separated
    (申し込みたいです → 申し込む). For masking and clustering too: same words, same string."""
    return " ".join(word.normal for word in analyse(text).words)
