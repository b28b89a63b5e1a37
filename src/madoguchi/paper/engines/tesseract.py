"""Tesseract (LSTM, ``jpn`` and ``eng``) through pytesseract, one small image per field.

Per kind: a character whitelist, the language, one text line (``--psm 7``). Confidence is
Tesseract's word confidences (0–100) mapped to 0–1, weighted by the characters they cover.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..fields import FieldKind
from . import Reading, capi, register
from .preprocess import TEXT_HEIGHT, binarise, clean, compact, for_ocr, ink_box, to_grey

KATAKANA = "".join(chr(c) for c in range(0x30A1, 0x30F7)) + "ー・"
DIGITS = "0123456789"
ERAS = "明治大正昭和平成令和元"

# kind → (language, whitelist or None)
CONFIG: dict[FieldKind, tuple[str, str | None]] = {
    FieldKind.DIGITS: ("eng", DIGITS),
    FieldKind.MY_NUMBER: ("eng", DIGITS),
    FieldKind.POSTAL: ("eng", DIGITS + "-"),
    FieldKind.PHONE: ("eng", DIGITS + "-()"),
    FieldKind.KATAKANA: ("jpn", KATAKANA),
    FieldKind.DATE: ("jpn", DIGITS + ERAS + "年月日./-MTSHR"),
    FieldKind.TEXT: ("jpn", None),
}
CHECK_INK = 0.06  # share of a checkbox's inside that is ink when ticked


def _config(kind: FieldKind, psm: int = 7) -> tuple[str, str]:
    lang, whitelist = CONFIG[kind]
    parts = [f"--oem 1 --psm {psm}", "-c load_system_dawg=0 -c load_freq_dawg=0"]
    if whitelist:
        parts.append(f"-c tessedit_char_whitelist={whitelist}")
    if kind != FieldKind.TEXT:
        parts.append("-c preserve_interword_spaces=1")
    return lang, " ".join(parts)


Word = tuple[str, float, int, int, int, int]  # text, conf 0–100, left, right, top, bottom


def _data(image: np.ndarray, kind: FieldKind, psm: int = 7, lang: str = "") -> list[Word]:
    """The words Tesseract found (through its C API when libtesseract loads, else pytesseract)."""
    default_lang, whitelist = CONFIG[kind]
    lang = lang or default_lang
    if capi.available():
        variables = {"tessedit_char_whitelist": whitelist or ""}
        variables["preserve_interword_spaces"] = "0" if kind == FieldKind.TEXT else "1"
        return capi.read_words(image, lang, psm, variables)
    import pytesseract

    _lang, config = _config(kind, psm)
    data = pytesseract.image_to_data(image, lang=lang, config=config, output_type=pytesseract.Output.DICT)
    words = []
    for text, conf, left, width, top, height in zip(
        data["text"], data["conf"], data["left"], data["width"], data["top"], data["height"], strict=True
    ):
        text = (text or "").strip()
        if text and float(conf) >= 0:
            words.append(
                (text, float(conf), int(left), int(left) + int(width), int(top), int(top) + int(height))
            )
    return words


def _join(words: list[Word], kind: FieldKind) -> str:
    """Words joined with a space only where the gap is wide (OCR spaces within Japanese are noise)."""
    if not words:
        return ""
    # A box left empty (or a full-width space) is wider than the gaps between boxed characters.
    words = sorted(words, key=lambda w: w[2])
    heights = sorted(w[5] - w[4] for w in words)
    # Characters (C API) or words (pytesseract): a space is a gap wider than most of a character.
    gap_space = (0.6 if capi.available() else 1.2) * heights[len(heights) // 2]
    out = words[0][0]
    for previous, word in zip(words, words[1:], strict=False):
        out += (" " if word[2] - previous[3] > gap_space else "") + word[0]
    if kind == FieldKind.KATAKANA:
        out = out.replace(" ", "\u3000")
    return out


def _confidence(words: list[Word]) -> float:
    total = sum(len(w[0]) for w in words)
    if not total:
        return 0.0
    return sum(w[1] * len(w[0]) for w in words) / total / 100


def _checkbox(image: np.ndarray) -> Reading:
    """Ticked when the inside of the box (its frame excluded) holds enough ink."""
    ink = binarise(to_grey(image))
    h, w = ink.shape
    x0, y0, x1, y1 = int(w * 0.25), int(h * 0.25), int(w * 0.75), int(h * 0.75)
    count, _labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    frames = [s for s in stats[1:] if s[2] > 0.3 * w and s[3] > 0.3 * h and 0.6 < s[2] / max(s[3], 1) < 1.6]
    if frames:
        fx, fy, fw, fh, _area = max(frames, key=lambda s: s[2] * s[3])
        x0, y0, x1, y1 = fx + fw // 5, fy + fh // 5, fx + fw - fw // 5, fy + fh - fh // 5
    inner = ink[y0:y1, x0:x1]
    share = float((inner > 0).mean()) if inner.size else 0.0
    distance = abs(share - CHECK_INK) / CHECK_INK
    return Reading(value="1" if share >= CHECK_INK else "", confidence=round(min(0.5 + distance / 2, 1.0), 3))


RETRY_BELOW = 0.75


def _best_words(prepared: np.ndarray, kind: FieldKind) -> list[Word]:
    """One text line (--psm 7); when that finds nothing or is unsure, also the raw line mode
    (--psm 13), which skips the layout analysis that sometimes drops a short line, and the surer wins."""
    words = _data(prepared, kind)
    if words and _confidence(words) >= RETRY_BELOW:
        return words
    raw = _data(prepared, kind, psm=13)
    return raw if _confidence(raw) > _confidence(words) else words


DIGIT_KINDS = frozenset({FieldKind.DIGITS, FieldKind.MY_NUMBER, FieldKind.POSTAL, FieldKind.PHONE})
DISAGREE_FACTOR = 0.7


def _digits_key(words: list[Word]) -> str:
    return "".join(ch for w in words for ch in w[0] if ch.isdigit())


def _vote_digits(prepared: np.ndarray, kind: FieldKind) -> tuple[list[Word], float]:
    """Digits read by two models (eng and jpn, one line); when they differ, two more readings
    (raw line mode) vote. Each model has its blind spots (eng's fast model takes a sans-serif 7
    for a T, or doubles a digit), rarely the same ones. Returns the words and a confidence factor."""
    readings = [_data(prepared, kind), _data(prepared, kind, lang="jpn")]
    if _digits_key(readings[0]) == _digits_key(readings[1]):
        return max(readings, key=_confidence), 1.0
    readings += [_data(prepared, kind, psm=13), _data(prepared, kind, psm=13, lang="jpn")]
    counts: dict[str, int] = {}
    for words in readings:
        counts[_digits_key(words)] = counts.get(_digits_key(words), 0) + 1
    best = max(readings, key=lambda w: (counts[_digits_key(w)], _confidence(w)))
    return best, (1.0 if counts[_digits_key(best)] >= 3 else DISAGREE_FACTOR)


def _reading(words: list[Word], kind: FieldKind) -> Reading:
    return Reading(
        value=_join(words, kind),
        confidence=round(_confidence(words), 3),
        chars=tuple(w[1] / 100 for w in words),
    )


def _prepare(image: np.ndarray, kind: FieldKind) -> np.ndarray | None:
    cleaned = clean(image)
    box = ink_box(cleaned.ink)
    if box is not None:
        # Small print is enlarged in grey, before thresholding: a thresholded image enlarged later
        # has blocky strokes the recogniser misreads.
        factor = TEXT_HEIGHT / max(box[3] - box[1], 1) * (cleaned.ink.shape[0] / to_grey(image).shape[0])
        if factor > 1.4:
            bigger = cv2.resize(
                to_grey(image), None, fx=min(factor, 6.0), fy=min(factor, 6.0), interpolation=cv2.INTER_CUBIC
            )
            cleaned = clean(bigger)
    if len(cleaned.cells) >= 2:
        return for_ocr(compact(cleaned, keep_empty=kind in (FieldKind.KATAKANA, FieldKind.TEXT)))
    return for_ocr(cleaned.ink)


STACK_GAP = 24
# Kinds read as well stacked (--psm 6) as one by one; dates and free text lose characters stacked.
STACKABLE = frozenset(
    {FieldKind.DIGITS, FieldKind.MY_NUMBER, FieldKind.POSTAL, FieldKind.PHONE, FieldKind.KATAKANA}
)  # px of white between stacked fields


class TesseractEngine:
    code = "tesseract"

    def read(self, image: np.ndarray, kind: FieldKind) -> Reading:
        kind = FieldKind(kind)
        if kind == FieldKind.CHECKBOX:
            return _checkbox(image)
        prepared = _prepare(image, kind)
        if prepared is None:
            return Reading(value="", confidence=0.9)
        return self._read_prepared(prepared, kind)

    def _read_prepared(self, prepared: np.ndarray, kind: FieldKind) -> Reading:
        if kind in DIGIT_KINDS and capi.available():
            words, factor = _vote_digits(prepared, kind)
            reading = _reading(words, kind)
            return Reading(reading.value, round(reading.confidence * factor, 3), reading.chars)
        return _reading(_best_words(prepared, kind), kind)

    def read_many(self, items: list[tuple[np.ndarray, FieldKind]]) -> list[Reading]:
        """Fields of a page: one Tesseract run per kind, the crops stacked one under another (a
        process per field costs more than the reading itself)."""
        results: list[Reading | None] = [None] * len(items)
        groups: dict[FieldKind, list[tuple[int, np.ndarray]]] = {}
        for index, (image, kind) in enumerate(items):
            kind = FieldKind(kind)
            if kind == FieldKind.CHECKBOX:
                results[index] = _checkbox(image)
                continue
            prepared = _prepare(image, kind)
            if prepared is None:
                results[index] = Reading(value="", confidence=0.9)
            else:
                groups.setdefault(kind, []).append((index, prepared))
        for kind, members in groups.items():
            if len(members) == 1 or kind not in STACKABLE or capi.available():
                # With the C API a field costs tens of milliseconds: no need to stack.
                for index, prepared in members:
                    results[index] = self._read_prepared(prepared, kind)
                continue
            width = max(p.shape[1] for _i, p in members)
            bands, parts, y = [], [], 0
            for _index, prepared in members:
                h, w = prepared.shape
                parts.append(
                    cv2.copyMakeBorder(prepared, 0, STACK_GAP, 0, width - w, cv2.BORDER_CONSTANT, value=255)
                )
                bands.append((y, y + h))
                y += h + STACK_GAP
            words = _data(np.vstack(parts), kind, psm=6)
            for (index, _p), (top, bottom) in zip(members, bands, strict=True):
                mine = [w for w in words if top <= (w[4] + w[5]) / 2 < bottom]
                results[index] = _reading(mine, kind)
        return [r if r is not None else Reading("", 0.0) for r in results]


register(TesseractEngine())
