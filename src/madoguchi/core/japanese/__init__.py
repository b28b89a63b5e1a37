"""Japanese data helpers: 和暦, 年度, kana, 個人番号, 電話番号, 郵便番号, 開庁日, 団体コード.

Pure functions; bad input raises JapaneseInputError with a message that says what to fix.
"""

from .birthdate import validate_birth_date
from .errors import JapaneseInputError
from .fiscal import fiscal_year, fiscal_year_bounds_utc, fiscal_year_range, format_fiscal_year, receipt_prefix
from .holidays import add_business_days, business_days_between, is_business_day, next_business_day
from .jst import JST, to_jst_date
from .lgcode import lg_check_digit, validate_lg_code
from .mynumber import generate_my_number, mask_my_number, my_number_check_digit, validate_my_number
from .phone import normalize_phone
from .postal import PostalAddress, lookup_address, normalize_postal_code
from .text import (
    is_katakana,
    normalize,
    to_fullwidth_katakana,
    to_hiragana,
    validate_katakana,
    validate_no_halfwidth_kana,
)
from .wareki import ERAS, Era, WarekiDate, era_for, format_wareki, format_wareki_year, parse_wareki, to_wareki

__all__ = [
    "ERAS",
    "JST",
    "Era",
    "JapaneseInputError",
    "PostalAddress",
    "WarekiDate",
    "add_business_days",
    "business_days_between",
    "era_for",
    "fiscal_year",
    "fiscal_year_bounds_utc",
    "fiscal_year_range",
    "format_fiscal_year",
    "format_wareki",
    "format_wareki_year",
    "generate_my_number",
    "is_business_day",
    "is_katakana",
    "lg_check_digit",
    "lookup_address",
    "mask_my_number",
    "my_number_check_digit",
    "next_business_day",
    "normalize",
    "normalize_phone",
    "normalize_postal_code",
    "parse_wareki",
    "receipt_prefix",
    "to_fullwidth_katakana",
    "to_hiragana",
    "to_jst_date",
    "to_wareki",
    "validate_birth_date",
    "validate_katakana",
    "validate_lg_code",
    "validate_my_number",
    "validate_no_halfwidth_kana",
]
