"""/metrics: payments waiting for the provider's confirmation, documents issued.

Certificate signing failures are counted where they happen (documents.issuing →
`madoguchi_operation_failures_total{operation="certificate_signing"}`).
"""

from __future__ import annotations

from django.db.models import Count, Min
from django.utils import timezone

from madoguchi.core.monitoring import CounterMetricFamily, GaugeMetricFamily, collector

from .models import IssuedDocument, Payment, PaymentState


@collector("delivery")
def payments_and_documents():
    pending = GaugeMetricFamily(
        "madoguchi_payments_pending_reconciliation",
        "Payments awaiting the provider's confirmation (決済確認中), by provider",
        labels=["provider"],
    )
    oldest = GaugeMetricFamily(
        "madoguchi_payments_oldest_pending_age_seconds",
        "Age of the oldest payment awaiting confirmation, by provider",
        labels=["provider"],
    )
    now = timezone.now()
    rows = (
        Payment.objects.filter(state=PaymentState.PENDING)
        .order_by()
        .values("provider")
        .annotate(n=Count("pk"), first=Min("created_at"))
    )
    for row in rows:
        pending.add_metric([row["provider"]], row["n"])
        oldest.add_metric([row["provider"]], max(0.0, (now - row["first"]).total_seconds()))
    yield pending
    yield oldest
    issued = CounterMetricFamily(
        "madoguchi_documents_issued",
        "Signed documents issued (certificates, notices), by kind",
        labels=["kind"],
    )
    for row in IssuedDocument.objects.order_by().values("kind").annotate(n=Count("pk")):
        issued.add_metric([row["kind"]], row["n"])
    yield issued
