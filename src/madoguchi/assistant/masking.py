"""Masking personal data out of what residents type, before anything is logged.

A question may carry a My Number, a phone number, an e-mail address, a postal code and street
number, or a name ("私は山田太郎です"). The question log, the logs and the hand-off's copy of the
question keep only the masked text: each item is replaced by a bracketed label such as
``[電話番号]``. Masking errs on the side of hiding: any run of 12 digits is masked whether or not
its check digit makes it a My Number (the check digit only chooses the label), and so is any
other run of 10 or more digits.

The text is NFKC-normalised first, so 全角 digits, ＠ and ＋ are caught like their ASCII forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from madoguchi.core.japanese.mynumber import my_number_check_digit

MY_NUMBER = "[個人番号]"
NUMBER = "[番号]"
PHONE = "[電話番号]"
EMAIL = "[メールアドレス]"
POSTAL = "[郵便番号]"
STREET = "[番地]"
NAME = "[氏名]"

# Separators residents put between digit groups: hyphens of every width, the long-vowel mark
# typed for a hyphen (090ー1234ー5678), spaces and brackets around an area code.
_SEP = r"[\s\-‐‑‒–—―−ー－()（）]"
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_POSTAL = re.compile(r"〒\s*\d{3}" + _SEP + r"?\d{4}(?!\d)")
# A run of digits with separators inside, optionally led by +81 or an opening bracket.
_DIGIT_RUN = re.compile(r"(?<![\dA-Za-z])(?:\+\s?)?[(（]?\d(?:" + _SEP + r"{0,2}\d)*")
_STREET = re.compile(
    r"(?<=[^\d\s\W])\d{1,4}(?:丁目|-)\d{1,4}(?:番地?|-)\d{1,4}号?|\d{1,4}丁目\d{1,4}番(?:地)?(?:\d{1,4}号)?"
)
_POSTAL_SHAPE = re.compile(r"^\d{3}-\d{4}$")
_NAME_CHARS = r"[一-龥々〆ヵヶァ-ヴー]{1,8}(?:[ 　・][一-龥々〆ヵヶァ-ヴー]{1,8})?"
_NAMES = (
    re.compile(
        r"(?:私は|わたしは|僕は|ぼくは)\s*("
        + _NAME_CHARS
        + r")(?=\s*(?:と申します|といいます|です|と言います))"
    ),
    re.compile(r"(?:名前は|なまえは|氏名は|名前[:：]|氏名[:：])\s*(" + _NAME_CHARS + r")"),
    re.compile(r"(" + _NAME_CHARS + r")(?=\s*(?:と申します|といいます|と言います))"),
)
# What follows 私は…です is often not a name: these are left as typed.
_NOT_NAMES = frozenset(
    [
        "学生",
        "市民",
        "住民",
        "外国人",
        "高齢者",
        "会社員",
        "妊婦",
        "母親",
        "父親",
        "障害者",
        "主婦",
        "主夫",
        "年金生活者",
        "自営業",
        "事業者",
        "大家",
        "家主",
        "世帯主",
        "代理人",
        "本人",
        "初心者",
        "日本人",
        "留学生",
        "無職",
        "公務員",
        "保護者",
    ]
)


@dataclass(frozen=True)
class Masked:
    text: str
    kinds: tuple[str, ...]  # what was masked, in order: "my_number", "phone", "email", …

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


def _classify(run: str) -> tuple[str, str] | None:
    """What a run of digits is, or None to keep it (a date, an amount, a short number)."""
    digits = re.sub(r"\D", "", run)
    international = run.lstrip("(（").startswith("+")
    if international and digits.startswith("81") and 10 <= len(digits) <= 12:
        return "phone", PHONE
    if len(digits) == 12:
        if my_number_check_digit(digits[:11]) == int(digits[11]):
            return "my_number", MY_NUMBER
        return "number", NUMBER
    if digits.startswith("0") and len(digits) in (10, 11):
        return "phone", PHONE
    if len(digits) >= 10:
        return "number", NUMBER
    if _POSTAL_SHAPE.match(run.strip()):
        return "postal_code", POSTAL
    # A local number without its area code (325-0111) or a mobile number cut short.
    parts = re.fullmatch(r"(\d{2,4})" + _SEP + r"(\d{4})", run.strip())
    if parts and not all(1900 <= int(part) <= 2100 for part in parts.groups()):  # 2024-2025 is years
        return "phone", PHONE
    return None


def mask_personal_data(text: str) -> Masked:
    """The text with personal data replaced by labels, and which kinds were found."""
    text = unicodedata.normalize("NFKC", text or "")
    kinds: list[str] = []

    def replace(kind: str, label: str):
        def sub(_match: re.Match) -> str:
            kinds.append(kind)
            return label

        return sub

    text = _EMAIL.sub(replace("email", EMAIL), text)
    text = _POSTAL.sub(lambda m: (kinds.append("postal_code"), "〒" + POSTAL)[1], text)

    def digits(match: re.Match) -> str:
        run = match.group(0)
        trimmed = run.rstrip(" )）")
        found = _classify(trimmed)
        if found is None:
            return run
        kinds.append(found[0])
        return found[1] + run[len(trimmed) :]

    text = _DIGIT_RUN.sub(digits, text)
    text = _STREET.sub(replace("address", STREET), text)  # after the runs: 042-325-0111 is a phone

    def name(match: re.Match) -> str:
        value = match.group(1)
        if value.strip() in _NOT_NAMES:
            return match.group(0)
        kinds.append("name")
        start, end = match.span(1)
        whole_start = match.start(0)
        return match.group(0)[: start - whole_start] + NAME + match.group(0)[end - whole_start :]

    for pattern in _NAMES:
        text = pattern.sub(name, text)
    return Masked(text=text, kinds=tuple(kinds))


def mask(text: str) -> str:
    """Only the masked text (what every log and copy keeps)."""
    return mask_personal_data(text).text
