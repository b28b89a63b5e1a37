"""Tesseract (LSTM, ``jpn`` and ``eng``) through pytesseract, one small image per field.

Per kind: a character whitelist, the language, one text line (``--psm 7``). Confidence is
Tesseract's word confidences (0–100) mapped to 0–1, weighted by the characters they cover.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..fields import FieldKind
from . import Reading, register
from .preprocess import binarise, clean, for_ocr, to_grey

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


def _data(image: np.ndarray, kind: FieldKind, psm: int = 7) -> list[tuple[str, float, int, int, int]]:
    """(text, conf 0–100, left, right, height) of each word Tesseract found."""
    import pytesseract

    lang, config = _config(kind, psm)
    data = pytesseract.image_to_data(image, lang=lang, config=config, output_type=pytesseract.Output.DICT)
    words = []
    for text, conf, left, width, height in zip(
        data["text"], data["conf"], data["left"], data["width"], data["height"], strict=True
    ):
        text = (text or "").strip()
        if text and float(conf) >= 0:
            words.append((text, float(conf), int(left), int(left) + int(width), int(height)))
    return words


def _join(words: list[tuple[str, float, int, int, int]], kind: FieldKind) -> str:
    """Words joined with a space only where the gap is wide (OCR spaces within Japanese are noise)."""
    if not words:
        return ""
    # A box left empty (or a full-width space) is wider than the gaps between boxed characters.
    gap_space = 0.8 * max(w[4] for w in words)
    out = words[0][0]
    for (_t, _c, _l, prev_right, _h), (text, _c2, left, _r, _h2) in zip(words, words[1:], strict=False):
        out += (" " if left - prev_right > gap_space else "") + text
    return out


def _confidence(words: list[tuple[str, float, int, int, int]]) -> float:
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


class TesseractEngine:
    code = "tesseract"

    def read(self, image: np.ndarray, kind: FieldKind) -> Reading:
        kind = FieldKind(kind)
        if kind == FieldKind.CHECKBOX:
            return _checkbox(image)
        cleaned = clean(image)
        prepared = for_ocr(cleaned.ink)
        if prepared is None:
            return Reading(value="", confidence=0.9)
        words = _data(prepared, kind)
        if kind == FieldKind.TEXT and not words:
            words = _data(prepared, kind, psm=6)
        value = _join(words, kind)
        if kind == FieldKind.KATAKANA:
            value = value.replace(" ", "\u3000")
        return Reading(
            value=value, confidence=round(_confidence(words), 3), chars=tuple(w[1] / 100 for w in words)
        )


register(TesseractEngine())
