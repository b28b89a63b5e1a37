"""全国地方公共団体コード: five digits plus a check digit (総務省の検査数字).

The check digit is (11 − Σ dᵢ×wᵢ mod 11) mod 10 with weights 6, 5, 4, 3, 2.
国分寺市 13214 → 132144.
"""

from django.utils.translation import gettext_lazy as _

from .errors import JapaneseInputError

WEIGHTS = (6, 5, 4, 3, 2)


def lg_check_digit(five_digits: str) -> int:
    total = sum(int(d) * w for d, w in zip(five_digits, WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def validate_lg_code(value: str) -> str:
    value = (value or "").strip()
    if len(value) != 6 or not value.isascii() or not value.isdigit():
        raise JapaneseInputError(
            _("全国地方公共団体コードは6桁の数字で入力してください（例：132144）。"), code="lg_format"
        )
    if lg_check_digit(value[:5]) != int(value[5]):
        raise JapaneseInputError(
            _("全国地方公共団体コードの検査数字が正しくありません。"), code="lg_check_digit"
        )
    return value
