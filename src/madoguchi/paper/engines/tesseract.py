"""Tesseract (LSTM, ``jpn`` and ``eng``) through pytesseract, one small image per field.

Per kind: a character whitelist, the language, one text line (``--psm 7``). Confidence is
Tesseract's word confidences (0–100) mapped to 0–1, weighted by the characters they cover.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np

from ..fields import FieldKind, normalise
from . import Reading, capi, register
from .preprocess import (
    TEXT_HEIGHT,
    Cleaned,
    _runs,
    binarise,
    cell_images,
    clean,
    compact,
    for_ocr,
    ink_box,
    to_grey,
)

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
    FieldKind.DATE: ("jpn", DIGITS + ERAS + "年月日./-/MTSHR"),  # R6.4.1, 2024/04/01
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


def _data(
    image: np.ndarray, kind: FieldKind, psm: int = 7, lang: str = "", whitelist: str | None = None
) -> list[Word]:
    """The words Tesseract found (through its C API when libtesseract loads, else pytesseract)."""
    default_lang, default_whitelist = CONFIG[kind]
    lang = lang or default_lang
    whitelist = default_whitelist if whitelist is None else whitelist
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


SPACE_GAP = 0.8  # of the line's height: a blank this wide is a space (measured on synth: ≥ 0.9 / ≤ 0.7)
BLANK_SHARE = 0.25  # a character whose box is less inked than this, over a space, and …
BLANK_CONFIDENCE = 50  # … read with less confidence than this (0–100) is the space misread (ソ)


def _blanks(image: np.ndarray) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The wide blanks between the first and last ink of a prepared line (black on white), and the
    inked columns. From the image, not from the recogniser's character boxes, which stretch over
    the blank beside them: a full-width space (全角スペース) is a blank at least as wide as a
    character, wider than any gap inside or between the characters of a word (イト, ハ)."""
    ink = image < 128
    inked: np.ndarray = np.asarray(ink.any(axis=0))
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(inked)
    if len(columns) == 0:
        return [], inked
    height = rows[-1] - rows[0] + 1
    first = int(columns[0])
    runs = _runs(~inked[first : int(columns[-1]) + 1])
    return [(first + a, first + b) for a, b in runs if b - a > SPACE_GAP * height], inked


