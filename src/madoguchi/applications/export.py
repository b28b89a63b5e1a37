"""Export of cases to the city's core business systems (基幹系システム) through an adapter registry.

The built-in adapter writes CSV (UTF-8 with BOM, which Excel and most core systems read);
an adapter for a national standard system registers itself the same way and is chosen with
`MADOGUCHI_CORE_SYSTEM_EXPORTER`.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone

from madoguchi.core import csvsafe
from madoguchi.core.registry import Registry


class CoreSystemExporter(Protocol):
    code: str
    content_type: str
    extension: str

    def export(self, applications) -> bytes: ...


exporters: Registry[CoreSystemExporter] = Registry("core system exporter")


def flatten(data, prefix: str = "") -> dict[str, Any]:
    """The form data as one column per leaf; numbers stay numbers so the CSV keeps them numeric."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for index, value in enumerate(data):
            out.update(flatten(value, f"{prefix}{index}."))
    elif isinstance(data, int | float | Decimal) and not isinstance(data, bool):
        out[prefix.rstrip(".")] = data
    else:
        out[prefix.rstrip(".")] = (
            "、".join(map(str, data)) if isinstance(data, list) else ("" if data is None else str(data))
        )
    return out


class CsvExporter:
    code = "csv"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"
    FIXED = [
        "受付番号",
        "手続コード",
        "手続名",
        "様式版",
        "状態",
        "受付チャネル",
        "受付日時",
        "処理期限",
        "申請者",
    ]

    def export(self, applications) -> bytes:
        rows, data_columns = [], []
        for app in applications:
            flat = flatten(app.data)  # 個人番号 is already masked in `data`
            for key in flat:
                if key not in data_columns:
                    data_columns.append(key)
            rows.append((app, flat))
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer)  # every cell escaped against formula injection
        writer.writerow(self.FIXED + data_columns)
        for app, flat in rows:
            writer.writerow(
                [
                    app.receipt_number or "",
                    app.procedure.code,
                    app.procedure.name,
                    app.procedure_version.number,
                    app.get_state_display(),
                    app.get_channel_display(),
                    timezone.localtime(app.submitted_at).strftime("%Y-%m-%d %H:%M")
                    if app.submitted_at
                    else "",
                    app.due_date.isoformat() if app.due_date else "",
                    app.applicant.full_name,
                ]
                + [flat.get(column, "") for column in data_columns]
            )
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


exporters.register(CsvExporter())


def current_exporter() -> CoreSystemExporter:
    return exporters.get(getattr(settings, "MADOGUCHI_CORE_SYSTEM_EXPORTER", "csv"))
