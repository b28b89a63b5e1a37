"""Surveys (アンケート): online answers, postal and paper answers typed in by staff, and the tally."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import User

from ..models import AgeBand, Participation, ParticipationChannel, Question, Survey, SurveyResponse
from .base import AlreadyDone, NotAllowed, _ensure_person, _record_participation


def _respondent_key(survey: Survey, person) -> str:
    message = f"participation:survey:{survey.pk}:{person.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def has_answered(survey: Survey, person) -> bool:
    """Whether this resident already answered online (found by the per-survey digest, which an
    anonymous survey keeps instead of the Person)."""
    if person is None:
        return False
    return survey.responses.filter(respondent_key=_respondent_key(survey, person)).exists()


def answer_survey(survey: Survey, *, person, user: User, answers: dict) -> SurveyResponse:
    """アンケートに答える (online): once per verified resident. In an anonymous survey only a
    per-survey digest is kept, never the Person."""
    _ensure_person(person)
    if not survey.is_open:
        raise NotAllowed(_("このアンケートの回答受付は終了しました。"), code="closed")
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                channel=ParticipationChannel.ONLINE,
                person=None if survey.anonymous else person,
                respondent_key=_respondent_key(survey, person),
                answers={str(k): v for k, v in answers.items()},
            )
            _record_participation(
                survey.process,
                survey,
                kind=Participation.Kind.SURVEY,
                channel="online",
                person=person,
                actor=user,
            )
    except IntegrityError:
        raise AlreadyDone(_("このアンケートにはすでに回答しています。"), code="duplicate") from None
    return response


@transaction.atomic
def enter_paper_answer(
    survey: Survey,
    *,
    by: User,
    channel: str,
    answers: dict,
    age_band: str = AgeBand.UNKNOWN,
    district: str = "",
    reference: str = "",
) -> SurveyResponse:
    """郵送・紙の回答を入力する: staff type in an answer that came by post or on paper, so both
    channels count in the same results and indicators."""
    channel = ParticipationChannel(channel)
    if channel not in (ParticipationChannel.POSTAL, ParticipationChannel.PAPER):
        raise NotAllowed(_("郵送または紙の回答だけを入力できます。"), code="bad_channel")
    response = SurveyResponse.objects.create(
        survey=survey,
        channel=channel,
        entered_by=by,
        paper_reference=reference,
        answers={str(k): v for k, v in answers.items()},
    )
    _record_participation(
        survey.process,
        survey,
        kind=Participation.Kind.SURVEY,
        channel=channel,
        actor=by,
        age_band=AgeBand(age_band or AgeBand.UNKNOWN),
        district=district,
        key=f"paper:{response.pk}:{uuid.uuid4().hex[:8]}",
    )
    return response


# --- the tally ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyResults:
    """集計結果. `questions`: per question, {"question", "count"} for free text (how many wrote
    something) or {"question", "rows": [[option, n], …]} (a ranking counts first choices only).
    `by_channel`: [[channel, n], …] in channel order."""

    questions: list[dict]
    total: int
    by_channel: list[list]


def _option_counts(question: Question, key: str, responses: list[dict]) -> dict[str, int]:
    if question.kind == Question.Kind.SCALE:
        options = [str(i) for i in range(1, question.scale_max + 1)]
    else:
        options = list(question.choices)
    counts: dict[str, int] = dict.fromkeys(options, 0)
    for response in responses:
        value = response.get(key)
        if value is None:
            continue
        if question.kind == Question.Kind.RANKING:
            if value:
                counts[value[0]] = counts.get(value[0], 0) + 1  # first choices
        elif isinstance(value, list):
            for v in value:
                counts[str(v)] = counts.get(str(v), 0) + 1
        else:
            counts[str(value)] = counts.get(str(value), 0) + 1
    return counts


def survey_results(survey: Survey) -> SurveyResults:
    """アンケートの集計: every channel's answers (online, postal, paper) counted together."""
    responses = list(survey.responses.values_list("answers", flat=True))
    questions = []
    for question in survey.questions.all():
        key = str(question.pk)
        if question.kind == Question.Kind.TEXT:
            questions.append({"question": question, "count": sum(1 for r in responses if r.get(key))})
        else:
            counts = _option_counts(question, key, responses)
            questions.append({"question": question, "rows": [[k, v] for k, v in counts.items()]})
    by_channel = survey.responses.values("channel").annotate(n=Count("pk")).order_by("channel")
    return SurveyResults(
        questions=questions,
        total=len(responses),
        by_channel=[[c["channel"], c["n"]] for c in by_channel],
    )
