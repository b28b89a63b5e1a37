"""The learning loop: the week's questions the assistant could not answer (not confident) or whose
answer a resident said did not help, grouped so that FAQ authors see each need once, and one click
to add such a question to an FAQ as a variant (so the next resident asking it gets the answer).

Grouping is meant to be explained in one sentence: questions are compared by the character 2- and
3-grams of their normalised text (TF-IDF weighted), and a question joins the first group whose
first question is at least ``SIMILARITY`` alike (cosine); otherwise it starts a group. Largest
groups first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.jst import JST

from .. import retrieval
from ..events import Verb
from ..masking import EMAIL, MY_NUMBER, NAME, NUMBER, PHONE, POSTAL, STREET
from ..models import Faq, QuestionLog

SIMILARITY = 0.5
_MASK_LABELS = (MY_NUMBER, NUMBER, PHONE, EMAIL, POSTAL, STREET, NAME)


@dataclass
class Cluster:
    questions: list[QuestionLog] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.questions[0].text

    @property
    def size(self) -> int:
        return len(self.questions)

    @property
    def unhelpful(self) -> int:
        return sum(1 for q in self.questions if q.confident)  # answered, but judged unhelpful


def week_bounds(week_of: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 0:00 to the next Monday 0:00 (JST) of the week holding `week_of`."""
    monday = week_of - datetime.timedelta(days=week_of.weekday())
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=JST)
    return start, start + datetime.timedelta(days=7)


def questions_to_learn_from(start: datetime.datetime, end: datetime.datetime) -> QuerySet[QuestionLog]:
    """Not confident, or answered but marked unhelpful; not yet added to an FAQ or set aside."""
    return (
        QuestionLog.objects.filter(asked_at__gte=start, asked_at__lt=end)
        .filter(Q(confident=False) | Q(feedback__helpful=False))
        .filter(added_to__isnull=True, dismissed_at__isnull=True)
        .order_by("asked_at", "pk")
    )


def cluster_questions(logs: list[QuestionLog], *, similarity: float = SIMILARITY) -> list[Cluster]:
    """Greedy leader clustering on TF-IDF character n-grams of the normalised questions."""
    if not logs:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [retrieval.normalise(log.text) or log.text for log in logs]
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), min_df=1).fit_transform(texts)
    clusters: list[Cluster] = []
    leaders: list[int] = []
    for i, log in enumerate(logs):
        best, best_similarity = None, similarity
        for c, leader in enumerate(leaders):
            alike = float(vectors[i].multiply(vectors[leader]).sum())  # rows are L2-normalised
            if alike >= best_similarity:
                best, best_similarity = c, alike
        if best is None:
            leaders.append(i)
            clusters.append(Cluster(questions=[log]))
        else:
            clusters[best].questions.append(log)
    return sorted(clusters, key=lambda cluster: (-cluster.size, cluster.questions[0].asked_at))


def weekly_clusters(week_of: datetime.date) -> list[Cluster]:
    start, end = week_bounds(week_of)
    return cluster_questions(list(questions_to_learn_from(start, end).select_related("feedback")))


def record_week(week_of: datetime.date | None = None) -> list[Cluster]:
    """The weekly run (celery beat, Monday morning): the past week's groups, counted in an Event on
    the week's largest question so the run leaves a trace; the page computes the same groups."""
    week_of = week_of or (timezone.localdate() - datetime.timedelta(days=7))
    clusters = weekly_clusters(week_of)
    if clusters:
        record_event(
            clusters[0].questions[0],
            verb=Verb.QUESTIONS_CLUSTERED,
            data={
                "week": week_bounds(week_of)[0].date().isoformat(),
                "groups": len(clusters),
                "questions": sum(c.size for c in clusters),
            },
        )
    return clusters


def variant_text(log: QuestionLog) -> str:
    """The question without its mask labels: a variant says what is asked, not who asked."""
    text = log.text
    for label in _MASK_LABELS:
        text = text.replace(label, " ")
    return " ".join(text.split())[:200]


def faqs_editable_by(user) -> QuerySet[Faq]:
    departments = access.departments_where(user, access.ASSISTANT_MANAGE)
    return (
        Faq.objects.filter(department__in=departments)
        .select_related("department")
        .order_by("department", "question")
    )


@transaction.atomic
def add_question_to_faq(log: QuestionLog, *, faq: Faq, by) -> QuestionLog:
    """One click in the learning loop: the logged (masked) question becomes a variant of `faq`."""
    from .knowledge import add_variant

    if not access.can(by, access.ASSISTANT_MANAGE, faq.department_id):
        raise PermissionDenied(access.ASSISTANT_MANAGE.refusal)
    text = variant_text(log)
    if not text:
        raise ValidationError({"faq": [_("この質問には言い換えとして追加できる言葉が残っていません。")]})
    add_variant(faq, text=text, by=by)
    log.added_to = faq
    log.save(update_fields=["added_to"])
    record_event(log, verb=Verb.QUESTION_ADDED_TO_FAQ, actor=by, data={"faq": faq.pk})
    return log


@transaction.atomic
def dismiss_question(log: QuestionLog, *, by) -> QuestionLog:
    """Set a question aside (not a question for the city, a test, a duplicate)."""
    if not access.can_anywhere(by, access.ASSISTANT_MANAGE):
        raise PermissionDenied(access.ASSISTANT_MANAGE.refusal)
    if log.dismissed_at is None:
        log.dismissed_at = timezone.now()
        log.save(update_fields=["dismissed_at"])
        record_event(log, verb=Verb.QUESTION_DISMISSED, actor=by)
    return log
