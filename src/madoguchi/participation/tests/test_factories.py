"""The factories other apps' tests build participation records with are taken part in through the
services as the real ones are."""

import pytest

from madoguchi.identity.testing import resident_user
from madoguchi.participation import services
from madoguchi.participation.models import Registration
from madoguchi.participation.tests.factories import (
    CommentFactory,
    ProposalFactory,
    QuestionFactory,
    SurveyFactory,
    WorkshopFactory,
)

from .conftest import resident_aged

pytestmark = pytest.mark.django_db


def test_a_factory_proposal_collects_support_from_a_verified_resident(city):
    proposal = ProposalFactory()
    person = resident_aged(30)
    services.support_proposal(proposal, person=person, user=resident_user(person))
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


def test_a_factory_survey_is_answered_and_tallied(city):
    question = QuestionFactory(survey=SurveyFactory())
    person = resident_aged(45)
    services.answer_survey(
        question.survey, person=person, user=resident_user(person), answers={question.pk: "はい"}
    )
    results = services.survey_results(question.survey)
    assert results.total == 1
    assert results.questions[0]["rows"] == [["はい", 1], ["いいえ", 0]]


def test_a_factory_workshop_takes_a_registration_online(city):
    workshop = WorkshopFactory()
    person = resident_aged(70)
    registration = services.register_for_workshop(
        workshop, person=person, user=resident_user(person), mode="online"
    )
    assert registration.status == Registration.Status.CONFIRMED


def test_a_factory_comment_is_published_on_its_process():
    comment = CommentFactory()
    assert list(comment.process.comments.filter(status="published")) == [comment]
