"""Validation of a table against a standard Table Schema, with a row-by-row report in Japanese.

frictionless checks the header, types, required cells, code lists (enum), patterns and ranges
(the coordinate ranges of Japan); the project adds the 全国地方公共団体コード check digit.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from madoguchi.core.japanese.lgcode import lg_check_digit

from .standards import StandardType

LG_FIELD = "全国地方公共団体コード"


def _constraint_message(field: str, constraint: str, cell) -> str:
    if constraint in {"minimum", "maximum"} and field in {"緯度", "経度"}:
        return _(
            "「%(field)s」の値 %(cell)s は日本の範囲外です（緯度は20〜46、経度は122〜154の10進数で入力してください）。"
        ) % {
            "field": field,
            "cell": cell,
        }
    if constraint in {"minimum", "maximum"}:
        return _("「%(field)s」の値 %(cell)s は範囲外です。") % {"field": field, "cell": cell}
    if constraint == "required":
        return _("「%(field)s」は必須です。値を入力してください。") % {"field": field}
    if constraint == "enum":
        return _("「%(field)s」の値「%(cell)s」はコード表にありません。") % {"field": field, "cell": cell}
    if constraint == "pattern":
        return _("「%(field)s」の値「%(cell)s」の書式が正しくありません。") % {"field": field, "cell": cell}
    return _("「%(field)s」の値「%(cell)s」が制約（%(constraint)s）を満たしていません。") % {
        "field": field,
        "cell": cell,
        "constraint": constraint,
    }


TYPE_NAMES = {
    "number": gettext_noop("数値"),
    "integer": gettext_noop("整数"),
    "date": gettext_noop("日付（YYYY-MM-DD）"),
    "string": gettext_noop("文字列"),
}


_schemas: dict = {}


def _schema(standard: StandardType):
    from frictionless import Schema

    if standard.code not in _schemas:
        _schemas[standard.code] = Schema.from_descriptor(standard.table_schema())
    return _schemas[standard.code]


def validate_table(
    standard: StandardType, header: list[str], rows: list[list], *, limit: int = 200
) -> list[dict]:
    """Errors as dicts {row, field, message}; row 1 is the header line, data rows start at 2."""
    from frictionless import Resource

    schema = _schema(standard)
    types = {f["name"]: f["type"] for f in standard.fields}
    resource = Resource(data=[list(header)] + [list(r) for r in rows], schema=schema)
    report = resource.validate(limit_errors=limit)
    errors: list[dict] = []
    expected = standard.field_names()
    for error in report.tasks[0].errors if report.tasks else []:
        kind = error.type
        field = getattr(error, "field_name", "") or ""
        row = getattr(error, "row_number", None) or 1
        cell = getattr(error, "cell", "")
        if kind == "incorrect-label":
            message = _(
                "%(position)s列目の列名が「%(label)s」になっています。標準の列名は「%(field)s」です。"
            ) % {
                "position": getattr(error, "field_number", "?"),
                "label": getattr(error, "label", ""),
                "field": field,
            }
        elif kind == "extra-label":
            message = _("列「%(label)s」はこのデータセットの標準にない列です。") % {
                "label": getattr(error, "label", "")
            }
        elif kind == "missing-label":
            message = _("標準の列「%(field)s」がありません。") % {"field": field}
        elif kind in {"blank-label", "duplicate-label"}:
            message = _("列名が空か重複しています（%(position)s列目）。") % {
                "position": getattr(error, "field_number", "?")
            }
        elif kind == "type-error":
            message = _("「%(field)s」の値「%(cell)s」は%(type)sとして読めません。") % {
                "field": field,
                "cell": cell,
                "type": _(TYPE_NAMES[types[field]])
                if types.get(field) in TYPE_NAMES
                else types.get(field, ""),
            }
        elif kind == "constraint-error":
            note = getattr(error, "note", "") or ""
            constraint = note.split('"')[1] if '"' in note else note
            message = _constraint_message(field, constraint, cell)
        elif kind in {"missing-cell", "extra-cell"}:
            message = _("%(row)s行目の列の数が見出しと合いません。") % {"row": row}
        elif kind == "blank-row":
            message = _("%(row)s行目が空行です。") % {"row": row}
        elif kind in {"primary-key", "unique-error"}:
            message = _("「ID」の値「%(cell)s」が重複しています。") % {"cell": cell}
        else:
            message = f"{kind}: {getattr(error, 'note', '')}"
        errors.append({"row": row, "field": field, "message": message})
    if LG_FIELD in header:
        column = list(header).index(LG_FIELD)
        for number, values in enumerate(rows, start=2):
            value = str(values[column]).strip() if column < len(values) else ""
            if len(value) == 6 and value.isdigit() and lg_check_digit(value[:5]) != int(value[5]):
                errors.append(
                    {
                        "row": number,
                        "field": LG_FIELD,
                        "message": _("「%(field)s」の値「%(cell)s」は検査数字が正しくありません。")
                        % {
                            "field": LG_FIELD,
                            "cell": value,
                        },
                    }
                )
    if not header or all(name not in expected for name in header):
        errors.insert(0, {"row": 1, "field": "", "message": _("見出し行が標準の列名と一致しません。")})
    errors.sort(key=lambda e: (e["row"], e["field"]))
    return errors[:limit]
