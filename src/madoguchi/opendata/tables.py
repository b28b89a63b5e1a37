"""Reading tabular files (CSV in UTF-8 or Shift_JIS, XLSX) and the 5-star level of a dataset."""

from __future__ import annotations

import csv
import io

MACHINE_READABLE = {"CSV", "TSV", "JSON", "GEOJSON", "XML"}
LINKED = {"TTL", "RDF", "JSONLD", "JSON-LD", "N3", "NT"}
STRUCTURED = {"XLS", "XLSX", "ODS"}


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    text = decode_text(data)
    dialect = csv.excel_tab if text[:2000].count("\t") > text[:2000].count(",") else csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    if not rows:
        return [], []
    return [h.strip() for h in rows[0]], rows[1:]


def read_xlsx(data: bytes) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = [
        ["" if value is None else str(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
        if any(value not in (None, "") for value in row)
    ]
    if not rows:
        return [], []
    return [h.strip() for h in rows[0]], rows[1:]


def read_table(data: bytes, fmt: str) -> tuple[list[str], list[list[str]]]:
    fmt = (fmt or "").upper()
    if fmt in {"XLSX", "XLSM"}:
        return read_xlsx(data)
    return read_csv(data)


def write_csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def five_stars(resources, *, validated_standard: bool = False) -> int:
    """★ web + open licence; ★★ structured (Excel); ★★★ open format (CSV); ★★★★ a published
    schema with IDs (a validated standard dataset, each row addressable through the datastore);
    ★★★★★ linked data (RDF)."""
    formats = {(r.format or "").upper() for r in resources}
    if not formats:
        return 0
    if formats & LINKED:
        return 5
    if formats & MACHINE_READABLE:
        return 4 if validated_standard else 3
    if formats & STRUCTURED:
        return 2
    return 1


def guess_format(filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].upper() if "." in filename else ""
    return {"JPEG": "JPG", "HTM": "HTML"}.get(ext, ext)
