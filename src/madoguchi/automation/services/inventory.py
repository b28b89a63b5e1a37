"""手続の棚卸し (BPR inventory): per procedure, what it still demands of residents — a seal (押印), a
paper original (書面), a visit (対面), documents the city could fetch itself (ワンスオンリー) — with
the legal basis and the reform decision and date for each; progress as counts of procedures that
still demand each kind (the national 押印・書面・対面 review asks the same questions)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access, csvsafe
from madoguchi.core.events import record_event
from madoguchi.procedures import services as procedures

from ..events import Verb
from ..models import ProcedureReview, Requirement

if TYPE_CHECKING:
    from madoguchi.core.models import User

# Documents another office of the city (or a national register) already holds: a candidate for
# ワンスオンリー, the city looking them up instead of asking the resident.
ONCE_ONLY_WORDS = ("住民票", "課税", "非課税", "戸籍", "被保険者証", "所得", "受給資格証明書")


def _actor(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def once_only_candidates(attachments: list[dict]) -> list[str]:
    """The names of `attachments` (a procedure's required_attachments) the city could fetch itself:
    the document itself is one of ONCE_ONLY_WORDS (not a mention in its note, as a 委任状's "戸籍謄本
    for a legal representative"), or the catalog already says 公簿で確認."""
    found = []
    for attachment in attachments:
        name = attachment.get("name", "")
        document = name.split("（", 1)[0]
        if any(word in document for word in ONCE_ONLY_WORDS) or "公簿" in name:
            found.append(name)
    return found


@transaction.atomic
def take_inventory(*, by: User | None = None) -> list[ProcedureReview]:
    """Put every procedure of the catalog that is not yet in the inventory into it, with its legal
    basis and the attachments the city could fetch itself as items to review. `by` (staff) must
    hold automation.manage in each procedure's department; None is the demo loader."""
    made = []
    known = set(ProcedureReview.objects.values_list("procedure_code", flat=True))
    for procedure in procedures.search_procedures("", published_only=False):
        if procedure.code in known:
            continue
        if by is not None and not access.can(by, access.AUTOMATION_MANAGE, procedure.department_id):
            continue
        review = ProcedureReview.objects.create(
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            department_id=procedure.department_id,
            legal_basis=procedure.legal_basis,
        )
        for name in once_only_candidates(procedure.required_attachments or []):
            Requirement.objects.get_or_create(
                review=review, kind=Requirement.Kind.ATTACHMENT, label=name[:300]
            )
        record_event(review, verb=Verb.INVENTORY_TAKEN, actor=_actor(by), data={"procedure": procedure.code})
        made.append(review)
    return made


@transaction.atomic
def add_requirement(
    review: ProcedureReview,
    *,
    by: User | None,
    kind: str,
    label: str = "",
    basis: str = Requirement.Basis.PRACTICE,
) -> Requirement:
    """Record that the procedure demands `kind` (押印, 書面, 対面, an attachment) on the given basis."""
    if by is not None:
        access.require(by, access.AUTOMATION_MANAGE, review.department_id)
    if kind not in Requirement.Kind.values:
        raise ValidationError({"kind": [_("種別を選んでください。")]})
    if basis not in Requirement.Basis.values:
        raise ValidationError({"basis": [_("根拠を選んでください。")]})
    label = (label or "").strip()
    if kind == Requirement.Kind.ATTACHMENT and not label:
        raise ValidationError({"label": [_("添付書類の名称を入力してください。")]})
    requirement, created = Requirement.objects.get_or_create(
        review=review, kind=kind, label=label, defaults={"basis": basis}
    )
    if created:
        record_event(
            review,
            verb=Verb.INVENTORY_TAKEN,
            actor=_actor(by),
            data={"procedure": review.procedure_code, "requirement": kind},
        )
    return requirement


@transaction.atomic
def record_decision(
    requirement: Requirement,
    *,
    by: User | None,
    decision: str,
    reason: str = "",
    decided_on: date | None = None,
    effective_on: date | None = None,
) -> Requirement:
    """見直しの方針: drop it (廃止), replace it (代替手段: online, the city's own lookup), keep it
    (存続, with the reason), or leave it under review; with the date decided and the date it takes
    effect. Bad input changes nothing."""
    review = requirement.review
    if by is not None:
        access.require(by, access.AUTOMATION_MANAGE, review.department_id)
    errors: dict[str, list[str]] = {}
    if decision not in Requirement.Decision.values:
        errors["decision"] = [_("見直しの方針を選んでください。")]
    elif decision != Requirement.Decision.PENDING and decided_on is None:
        errors["decided_on"] = [_("方針を決めた日を入力してください。")]
    if decision == Requirement.Decision.KEEP and not (reason or "").strip():
        errors["reason"] = [_("存続とする理由（根拠となる法令など）を入力してください。")]
    if decision in (Requirement.Decision.PENDING, Requirement.Decision.KEEP) and effective_on is not None:
        errors["effective_on"] = [_("実施日は、廃止または代替手段で対応する場合に入力します。")]
    if decided_on and effective_on and effective_on < decided_on:
        errors["effective_on"] = [_("実施日は決定日以降の日付にしてください。")]
    if errors:
        raise ValidationError(errors)
    requirement.decision = decision
    requirement.reason = (reason or "").strip()
    requirement.decided_on = decided_on if decision != Requirement.Decision.PENDING else None
    requirement.effective_on = effective_on
    requirement.save(update_fields=["decision", "reason", "decided_on", "effective_on"])
    review.save(update_fields=["updated_at"])
    record_event(
        review,
        verb=Verb.REQUIREMENT_DECIDED,
        actor=_actor(by),
        data={
            "procedure": review.procedure_code,
            "requirement": requirement.kind,
            "decision": decision,
            "effective_on": effective_on.isoformat() if effective_on else None,
        },
    )
    return requirement


# ---------------------------------------------------------------- reads


def reviews_for(user) -> QuerySet[ProcedureReview]:
    """The inventory of the departments where `user` holds automation.manage."""
    departments = access.departments_where(user, access.AUTOMATION_MANAGE)
    return ProcedureReview.objects.filter(department__in=departments).select_related("department")


def access_review(user, code: str) -> ProcedureReview:
    """One procedure's inventory for its department's staff (404 for anyone else)."""
    return access.load(
        ProcedureReview.objects.select_related("department"),
        user,
        access.AUTOMATION_MANAGE,
        procedure_code=code,
    )


def review_of(code: str) -> ProcedureReview | None:
    return ProcedureReview.objects.filter(procedure_code=code).first()


def change_date(code: str) -> date | None:
    """The latest date a reform of the procedure took effect (where mining compares before/after)."""
    dates = [
        r.effective_on for r in Requirement.objects.filter(review__procedure_code=code) if r.effective_on
    ]
    return max(dates) if dates else None


@dataclass(frozen=True)
class KindProgress:
    kind: str
    label: str
    inventoried: int  # procedures that demanded it when inventoried
    still_required: int  # … and still do on the day
    dropped: int  # … no longer (廃止 or 代替手段, in effect)
    undecided: int  # … still under review (検討中)
    kept: int  # … kept on purpose (存続)

    @property
    def percent_done(self) -> float | None:
        return round(100 * self.dropped / self.inventoried, 1) if self.inventoried else None


def progress(reviews, *, on: date | None = None) -> list[KindProgress]:
    """For each kind: how many procedures demanded it, and how many still do on `on` (today)."""
    on = on or timezone.localdate()
    rows = []
    requirements = list(Requirement.objects.filter(review__in=reviews))
    for kind in Requirement.Kind:
        per_procedure: dict[int, list[Requirement]] = {}
        for requirement in requirements:
            if requirement.kind == kind:
                per_procedure.setdefault(requirement.review_id, []).append(requirement)
        still = [any(r.in_force(on) for r in items) for items in per_procedure.values()]
        undecided = sum(
            1
            for items in per_procedure.values()
            if any(r.decision == Requirement.Decision.PENDING for r in items)
        )
        kept = sum(
            1
            for items in per_procedure.values()
            if any(r.decision == Requirement.Decision.KEEP for r in items)
        )
        rows.append(
            KindProgress(
                kind=kind.value,
                label=str(kind.label),
                inventoried=len(per_procedure),
                still_required=sum(still),
                dropped=len(still) - sum(still),
                undecided=undecided,
                kept=kept,
            )
        )
    return rows


CSV_HEADER = [
    "手続コード",
    "手続名",
    "担当部署",
    "根拠法令",
    "種別",
    "内容",
    "根拠",
    "見直しの方針",
    "決定日",
    "実施日",
    "基準日に残っているか",
]


def inventory_csv(reviews, *, on: date | None = None) -> str:
    """The inventory, one row per requirement, with whether it still applies on `on` (today)."""
    on = on or timezone.localdate()
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(CSV_HEADER)
    for requirement in (
        Requirement.objects.filter(review__in=reviews)
        .select_related("review", "review__department")
        .order_by("review__procedure_code", "kind", "label")
    ):
        review = requirement.review
        writer.writerow(
            [
                review.procedure_code,
                review.procedure_name,
                review.department.name,
                review.legal_basis,
                requirement.get_kind_display(),
                requirement.label,
                requirement.get_basis_display(),
                requirement.get_decision_display(),
                requirement.decided_on.isoformat() if requirement.decided_on else "",
                requirement.effective_on.isoformat() if requirement.effective_on else "",
                "はい" if requirement.in_force(on) else "いいえ",
            ]
        )
    return out.getvalue()
