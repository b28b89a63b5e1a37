"""開示請求 (disclosure): what participation holds about one resident, for privacy's export.

Only the resident's own contributions and sign-ups; the Participation rows (keyed digests for the
indicators) are counted, never listed, as they name nobody."""

from __future__ import annotations

from ..models import Comment, EventQuestion, Participation, Proposal, Registration, Support, SurveyResponse
from .base import participant_key


def records_of(person) -> dict[str, list[dict]]:
    user = person.user
    proposals = Proposal.objects.filter(author=user) if user else Proposal.objects.none()
    comments = Comment.objects.filter(author=user) if user else Comment.objects.none()
    return {
        "proposals": [
            {
                "process": p.process.title,
                "title": p.title,
                "body": p.body,
                "status": p.status,
                "created_at": p.created_at,
            }
            for p in proposals.select_related("process").order_by("pk")
        ],
        "comments": [
            {
                "process": c.process.title,
                "display_name": c.display_name,
                "body": c.body,
                "created_at": c.created_at,
            }
            for c in comments.select_related("process").order_by("pk")
        ],
        "supports": [
            {"proposal": s.proposal.title, "created_at": s.created_at}
            for s in Support.objects.filter(person=person).select_related("proposal").order_by("pk")
        ],
        "survey_responses": [
            {"survey": r.survey.title, "channel": r.channel, "answers": r.answers, "created_at": r.created_at}
            for r in SurveyResponse.objects.filter(person=person).select_related("survey").order_by("pk")
        ],
        "workshop_registrations": [
            {
                "workshop": r.workshop.title,
                "mode": r.mode,
                "status": r.status,
                "created_at": r.created_at,
                "checked_in_at": r.checked_in_at,
                "joined_at": r.joined_at,
            }
            for r in Registration.objects.filter(person=person).select_related("workshop").order_by("pk")
        ],
        "event_questions": [
            {
                "workshop": q.workshop.title,
                "question": q.body,
                "answer": q.answer,
                "public": q.is_public,
                "created_at": q.created_at,
            }
            for q in EventQuestion.objects.filter(registration__person=person)
            .select_related("workshop")
            .order_by("pk")
        ],
        "participation_count": [
            {"count": Participation.objects.filter(participant_key=participant_key(person)).count()}
        ],
    }
