"""factory-boy factories for participation: processes, proposals, comments, surveys with their
questions, and workshops. Take part (support, answer, register) through the services."""

import datetime

import factory
from django.utils import timezone

from madoguchi.core.tests.factories import DepartmentFactory, UserFactory
from madoguchi.participation.models import Comment, PhaseKind, Process, Proposal, Question, Survey, Workshop

__all__ = [
    "CommentFactory",
    "ProcessFactory",
    "ProposalFactory",
    "QuestionFactory",
    "SurveyFactory",
    "WorkshopFactory",
]


class ProcessFactory(factory.django.DjangoModelFactory):
    """A published process of a department, collecting opinions (意見募集中)."""

    class Meta:
        model = Process

    title = factory.Sequence(lambda n: f"参加の場{n}")
    department = factory.SubFactory(DepartmentFactory)
    phase = PhaseKind.CONSULTATION


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"提案{n}")
    body = "公園にベンチを増やしてほしい。"


class CommentFactory(factory.django.DjangoModelFactory):
    """A published comment on a process (on a proposal with `proposal=`)."""

    class Meta:
        model = Comment

    process = factory.SubFactory(ProcessFactory)
    author = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"市民{n}")
    body = "賛成です。"


class SurveyFactory(factory.django.DjangoModelFactory):
    """An open survey without questions; add them with QuestionFactory."""

    class Meta:
        model = Survey

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"アンケート{n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question (kind="text" and others as needed)."""

    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    order = factory.LazyAttribute(lambda q: q.survey.questions.count())
    kind = "single"
    text = factory.Sequence(lambda n: f"質問{n}")
    choices = factory.LazyFunction(lambda: ["はい", "いいえ"])


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A hybrid workshop a week from now, ten seats at the venue and ten online."""

    class Meta:
        model = Workshop

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"ワークショップ{n}")
    format = Workshop.Format.HYBRID
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    venue = "本多公民館"
    online_url = "https://meet.example.jp/workshop"
    capacity_in_person = 10
    capacity_online = 10
