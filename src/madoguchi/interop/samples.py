"""Sample files in the formats interop reads — for the demo inbox and the documentation: a
ぴったりサービス archive (docs/interop.md describes the assumed layout) and the registry's CSVs."""

from __future__ import annotations

import csv
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr


def portal_xml(applications: list[dict]) -> bytes:
    """<申請データ> with one <申請> per dict: number, code, name, submitted_at, fields, files."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<申請データ>"]
    for item in applications:
        out.append("  <申請>")
        out.append(f"    <申請番号>{escape(item['number'])}</申請番号>")
        out.append(f"    <手続ID>{escape(item['code'])}</手続ID>")
        out.append(f"    <手続名>{escape(item.get('name', ''))}</手続名>")
        out.append(f"    <申請日時>{escape(item.get('submitted_at', ''))}</申請日時>")
        for name, value in item.get("fields", {}).items():
            out.append(f"    <項目 名={quoteattr(name)}>{escape(str(value))}</項目>")
        for kind, path, _content in item.get("files", []):
            out.append(f"    <添付 種類={quoteattr(kind)} ファイル={quoteattr(path)}/>")
        out.append("  </申請>")
    out.append("</申請データ>")
    return "\n".join(out).encode("utf-8")


def portal_archive(applications: list[dict]) -> bytes:
    """The zip: 申請データ.xml and each attached file at the path the XML names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("申請データ.xml", portal_xml(applications))
        for item in applications:
            for _kind, path, content in item.get("files", []):
                archive.writestr(path, content)
    return buffer.getvalue()


def registry_csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