def _join(words: list[Word], kind: FieldKind, boxed: bool = False, image: np.ndarray | None = None) -> str:
    """Words joined with a space only where the gap is wide (OCR spaces within Japanese are noise).

    With the line's image, the spaces are its wide blanks (see ``_blanks``), and a character read
    where the line is blank, unsure (ソ for a space), is dropped."""
    if not words:
        return ""
    if image is not None:
        blanks, inked = _blanks(image)

        def over_blank(word: Word) -> bool:
            left, right = max(word[2], 0), max(word[3], word[2] + 1)
            over = any(a < (left + right) / 2 < b for a, b in blanks)
            return over and word[1] < BLANK_CONFIDENCE and float(inked[left:right].mean()) < BLANK_SHARE

        words = [w for w in words if not over_blank(w)] or words
        out = words[0][0]
        for previous, word in zip(words, words[1:], strict=False):
            a, b = (previous[2] + previous[3]) / 2, (word[2] + word[3]) / 2
            out += (" " if any(a < (left + right) / 2 < b for left, right in blanks) else "") + word[0]
    else:
        # A box left empty (or a full-width space) is wider than the gaps between boxed characters.
        # Kept in Tesseract's reading order: its character boxes overlap, sorting them by x can swap two.
        heights = sorted(w[5] - w[4] for w in words)
        # Characters (C API) or words (pytesseract): a space is a gap wider than most of a character.
        # Boxed characters were set side by side by preprocess.compact: only an empty box is a space.
        unboxed = (
            (0.6 if kind == FieldKind.KATAKANA else 0.85) if capi.available() else 1.2
        )  # measured on synth
        gap_space = (1.5 if boxed else unboxed) * heights[len(heights) // 2]
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


def _reading(
    words: list[Word], kind: FieldKind, boxed: bool = False, image: np.ndarray | None = None
) -> Reading:
    return Reading(
        value=_join(words, kind, boxed, image),
        confidence=round(_confidence(words), 3),
        chars=tuple(w[1] / 100 for w in words),
    )


@dataclass
class Prepared:
    image: np.ndarray
    boxed: bool = False  # characters came from boxes (compacted)
    era: np.ndarray | None = None  # a boxed date: its era box …
    digits: np.ndarray | None = None  # … and its six (or eight) digit boxes, set side by side
    cells: list[np.ndarray | None] | None = None  # a boxed kana field: each box alone (None: empty)


def _date_parts(cleaned: Cleaned) -> tuple[np.ndarray | None, np.ndarray | None]:
    """A boxed date's era box (the wide first box, if any) and its digit boxes, told apart from the
    年 月 日 between them by width: digit boxes are the usual width."""
    cells = [c for c in cleaned.cells if cleaned.ink[:, c[0] : c[1]].any()]
    if len(cells) < 6:
        return None, None
    widths = sorted(right - left for left, right in cells)
    usual = widths[len(widths) // 2]
    digit_cells = [c for c in cells if 0.8 * usual <= c[1] - c[0] <= 1.25 * usual]
    era = cells[0] if cells[0][1] - cells[0][0] >= 1.4 * usual else None
    if len(digit_cells) not in (6, 8) or (era is None) == (len(digit_cells) == 6):
        return None, None
    only = np.zeros_like(cleaned.ink)
    for left, right in digit_cells:
        only[:, left:right] = cleaned.ink[:, left:right]
    digits = for_ocr(compact(Cleaned(only, digit_cells, cleaned.box_height), keep_empty=False))
    era_image = for_ocr(cleaned.ink[:, era[0] : era[1]]) if era else None
    return era_image, digits


def _prepare(image: np.ndarray, kind: FieldKind, text_height: int = TEXT_HEIGHT) -> Prepared | None:
    grey = to_grey(image)
    cleaned = clean(grey)
    box = ink_box(cleaned.ink)
    if box is not None:
        # Print is scaled in grey, before thresholding: a thresholded image scaled later has blocky
        # (or broken) strokes the recogniser misreads.
        factor = text_height / max(box[3] - box[1], 1) * (cleaned.ink.shape[0] / grey.shape[0])
        if factor > 1.4 or factor < 0.6:
            factor = min(factor, 6.0)
            interpolation = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
            cleaned = clean(cv2.resize(grey, None, fx=factor, fy=factor, interpolation=interpolation))
    if len(cleaned.cells) >= 2:
        image_ = for_ocr(
            compact(cleaned, keep_empty=kind in (FieldKind.KATAKANA, FieldKind.TEXT)), text_height=text_height
        )
        if image_ is None:
            return None
        prepared = Prepared(image_, boxed=True)
        if kind in (FieldKind.KATAKANA, FieldKind.TEXT):
            prepared.cells = cell_images(cleaned)
        if kind == FieldKind.DATE:
            prepared.era, prepared.digits = _date_parts(cleaned)
        return prepared
    image_ = for_ocr(cleaned.ink, text_height=text_height)
    return Prepared(image_) if image_ is not None else None


_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
DOUBTFUL_FACTOR = 0.5


def _base(ch: str) -> str:
    """ダ → タ, ョ → ヨ: the letters LSTM doubles are the same or nearly."""
    return unicodedata.normalize("NFD", ch)[0].translate(_SMALL_KANA)


def _undouble(reading: Reading, filled: int) -> Reading:
    chars = list(reading.value)
    extra = len("".join(reading.value.split())) - filled
    for same in (
        lambda a, b: a == b,
        lambda a, b: _base(a) == _base(b),
    ):  # exact doubles first (スズ is no double)
        index = 1
        while extra > 0 and index < len(chars):
            if not chars[index].isspace() and same(chars[index], chars[index - 1]):
                del chars[index]
                extra -= 1
            else:
                index += 1
    factor = DISAGREE_FACTOR if extra == 0 else DOUBTFUL_FACTOR
    return Reading("".join(chars), round(reading.confidence * factor, 3), reading.chars)


def _over_cells(value: str, cells: list[np.ndarray | None]) -> str:
    """One kana a box, so the spaces are where the boxes are empty (タナカ□メグミ), whatever gaps
    the recogniser saw."""
    chars = iter(ch for ch in value if not ch.isspace())
    laid = "".join("\u3000" if cell is None else next(chars) for cell in cells)
    return re.sub(r"\s+", "\u3000", laid).strip()


ERA_NAMES = ("明治", "大正", "昭和", "平成", "令和")


def _boxed_date(prepared: Prepared) -> Reading | None:
    """令和[0][6]年[0][4]月[0][1]日: the era read alone, the digits by the digit voters."""
    if prepared.digits is None:
        return None
    words, factor = _vote_digits(prepared.digits, FieldKind.DIGITS)
    digits = _digits_key(words)
    confidence = _confidence(words) * factor
    if prepared.era is None:
        if len(digits) != 8:
            return None
        return Reading(f"{digits[:4]}年{digits[4:6]}月{digits[6:]}日", round(confidence, 3))
    era_words = _data(prepared.era, FieldKind.DATE, whitelist="".join(ERA_NAMES))
    era = "".join(w[0] for w in era_words)
    if era not in ERA_NAMES or len(digits) != 6:
        return None
    confidence = min(confidence, _confidence(era_words))
    return Reading(f"{era}{digits[:2]}年{digits[2:4]}月{digits[4:]}日", round(confidence, 3))


# --- what the jpn model confuses, put right where the context leaves no doubt ------------------
_KANA = "\u3041-\u3096\u30a1-\u30fa"
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff"
_BETWEEN_DIGITS = re.compile(r"(?<=[0-9０-９])\s*[ー一－−‐―ｰ]\s*(?=[0-9０-９])")
_HYPHENATED = re.compile(r"[0-9]-[0-9]")
_DOT_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])(?:\s*[.,・･。、]\s*|\s+)(?=[0-9])")
_CHOME = re.compile(r"(?<=[0-9０-９一二三四五六七八九十])\s*[T本丁]\s*目")
_BAR_AS_ONE = re.compile(rf"(?<![{_KANA}])ー(?=[{_KANJI}])")  # 佐藤ー郎, ー丁目
_ONE_AS_BAR = re.compile(rf"(?<=[\u30a1-\u30fa])一(?![{_KANJI}])")  # センタ一
_WORD_START_SMALL = re.compile(r"(^|[\s\u3000])([ァィゥェォッャュョヮヵヶ])")


