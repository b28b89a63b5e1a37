"""Reconciliation against the provider's daily settlement file (精算データの照合).

The file (CSV, header `record_type,transaction_id,merchant_reference,method,amount,occurred_at`,
then one `capture` or `refund` line per transaction of one JST day and a `total` line) is
compared line by line with the city's own records of that day — payments captured (by
Payment.reference) and refunds made (by the provider's refund id). What does not match is
listed: a capture or refund only the provider has (a lost webhook), one only the city has, an
amount that differs, and a total line that does not add up.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.jst import JST

from ..events import Verb
from ..models import Payment, PaymentRefund, SettlementReconciliation
from .registry import providers
from .sandbox import SETTLEMENT_HEADER


def _bounds(day: datetime.date):
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=JST)
    return start, start + datetime.timedelta(days=1)


def parse_settlement(text: str) -> tuple[list[dict], int | None]:
    """The file's lines (dicts) and its stated total; ValidationError for a file of another shape."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or rows[0] != SETTLEMENT_HEADER:
        raise ValidationError(_("精算データの形式が正しくありません（1行目の見出しが違います）。"))
    lines, total = [], None
    for row in rows[1:]:
        if not row:
            continue
        record = dict(zip(SETTLEMENT_HEADER, row, strict=False))
        try:
            amount = int(record["amount"])
        except (KeyError, ValueError):
            raise ValidationError(_("精算データの金額が数字ではありません。")) from None
        if record["record_type"] == "total":
            total = amount
        elif record["record_type"] in {"capture", "refund"}:
            lines.append({**record, "amount": amount})
        else:
            raise ValidationError(_("精算データに不明な種別の行があります。"))
    return lines, total


def reconcile_settlement(text: str, *, day: datetime.date, provider: str, by) -> SettlementReconciliation:
    """Check one day's settlement file against the city's payments; store and return the result."""
    access.require_anywhere(by, access.PAYMENT_RECONCILE)
    lines, stated_total = parse_settlement(text)
    start, end = _bounds(day)
    captures = {
        p.reference: p
        for p in Payment.objects.filter(provider=provider, captured_at__gte=start, captured_at__lt=end)
    }
    refunds = {
        r.provider_refund_id: r
        for r in PaymentRefund.objects.select_related("payment").filter(
            payment__provider=provider, created_at__gte=start, created_at__lt=end
        )
    }
    discrepancies, matched, seen_captures, seen_refunds = [], 0, set(), set()
    for line in lines:
        if line["record_type"] == "capture":
            payment = captures.get(line["merchant_reference"])
            seen_captures.add(line["merchant_reference"])
            if payment is None:
                discrepancies.append(
                    _issue("only_in_settlement", line["merchant_reference"], line["amount"], None)
                )
            elif payment.amount != line["amount"]:
                discrepancies.append(
                    _issue("amount_differs", payment.reference, line["amount"], payment.amount)
                )
            else:
                matched += 1
        else:
            refund = refunds.get(line["transaction_id"])
            seen_refunds.add(line["transaction_id"])
            if refund is None:
                discrepancies.append(
                    _issue("only_in_settlement", line["merchant_reference"], line["amount"], None)
                )
            elif -refund.amount != line["amount"]:
                discrepancies.append(
                    _issue("amount_differs", refund.payment.reference, line["amount"], -refund.amount)
                )
            else:
                matched += 1
    for reference, payment in captures.items():
        if reference not in seen_captures:
            discrepancies.append(_issue("only_in_city", reference, None, payment.amount))
    for refund_id, refund in refunds.items():
        if refund_id not in seen_refunds:
            discrepancies.append(_issue("only_in_city", refund.payment.reference, None, -refund.amount))
    settlement_total = sum(line["amount"] for line in lines)
    if stated_total is not None and stated_total != settlement_total:
        discrepancies.append(_issue("total_line", "", stated_total, settlement_total))
    city_total = sum(p.amount for p in captures.values()) - sum(r.amount for r in refunds.values())
    with transaction.atomic():
        result = SettlementReconciliation.objects.create(
            provider=provider,
            day=day,
            file_sha256=hashlib.sha256(text.encode()).hexdigest(),
            matched=matched,
            settlement_total=settlement_total,
            city_total=city_total,
            discrepancies=discrepancies,
            created_by=by,
        )
        record_event(
            result,
            verb=Verb.SETTLEMENT_RECONCILED,
            actor=by,
            data={
                "day": day.isoformat(),
                "provider": provider,
                "matched": matched,
                "discrepancies": len(discrepancies),
            },
        )
    return result


def fetch_and_reconcile(*, day: datetime.date, provider: str, by) -> SettlementReconciliation:
    """Download the day's settlement file from the provider, then reconcile it."""
    access.require_anywhere(by, access.PAYMENT_RECONCILE)
    return reconcile_settlement(
        providers.get(provider).settlement_file(day), day=day, provider=provider, by=by
    )


def _issue(kind: str, reference: str, settlement_amount, city_amount) -> dict:
    return {"kind": kind, "reference": reference, "settlement": settlement_amount, "city": city_amount}


DISCREPANCY_LABELS = {
    "only_in_settlement": gettext_noop("精算データにだけある取引（市の記録にない）"),
    "only_in_city": gettext_noop("市の記録にだけある取引（精算データにない）"),
    "amount_differs": gettext_noop("金額が一致しない取引"),
    "total_line": gettext_noop("精算データの合計行が明細の合計と一致しない"),
}
