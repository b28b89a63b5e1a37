"""Statistics PDF / Excel → CSV: the plan's complaint is statistics published only as PDF.

Copes with what such tables contain: two-row headers (a group heading over sub-columns, merged
cells), 全角 digits, thousands separators, ▲ or △ for negatives, "－" for nil, units in the
heading (（単位：人）) and footnotes under the table (注：…, ※…, 資料：…).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field

NEGATIVE_MARKS = ("▲", "△")
NIL_MARKS = {"－", "-", "‐", "―", "—"}
NOTE_RE = re.compile(r"^\s*(注|※|資料|出典|\(注\)|（注）)")
UNIT_RE = re.compile(r"[（(]\s*単位\s*[:：]\s*([^）)]+)[）)]")
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"header": self.header, "rows": self.rows, "notes": self.notes}


def clean_cell(value) -> str:
    """One cell as CSV wants it: NFKC (全角 → 半角), no line breaks, numbers without separators."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"\s+", " ", text).strip()
    if text in NIL_MARKS:
        return "0"
    number = text.replace(",", "").replace(" ", "")
    negative = number.startswith(NEGATIVE_MARKS)
    if negative:
        number = number[1:]
    if NUMBER_RE.match(number):
        return f"-{number}" if negative and not number.startswith("-") else number
    return text


def clean_heading(value) -> str:
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return re.sub(r"\s+", "", text)


def _is_numeric_row(row: list[str]) -> bool:
    cells = [clean_cell(c) for c in row[1:] if c not in (None, "")]
    return bool(cells) and all(NUMBER_RE.match(c) for c in cells)


def combine_header(raw_rows: list[list]) -> tuple[list[str], int]:
    """Find the heading rows (before the first numeric row, at most 3) and join them.

    A merged group heading is carried right over its sub-columns, and a cell merged downwards
    keeps its one name: 「人口」 over 「総数 男 女」 → 人口_総数, 人口_男, 人口_女.
    """
    count = 0
    while count < min(3, len(raw_rows) - 1) and not _is_numeric_row(raw_rows[count]):
        count += 1
    count = max(count, 1)
    width = max(len(r) for r in raw_rows)
    levels = [
        [(clean_heading(row[i]) or None) if i < len(row) else None for i in range(width)]
        for row in raw_rows[:count]
    ]
    for upper, lower in zip(levels, levels[1:], strict=False):
        for i in range(1, width):
            if upper[i] is None and lower[i] and upper[i - 1] and lower[i - 1]:
                upper[i] = upper[i - 1]
    header = []
    for i in range(width):
        parts = list(dict.fromkeys(level[i] for level in levels if level[i]))
        header.append("_".join(parts) or f"列{i + 1}")
    return header, count


def _split_notes(rows: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    body, notes = [], []
    for row in rows:
        filled = [c for c in row if c]
        if filled and (NOTE_RE.match(filled[0]) or (len(filled) == 1 and len(row) > 2)):
            notes.append(" ".join(filled))
        else:
            body.append(row)
    return body, notes


def normalise_table(raw_rows: list[list], extra_notes: list[str] | None = None) -> Table:
    raw_rows = [list(r) for r in raw_rows if any(c not in (None, "") for c in r)]
    header, count = combine_header(raw_rows)
    rows = [[clean_cell(c) for c in row] + [""] * (len(header) - len(row)) for row in raw_rows[count:]]
    rows, notes = _split_notes(rows)
    return Table(header=header, rows=rows, notes=(extra_notes or []) + notes)


def text_notes(text: str) -> list[str]:
    notes = []
    for line in (text or "").splitlines():
        line = unicodedata.normalize("NFKC", line).strip()
        if UNIT_RE.search(line) or NOTE_RE.match(line):
            notes.append(line)
    return notes


def extract_pdf(data: bytes, progress=None) -> list[Table]:
    import pdfplumber

    tables: list[Table] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        total = len(pdf.pages) or 1
        for number, page in enumerate(pdf.pages, start=1):
            notes = text_notes(page.extract_text() or "")
            for raw in page.extract_tables():
                if raw and len(raw) >= 2:
                    tables.append(normalise_table(raw, notes))
            if progress:
                progress(int(90 * number / total))
    return tables


def extract_xlsx(data: bytes, progress=None) -> list[Table]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True)
    tables = []
    for number, sheet in enumerate(book.worksheets, start=1):
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:  # merged heading cells: value in the top-left only
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if (r, c) != (merged.min_row, merged.min_col):
                        grid[r - 1][c - 1] = None
        texts = [" ".join(str(c) for c in row if c is not None) for row in grid]
        notes = [t for t in texts if UNIT_RE.search(t)]
        # the table starts at the first row with at least two filled cells
        start = next((i for i, row in enumerate(grid) if sum(c is not None for c in row) >= 2), 0)
        body = [row for row in grid[start:] if any(c is not None for c in row)]
        if len(body) >= 2:
            tables.append(normalise_table(body, notes))
        if progress:
            progress(int(90 * number / len(book.worksheets)))
    return tables


def extract(data: bytes, filename: str, progress=None) -> list[Table]:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return extract_xlsx(data, progress)
    return extract_pdf(data, progress)