def _fix_text(value: str) -> str:
    """Free text: 1ー2一3 → 1-2-3 (a mark between digits is the address hyphen), 1T目 → 1丁目,
    a long-vowel bar not after kana and before a kanji is 一, a 一 after katakana is the bar.
    A dot or gap between digits beside a hyphen between digits is a hyphen too (1.2-3, 6 6-3):
    an address's numbers take one separator; the thin hyphen is what was misread."""
    value = _BETWEEN_DIGITS.sub("-", value)
    if _HYPHENATED.search(value):
        value = _DOT_BETWEEN_DIGITS.sub("-", value)
    value = _CHOME.sub("丁目", value)
    value = _BAR_AS_ONE.sub("一", value)
    return _ONE_AS_BAR.sub("ー", value)


def _fix_katakana(value: str) -> str:
    """No Japanese word starts with a small kana: ッ at a word's start was ツ."""
    return _WORD_START_SMALL.sub(lambda m: m.group(1) + m.group(2).translate(_SMALL_KANA), value)


_ERA_DOUBLED = re.compile(r"([MTSHR])\1+")  # SS50.8.18
_ERA_AMID_DIGITS = re.compile(r"(?<=[0-9])[MTSHR](?=[0-9])")  # S4S5.7.25


def _fix_date(value: str) -> str:
    """An era letter is written once, before the year: a doubled one or one inside the digits
    is the recogniser seeing the letter twice."""
    return _ERA_AMID_DIGITS.sub("", _ERA_DOUBLED.sub(r"\1", value))


FIXES = {FieldKind.TEXT: _fix_text, FieldKind.KATAKANA: _fix_katakana, FieldKind.DATE: _fix_date}


def _fixed(reading: Reading, kind: FieldKind) -> Reading:
    fix = FIXES.get(kind)
    return Reading(fix(reading.value), reading.confidence, reading.chars) if fix else reading


STACK_GAP = 24
# Kinds read as well stacked (--psm 6) as one by one; dates and free text lose characters stacked.
STACKABLE = frozenset(
    {FieldKind.DIGITS, FieldKind.MY_NUMBER, FieldKind.POSTAL, FieldKind.PHONE, FieldKind.KATAKANA}
)  # px of white between stacked fields


