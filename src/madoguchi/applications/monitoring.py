"""/metrics: applications received by channel, open cases and cases past their due date by department.

Codes and counts only (core.monitoring); no applicant, no form data.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.monitoring import CounterMetricFamily, GaugeMetricFamily, collector

from .models import OPEN_STATES, Application


@collector("applications")
def applications():
    received = CounterMetricFamily(
        "madoguchi_applications_received",
        "Applications the city has received (a receipt number given), by channel",
        labels=["channel"],
    )
    rows = Application.objects.received().order_by().values("channel").annotate(n=Count("pk"))
    for row in rows:
        received.add_metric([row["channel"]], row["n"])
    yield received

    today = to_jst_date(timezone.now())
    open_cases = GaugeMetricFamily(
        "madoguchi_cases_open",
        "Open cases (received, not yet decided or completed), by department",
        labels=["department"],
    )
    past_due = GaugeMetricFamily(
        "madoguchi_cases_past_due",
        "Open cases past their due date (処理期限, the SLA), by department",
        labels=["department"],
    )
    rows = (
        Application.objects.filter(state__in=OPEN_STATES)
        .order_by()
        .values("department__code")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        open_cases.add_metric([row["department__code"]], row["n"])
    rows = (
        Application.objects.filter(state__in=OPEN_STATES, due_date__lt=today)
        .order_by()
        .values("department__code")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        past_due.add_metric([row["department__code"]], row["n"])
    yield open_cases
    yield past_due
