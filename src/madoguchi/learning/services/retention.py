"""What learning holds about people, for privacy: the 開示請求 export (``records_of``) and the
purge (保存期間, the contract in ``core.retention``).

- ``registration``: a resident's class registration (講習会の申込), kept to the end of the
  class's 年度 plus the rule's days (「講習会の年度の末日から3年」) — then anonymised: name,
  phone, e-mail, the link to the resident and the survey's comment go; the class, the status,
  attendance and the survey's scores stay, so the plan's class figures do not move.
- ``staff_training``: a staff member's course completion (研修の修了), kept to the end of its
  年度 plus the rule's days (「修了の年度の末日から5年」) — then deleted, with that member's
  attempts at the course and the reminders sent to them for it from before that 年度.

Registrations staff entered without linking a resident (a phone sign-up by name only) are not
tied to the person and are not listed in ``records_of``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Q

from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.core.retention import Candidate, Removed, fiscal_years_ended_before, no_files

from ..models import Attempt, ClassRegistration, Completion, Reminder, SurveyAnswer

KINDS = ("registration", "staff_training")
delete_files = no_files


def _anonymised() -> Q:
    return Q(name="", phone="", email="", person__isnull=True) & (
        Q(survey__isnull=True) | Q(survey__comment="")
    )


def _past(kind: str, cutoff: datetime):
    before = fiscal_years_ended_before(cutoff)
    if kind == "registration":
        return ClassRegistration.objects.filter(citizen_class__starts_at__lt=before).exclude(_anonymised())
    if kind == "staff_training":
        return Completion.objects.filter(fiscal_year__lt=fiscal_year(cutoff))
    raise ValueError(f"unknown record kind {kind!r}")


def retention_candidates(
    kind: str, *, cutoff: datetime, procedures: list[str] | None = None, exclude: Iterable[str] = ()
) -> Iterator[Candidate]:
    """What of ``kind`` is past ``cutoff`` (rules for single procedures do not apply here)."""
    if procedures is not None:
        return
    if kind == "registration":
        rows = _past(kind, cutoff).values_list("pk", "reference", "person_id")
        for pk, reference, person_id in rows.order_by("pk").iterator():
            yield Candidate(kind, pk, reference, person_id or 0, 0, "")
    else:
        for pk, code in _past(kind, cutoff).values_list("pk", "course__code").order_by("pk").iterator():
            yield Candidate(kind, pk, f"研修 {code}", 0, 0, "")


def remove_record(kind: str, pk: int, *, cutoff: datetime) -> Removed | None:
    """Anonymise a registration or delete a completion if still past ``cutoff``; call inside a
    transaction. None: already done."""
    record = _past(kind, cutoff).filter(pk=pk).first()
    if record is None:
        return None
    if kind == "registration":
        ClassRegistration.objects.filter(pk=pk).update(name="", phone="", email="", person=None)
        SurveyAnswer.objects.filter(registration_id=pk).update(comment="")
        return Removed("anonymised", [])
    before = fiscal_years_ended_before(cutoff)
    Attempt.objects.filter(user_id=record.user_id, course_id=record.course_id, started_at__lt=before).delete()
    Reminder.objects.filter(
        user_id=record.user_id, assignment__course_id=record.course_id, sent_at__lt=before
    ).delete()
    record.delete()
    return Removed("deleted", [])


def records_of(person) -> dict[str, list[dict]]:
    registrations = (
        ClassRegistration.objects.filter(person=person).select_related("citizen_class").order_by("pk")
    )
    rows = []
    for r in registrations:
        survey = getattr(r, "survey", None)
        rows.append(
            {
                "reference": r.reference,
                "class": r.citizen_class.title,
                "starts_at": r.citizen_class.starts_at,
                "place": r.citizen_class.place_name,
                "name": r.name,
                "phone": r.phone,
                "email": r.email,
                "channel": r.channel,
                "status": r.status,
                "attended": r.attended,
                "created_at": r.created_at,
                "survey_understanding": survey.understanding if survey else None,
                "survey_satisfaction": survey.satisfaction if survey else None,
                "survey_comment": survey.comment if survey else "",
            }
        )
    return {"class_registrations": rows}
