"""Reconciliation (日次の収納消込用データ): per procedure, the fees captured and refunded on one
JST day, for the city's accounting."""

from __future__ import annotations

import datetime
import io

from django.db.models import Count, Sum

from madoguchi.core import csvsafe
from madoguchi.core.japanese.jst import JST

from ..models import Payment, PaymentRefund

RECONCILIATION_HEADER = ["日付", "手続コード", "手続名", "収納件数", "収納額", "返金件数", "返金額", "差引額"]


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=JST)
    return start, start + datetime.timedelta(days=1)


def reconciliation_rows(day: datetime.date) -> list[list]:
    """Per procedure, the fees captured and refunded on one JST day, and the net."""
    start, end = _day_bounds(day)
    captured = {
        row["procedure_code"]: row
        for row in Payment.objects.filter(captured_at__gte=start, captured_at__lt=end)
        .values("procedure_code")
        .annotate(count=Count("pk"), total=Sum("amount"))
    }
    refunded = {
        row["payment__procedure_code"]: row
        for row in PaymentRefund.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("payment__procedure_code")
        .annotate(count=Count("pk"), total=Sum("amount"))
    }
    names = dict(
        Payment.objects.filter(procedure_code__in=set(captured) | set(refunded)).values_list(
            "procedure_code", "procedure_name"
        )
    )
    rows = []
    for code in sorted(set(captured) | set(refunded)):
        c_count = captured.get(code, {}).get("count", 0)
        c_total = captured.get(code, {}).get("total", 0) or 0
        r_count = refunded.get(code, {}).get("count", 0)
        r_total = refunded.get(code, {}).get("total", 0) or 0
        rows.append(
            [
                day.isoformat(),
                code,
                names.get(code, ""),
                c_count,
                c_total,
                r_count,
                r_total,
                c_total - r_total,
            ]
        )
    return rows


def reconciliation_csv(day: datetime.date) -> str:
    """The day's report as CSV (UTF-8 with BOM, so spreadsheet software in Japan opens it), with a total row."""
    rows = reconciliation_rows(day)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csvsafe.writer(buffer, lineterminator="\r\n")  # procedure names are typed by staff
    writer.writerow(RECONCILIATION_HEADER)
    writer.writerows(rows)
    totals = [sum(row[i] for row in rows) for i in range(3, 8)]
    writer.writerow([day.isoformat(), "合計", "", *totals])
    return buffer.getvalue()
