"""The applications' part of the resident's マイページ (core.navigation.my_page_sources)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.core.navigation import MyPageItem

from .models import Application, State

IN_PROGRESS = (State.SUBMITTED, State.UNDER_REVIEW, State.RESUBMITTED, State.APPROVED)


def items(person) -> list[MyPageItem]:
    counts = dict(
        Application.objects.filter(applicant=person).values_list("state").annotate(n=Count("pk")).order_by()
    )
    mine = reverse("applications:mine")
    lines = []
    if n := counts.get(State.CORRECTION_REQUESTED, 0):
        lines.append(
            MyPageItem(_("補正の依頼がある申請"), n, mine, _("依頼を読んで、直して出し直してください。"))
        )
    if n := counts.get(State.DRAFT, 0):
        lines.append(
            MyPageItem(
                _("下書きの申請"), n, mine, _("まだ申請していません。続きを入力して申請してください。")
            )
        )
    if n := sum(counts.get(state, 0) for state in IN_PROGRESS):
        lines.append(MyPageItem(_("手続中の申請"), n, mine))
    if n := counts.get(State.COMPLETED, 0) + counts.get(State.REJECTED, 0):
        lines.append(MyPageItem(_("終わった申請"), n, mine))
    return lines