# Kana and free text are read at more than one scale: the LSTM's slips (a kana inserted, 印 for
# 鈴, a dropped 1) depend on the size it sees, so two scales that agree are rarely both wrong.
# The first is the usual height; the third only breaks a disagreement.
VOTE_HEIGHTS = (TEXT_HEIGHT, TEXT_HEIGHT * 6 // 5, TEXT_HEIGHT * 4 // 5)
VOTED = frozenset({FieldKind.KATAKANA, FieldKind.TEXT})


class TesseractEngine:
    code = "tesseract"

    def read(self, image: np.ndarray, kind: FieldKind) -> Reading:
        kind = FieldKind(kind)
        if kind == FieldKind.CHECKBOX:
            return _checkbox(image)
        if kind in VOTED and capi.available():
            return self._vote_scales(image, kind)
        prepared = _prepare(image, kind)
        if prepared is None:
            return Reading(value="", confidence=0.9)
        return self._read_prepared(prepared, kind)

    def _vote_scales(self, image: np.ndarray, kind: FieldKind) -> Reading:
        """The field read at the usual height and a larger one; when they differ, a smaller one
        decides (the value two of the three agree on), and the reading loses confidence."""
        readings: list[Reading] = []
        counts: dict[str, int] = {}
        for height in VOTE_HEIGHTS:
            prepared = _prepare(image, kind, height)
            if prepared is None:
                return Reading(value="", confidence=0.9)
            reading = self._read_prepared(prepared, kind)
            key = normalise(kind, reading.value)
            counts[key] = counts.get(key, 0) + 1
            readings.append(reading)
            if counts[key] == 2:
                factor = 1.0 if len(readings) == 2 else DISAGREE_FACTOR
                return Reading(reading.value, round(reading.confidence * factor, 3), reading.chars)
        first = readings[0]  # no two agree: the usual height's reading, doubtful
        return Reading(first.value, round(first.confidence * DOUBTFUL_FACTOR, 3), first.chars)

    def _read_prepared(self, prepared: Prepared, kind: FieldKind) -> Reading:
        return _fixed(self._read_line(prepared, kind), kind)

    def _read_line(self, prepared: Prepared, kind: FieldKind) -> Reading:
        if capi.available():
            if kind in DIGIT_KINDS:
                words, factor = _vote_digits(prepared.image, kind)
                reading = _reading(words, kind)
                return Reading(reading.value, round(reading.confidence * factor, 3), reading.chars)
            if kind == FieldKind.DATE and (dated := _boxed_date(prepared)) is not None:
                return dated
        reading = _reading(_best_words(prepared.image, kind), kind, prepared.boxed, prepared.image)
        if prepared.cells and capi.available():
            filled = sum(1 for cell in prepared.cells if cell is not None)
            if len("".join(reading.value.split())) != filled:
                # One character a box: a line reading with more or fewer characters than filled
                # boxes doubled or dropped one (ハハナコ). Undo a doubling; either way the reading
                # goes to the front of the verification queue. (Reading box by box was worse.)
                return _undouble(reading, filled)
            if kind == FieldKind.KATAKANA:  # free text keeps its reading: a boxed - is read between boxes
                return Reading(_over_cells(reading.value, prepared.cells), reading.confidence, reading.chars)
        return reading

    def read_many(self, items: list[tuple[np.ndarray, FieldKind]]) -> list[Reading]:
        """Fields of a page: one Tesseract run per kind, the crops stacked one under another (a
        process per field costs more than the reading itself)."""
        results: list[Reading | None] = [None] * len(items)
        groups: dict[FieldKind, list[tuple[int, Prepared]]] = {}
        for index, (image, kind) in enumerate(items):
            kind = FieldKind(kind)
            if kind == FieldKind.CHECKBOX or (kind in VOTED and capi.available()):
                results[index] = self.read(image, kind)
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
            width = max(p.image.shape[1] for _i, p in members)
            bands, parts, y = [], [], 0
            for _index, prepared in members:
                h, w = prepared.image.shape
                parts.append(
                    cv2.copyMakeBorder(
                        prepared.image, 0, STACK_GAP, 0, width - w, cv2.BORDER_CONSTANT, value=255
                    )
                )
                bands.append((y, y + h))
                y += h + STACK_GAP
            words = _data(np.vstack(parts), kind, psm=6)
            for (index, _p), (top, bottom) in zip(members, bands, strict=True):
                mine = [w for w in words if top <= (w[4] + w[5]) / 2 < bottom]
                results[index] = _fixed(_reading(mine, kind), kind)
        return [r if r is not None else Reading("", 0.0) for r in results]


register(TesseractEngine())
