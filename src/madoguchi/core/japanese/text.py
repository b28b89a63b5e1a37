"""Japanese text as residents type it: full-width and half-width forms, kana.

NFKC folds full-width Latin letters and digits to ASCII and half-width katakana (ｺｸﾌﾞﾝｼﾞ) to
full-width (コクブンジ), which is what every record stores. Half-width katakana must never reach a
record: standard business systems (標準仕様) and many printers do not accept it.
"""

import re
import unicodedata

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import JapaneseInputError

HALFWIDTH_KANA_RE = re.compile(r"[\uff61-\uff9f]+")  # ｡ … ﾟ, including ﾞ ﾟ
_KATAKANA_RE = re.compile(r"[\u30a1-\u30fa\u30fb\u30fc\u30fd\u30fe\u3000 ]+")  # ァ…ヺ ・ ー ヽヾ, spaces
_SPACES_RE = re.compile(r"\s+")

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)} | {
    0x309D: 0x30FD,
    0x309E: 0x30FE,
}
_KATAKANA_TO_HIRAGANA = {v: k for k, v in _HIRAGANA_TO_KATAKANA.items()}


def normalize(text: str) -> str:
    """NFKC, then every run of whitespace (including 全角スペース) becomes one space, trimmed."""
    return _SPACES_RE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def _widen_halfwidth_kana(text: str) -> str:
    # Only the half-width kana block is touched, so full-width digits etc. stay as typed.
    return HALFWIDTH_KANA_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def to_fullwidth_katakana(text: str) -> str:
    """Half-width katakana and hiragana to full-width katakana (ｺｸﾌﾞﾝｼﾞ, こくぶんじ → コクブンジ)."""
    return _widen_halfwidth_kana(text or "").translate(_HIRAGANA_TO_KATAKANA)


def to_hiragana(text: str) -> str:
    """Katakana (full- or half-width) to hiragana; ヷヸヹヺ, which have no hiragana, stay."""
    return _widen_halfwidth_kana(text or "").translate(_KATAKANA_TO_HIRAGANA)


def is_katakana(text: str) -> bool:
    """Only full-width katakana, ー, ・ and spaces (and at least one character)."""
    return bool(text) and _KATAKANA_RE.fullmatch(text) is not None


def validate_katakana(text: str, *, label: str | Promise | None = None, accept_hiragana: bool = False) -> str:
    """A フリガナ field: half-width kana widened, spaces collapsed to one 全角スペース, then checked.

    ``accept_hiragana=True`` also turns ひらがな into カタカナ instead of refusing it.
    """
    value = _widen_halfwidth_kana(text or "")
    if accept_hiragana:
        value = value.translate(_HIRAGANA_TO_KATAKANA)
    value = _SPACES_RE.sub("\u3000", value).strip()
    if is_katakana(value):
        return value
    label = label or _("フリガナ")
    bad = "".join(dict.fromkeys(ch for ch in value if not _KATAKANA_RE.fullmatch(ch)))
    if not bad:
        raise JapaneseInputError(
            _("%(label)sを全角カタカナで入力してください（例：コクブンジ　タロウ）。"),
            code="katakana_required",
            params={"label": label},
        )
    raise JapaneseInputError(
        _("%(label)sは全角カタカナで入力してください（カタカナ以外の文字：%(chars)s）。"),
        code="katakana_invalid",
        params={"label": label, "chars": bad},
    )


def validate_no_halfwidth_kana(text: str, *, label: str | None = None) -> str:
    """Refuse half-width katakana where the text is kept as typed (free text, addresses)."""
    if text and HALFWIDTH_KANA_RE.search(text):
        raise JapaneseInputError(
            _("%(label)sに半角カタカナは使えません。全角で入力してください。"),
            code="halfwidth_kana",
            params={"label": label or _("入力")},
        )
    return text
