"""CSV that is safe to open in a spreadsheet (CSV / formula injection, OWASP).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel or LibreOffice as a formula (``=HYPERLINK(…)``, ``-2+cmd|' /C calc'!A0``), so such text gets
a leading single quote, which the spreadsheet shows as plain text. Whether a value is a number is
decided by its Python type (int, float, Decimal from the model), never by how the text looks:
``"-2+cmd|…"`` looks like it starts with a number and is exactly the attack.

Every CSV that staff or residents download is written through :func:`writer` (or :func:`cell`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value as it may go into a CSV cell: numbers unchanged, text starting a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def row(values: Iterable[Any]) -> list[Any]:
    return [cell(value) for value in values]


class SafeWriter:
    """csv.writer whose every cell goes through :func:`cell`."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, values: Iterable[Any]):
        return self._writer.writerow(row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for values in rows:
            self.writerow(values)


def writer(stream, **kwargs) -> SafeWriter:
    return SafeWriter(stream, **kwargs)
