"""The staff work queue (職員の処理待ち): open cases per procedure, those due soon and those past
their 処理期限. The staff home's panel and the inbox's due filter share these definitions, so a
count and the list it links to always agree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language

from madoguchi.core.japanese import add_business_days

from ..models import OPEN_STATES, Application
from .cases import case_departments

SOON_BUSINESS_DAYS = 3  # 期限間近: due today or within the next three 開庁日

DUE_STATES = ("soon", "overdue")


def due_filter(due: str, *, today: datetime.date | None = None) -> Q:
    """The open cases of a due state: "overdue" (期限超過) or "soon" (期限間近, not yet overdue)."""
    today = today or timezone.localdate()
    if due == "overdue":
        return Q(state__in=OPEN_STATES, due_date__lt=today)
    if due == "soon":
        horizon = add_business_days(today, SOON_BUSINESS_DAYS)
        return Q(state__in=OPEN_STATES, due_date__gte=today, due_date__lte=horizon)
    raise ValueError(f"unknown due state {due!r}")


@dataclass(frozen=True)
class QueueRow:
    code: str  # the procedure's
    name: str
    open: int  # 未処理: received and not yet finished
    soon: int  # 期限間近
    overdue: int  # 期限超過


def work_queue(user, *, today: datetime.date | None = None) -> list[QueueRow]:
    """The open cases of the departments `user` may see, counted per procedure (procedures with
    none left out), the most overdue first."""
    today = today or timezone.localdate()
    counts = (
        Application.objects.received()
        .filter(department__in=case_departments(user), state__in=OPEN_STATES)
        .values("procedure__code", "procedure__name", "procedure__name_en")
        .annotate(
            open=Count("pk"),
            soon=Count("pk", filter=due_filter("soon", today=today)),
            overdue=Count("pk", filter=due_filter("overdue", today=today)),
        )
        .order_by()
    )
    english = get_language() == "en"
    rows = [
        QueueRow(
            code=row["procedure__code"],
            name=(english and row["procedure__name_en"]) or row["procedure__name"],
            open=row["open"],
            soon=row["soon"],
            overdue=row["overdue"],
        )
        for row in counts
    ]
    return sorted(rows, key=lambda r: (-r.overdue, -r.soon, -r.open, r.code))
