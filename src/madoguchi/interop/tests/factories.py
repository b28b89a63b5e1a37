"""Builders for interop tests: a resident family of the demo city's shape, a sample ぴったりサービス
archive made here with zipfile (the format docs/interop.md assumes), registry CSVs."""

from __future__ import annotations

import datetime
import io
import zipfile

from madoguchi.core.tests.factories import HouseholdFactory, MunicipalityFactory, PersonFactory
from madoguchi.procedures.tests.factories import bundled_procedure, demo_departments

PORTAL_CODE = "PT-JIDOUTEATE-GENKYO"


def genkyo():
    """児童手当の現況届, published, and the seeded mapping for it."""
    from madoguchi.interop import services

    MunicipalityFactory()
    demo_departments()
    procedure = bundled_procedure("jidou-teate-genkyo")
    services.seed_mappings()
    return procedure


def family():
    household = HouseholdFactory(
        number="H-000123", postal_code="185-0012", address="東京都国分寺市本町二丁目1番1号"
    )
    parent = PersonFactory(
        household=household,
        family_name="窓口",
        given_name="花子",
        family_name_kana="マドグチ",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1988, 6, 15),
        gender=2,
        relationship="世帯主",
    )
    child = PersonFactory(
        household=household,
        family_name="窓口",
        given_name="一郎",
        family_name_kana="マドグチ",
        given_name_kana="イチロウ",
        birth_date=datetime.date(2019, 4, 2),
        relationship="子",
    )
    return parent, child


def genkyo_fields(parent, child, **extra) -> dict:
    fields = {
        "申請者氏名": parent.full_name,
        "申請者氏名フリガナ": "マドグチ　ハナコ",
        "申請者生年月日": "1988/06/15",
        "申請者郵便番号": "185-0012",
        "申請者住所": parent.address,
        "申請者電話番号": "042-325-0111",
        "加入している年金": "厚生年金",
        "提出が必要な理由": "その他市から求められた",
        "配偶者の有無": "いいえ",
        "児童1_氏名": child.full_name,
        "児童1_氏名フリガナ": "マドグチ　イチロウ",
        "児童1_生年月日": "2019-04-02",
        "児童1_続柄": "子",
        "児童1_同居別居": "同居",
        "児童1_区分": "高校生年代まで",
        "公簿等の確認への同意": "はい",
        "記載内容に相違ない": "はい",
    }
    fields.update(extra)
    return fields


def xml_item(number: str, code: str, fields: dict, attachments=()) -> str:
    from xml.sax.saxutils import escape, quoteattr

    lines = [
        "<申請>",
        f"<申請番号>{escape(number)}</申請番号>",
        f"<手続ID>{escape(code)}</手続ID>",
        "<申請日時>2026-06-01T09:30:00+09:00</申請日時>",
    ]
    lines += [f"<項目 名={quoteattr(k)}>{escape(str(v))}</項目>" for k, v in fields.items()]
    lines += [f"<添付 種類={quoteattr(kind)} ファイル={quoteattr(path)}/>" for kind, path, _c in attachments]
    return "\n".join([*lines, "</申請>"])


def archive(items: list[tuple[str, str, dict]], files=(), csv_text: str = "") -> bytes:
    """A zip as the municipality downloads it: 申請データ.xml (+ an optional CSV) and attachments."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        body = "\n".join(
            xml_item(n, c, f, [a for a in files if a[1].startswith(f"添付/{n}/")]) for n, c, f in items
        )
        z.writestr(
            "申請データ.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<申請データ>\n{body}\n</申請データ>'
        )
        if csv_text:
            z.writestr("申請データ.csv", csv_text.encode("utf-8-sig"))
        for _kind, path, content in files:
            z.writestr(path, content)
    return buffer.getvalue()


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
