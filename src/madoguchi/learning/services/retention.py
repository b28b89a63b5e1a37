"""What learning holds about a resident, for the 開示請求 export (privacy.services.disclosure):
their class registrations (講習会の申込) and survey answers. Registrations staff entered without
linking a resident (a phone sign-up by name only) are not tied to the person and are not listed."""

from __future__ import annotations

from ..models import ClassRegistration


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
