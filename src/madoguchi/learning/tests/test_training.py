"""職員研修: the self-check scored server-side (no replay, no edited form), completions and yearly
re-certification, assignments, the manager's list and the reminder."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone

from madoguchi.core.events import events_for
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.learning import services
from madoguchi.learning.models import Assignment, Attempt, Completion, Reminder
from madoguchi.learning.tasks import remind_unfinished

from .factories import assignment, course, question_bank

pytestmark = pytest.mark.django_db
R = StaffRole.Role


@pytest.fixture(autouse=True)
def _city(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    MunicipalityFactory()


@pytest.fixture
def shimin():
    return DepartmentFactory(code="shimin", name="市民課")


@pytest.fixture
def clerk(shimin):
    return staff_member(shimin, R.RECEPTION, username="clerk")


@pytest.fixture
def chief(shimin):
    return staff_member(shimin, R.APPROVAL, username="chief")


@pytest.fixture
def self_check():
    return course(code="self-check", bank=question_bank(code="sec"), questions=4, pass_mark=75)


def right_answers(attempt) -> dict:
    """What a person who knows every answer posts: the position of the right choice."""
    return {
        f"q{n}": str(next(i for i, c in enumerate(choices) if c.is_correct))
        for n, (_q, choices) in enumerate(services.attempt_questions(attempt))
    }


def wrong_answers(attempt) -> dict:
    return {
        f"q{n}": str(next(i for i, c in enumerate(choices) if not c.is_correct))
        for n, (_q, choices) in enumerate(services.attempt_questions(attempt))
    }


def test_passing_the_self_check_completes_the_course_with_a_certificate(self_check, clerk):
    attempt = services.start_attempt(self_check, by=clerk)
    assert len(attempt.layout) == 4
    attempt = services.submit_attempt(attempt, by=clerk, answers=right_answers(attempt))
    assert (attempt.score, attempt.passed) == (100, True)
    completion = Completion.objects.get(course=self_check, user=clerk)
    assert completion.score == 100
    assert services.certificate(clerk, completion.number) == completion
    assert [e.verb for e in events_for(self_check)] == [
        "learning.attempt_started",
        "learning.attempt_submitted",
        "learning.course_completed",
    ]


def test_three_of_four_passes_at_75_and_two_of_four_does_not(self_check, clerk):
    attempt = services.start_attempt(self_check, by=clerk)
    answers = right_answers(attempt)
    answers["q0"] = wrong_answers(attempt)["q0"]
    assert services.submit_attempt(attempt, by=clerk, answers=answers).score == 75
    assert Completion.objects.filter(user=clerk).count() == 1

    other = services.start_attempt(self_check, by=staff_member(DepartmentFactory(), username="other"))
    answers = right_answers(other)
    answers["q0"], answers["q1"] = wrong_answers(other)["q0"], wrong_answers(other)["q1"]
    result = services.submit_attempt(other, by=other.user, answers=answers)
    assert (result.score, result.passed) == (50, False)
    assert not Completion.objects.filter(user=other.user).exists()


def test_a_replayed_submission_is_refused_and_changes_nothing(self_check, clerk):
    attempt = services.start_attempt(self_check, by=clerk)
    services.submit_attempt(attempt, by=clerk, answers=wrong_answers(attempt))
    with pytest.raises(ValidationError, match="すでに提出されています"):
        services.submit_attempt(attempt, by=clerk, answers=right_answers(attempt))
    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (0, False)
    assert not Completion.objects.exists()


def test_answers_replayed_onto_a_new_attempt_follow_that_attempts_own_order(clerk):
    """Positions are per attempt: the winning positions of one attempt are not the right answers
    of the next (its choices are shuffled again), so replaying them scores what they happen to hit."""
    bank = question_bank(code="wide", questions=1, choices=6)
    one = course(code="one-question", bank=bank, questions=1, pass_mark=100)
    first = services.start_attempt(one, by=clerk)
    winning = right_answers(first)
    for _ in range(20):
        nxt = services.start_attempt(one, by=clerk)
        if right_answers(nxt) != winning:
            break
    else:  # 1 in 6**20: shuffled the same every time
        pytest.skip("the shuffle repeated")
    result = services.submit_attempt(nxt, by=clerk, answers=winning)
    assert result.passed is False


def test_the_form_cannot_set_the_score_or_the_questions(self_check, clerk):
    attempt = services.start_attempt(self_check, by=clerk)
    forged = {**wrong_answers(attempt), "score": "100", "passed": "1", "q99": "0", "layout": "[]"}
    result = services.submit_attempt(attempt, by=clerk, answers=forged)
    assert (result.score, result.passed) == (0, False)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda answers: answers.pop("q1"), "回答していない問題があります（問2）"),
        (lambda answers: answers.update(q0="7"), "回答していない問題があります（問1）"),
        (lambda answers: answers.update(q2="-1"), "回答していない問題があります（問3）"),
        (lambda answers: answers.update(q3="x"), "回答していない問題があります（問4）"),
    ],
)
def test_unreadable_answers_are_named_and_leave_the_attempt_open(self_check, clerk, edit, message):
    attempt = services.start_attempt(self_check, by=clerk)
    answers = right_answers(attempt)
    edit(answers)
    with pytest.raises(ValidationError, match=message.replace("（", "（").replace("(", r"\(")):
        services.submit_attempt(attempt, by=clerk, answers=answers)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None
    assert services.submit_attempt(attempt, by=clerk, answers=right_answers(attempt)).passed


def test_only_the_taker_submits_and_an_expired_attempt_is_refused(self_check, clerk, chief):
    attempt = services.start_attempt(self_check, by=clerk)
    with pytest.raises(Http404):
        services.submit_attempt(attempt, by=chief, answers=right_answers(attempt))
    later = attempt.expires_at + timedelta(seconds=1)
    with pytest.raises(ValidationError, match="制限時間"):
        services.submit_attempt(attempt, by=clerk, answers=right_answers(attempt), now=later)
    assert not Completion.objects.exists()


def test_the_attempt_page_scores_on_the_server_once(self_check, clerk):
    client = Client()
    login_staff(client, clerk)
    response = client.post(f"/staff/learning/courses/{self_check.pk}/start/")
    attempt = Attempt.objects.get(user=clerk)
    assert response["Location"] == f"/staff/learning/attempts/{attempt.token}/"
    page = client.get(response["Location"]).content.decode()
    assert "sec" in page and 'name="q0"' in page
    answers = right_answers(attempt)
    client.post(response["Location"], {**answers, "score": "0"})
    attempt.refresh_from_db()
    assert attempt.score == 100
    replay = client.post(response["Location"], wrong_answers(attempt), follow=True).content.decode()
    assert "すでに提出されています" in replay
    attempt.refresh_from_db()
    assert attempt.score == 100
    # someone else's token is not found
    other = Client()
    login_staff(other, staff_member(DepartmentFactory(), username="nosy"))
    assert other.get(response["Location"]).status_code == 404


def test_a_yearly_course_needs_passing_again_in_the_next_nendo(self_check, clerk):
    Completion.objects.create(course=self_check, user=clerk, fiscal_year=2024, number="R6-1")
    assert services.has_completed(self_check, clerk, 2024)
    assert not services.has_completed(self_check, clerk, 2025)
    once = course(code="once", yearly=False)
    Completion.objects.create(course=once, user=clerk, fiscal_year=2024, number="R6-2")
    assert services.has_completed(once, clerk, 2025)


def test_a_course_without_a_check_is_completed_by_reading(clerk):
    reading = course(code="ebpm", topic="data")
    completion = services.complete_reading(reading, by=clerk)
    assert completion.score is None and completion.user == clerk
    with pytest.raises(ValidationError, match="確認テストに合格すると"):
        services.complete_reading(course(code="checked", bank=question_bank(code="b2")), by=clerk)


def test_assignment_targets_all_staff_a_department_or_a_role(shimin, clerk, chief):
    other = staff_member(DepartmentFactory(code="kaigo"), R.APPROVAL, username="kaigo-chief")
    lesson = course(code="targets")
    everyone = assignment(lesson)
    department = assignment(lesson, target=Assignment.Target.DEPARTMENT, target_department=shimin)
    approvers = assignment(lesson, target=Assignment.Target.ROLE, target_role=R.APPROVAL)
    names = lambda a: sorted(services.assigned_staff(a).values_list("username", flat=True))  # noqa: E731
    assert names(everyone) == ["chief", "clerk", "kaigo-chief"]
    assert names(department) == ["chief", "clerk"]
    assert names(approvers) == ["chief", "kaigo-chief"]
    assert other.is_active


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"target": "all", "opens_on": date(2025, 5, 1), "due_on": date(2025, 4, 1)},
            "受講期限は受講開始日より後",
        ),
        (
            {"target": "department", "opens_on": date(2025, 5, 1), "due_on": date(2025, 6, 1)},
            "対象の部署を選んで",
        ),
        (
            {"target": "role", "opens_on": date(2025, 5, 1), "due_on": date(2025, 6, 1), "role": "x"},
            "対象の権限を選んで",
        ),
    ],
)
def test_bad_assignments_are_refused_with_a_message(shimin, kwargs, message):
    manager = staff_member(shimin, R.REVIEW, username="trainer")
    lesson = course(shimin, code="bad")
    with pytest.raises(ValidationError, match=message):
        services.assign_course(lesson, by=manager, **kwargs)
    assert not Assignment.objects.exists()


def test_staff_who_have_not_passed_the_security_self_check_are_on_the_managers_list_and_reminded(
    self_check, shimin, clerk, chief, django_capture_on_commit_callbacks
):
    """The issue's must-show: the manager (決裁) sees who has not passed this 年度's self-check,
    and the daily beat task reminds them, once a week."""
    assignment(self_check, opens_on=timezone.localdate() - timedelta(days=40))
    Completion.objects.create(
        course=self_check,
        user=chief,
        fiscal_year=services.training.fiscal_year(timezone.localdate()),
        number="X1",
    )
    rows = services.department_progress(shimin, by=chief)
    assert [(r.user.username, r.completed, r.overdue) for r in rows] == [
        ("chief", True, False),
        ("clerk", False, True),
    ]
    with pytest.raises(PermissionDenied):
        services.department_progress(shimin, by=clerk)

    client = Client()
    login_staff(client, chief)
    page = client.get("/staff/learning/progress/").content.decode()
    assert "clerk" in page and "期限超過" in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_unfinished.delay().get() == 1
    assert [m.to for m in mail.outbox] == [["clerk@example.jp"]]
    assert "研修 self-check" in mail.outbox[0].subject
    assert remind_unfinished.delay().get() == 0  # not again within the week
    assert Reminder.objects.filter(user=clerk).count() == 1


def test_the_beat_schedule_runs_the_reminder(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "madoguchi.learning.tasks.remind_unfinished" in tasks


def test_lessons_are_versioned_and_an_unchanged_save_adds_no_version(shimin):
    trainer = staff_member(shimin, R.REVIEW, username="trainer")
    lesson_course = services.create_course(
        shimin, by=trainer, code="new", title="新しい研修", topic="digital"
    )
    lesson = services.add_lesson(lesson_course, by=trainer, title="第1章", body="# 初版")
    services.revise_lesson(lesson, by=trainer, title="第1章", body="# 第2版")
    services.revise_lesson(lesson, by=trainer, title="第1章", body="# 第2版")
    assert list(lesson.versions.values_list("number", "body")) == [(1, "# 初版"), (2, "# 第2版")]
    with pytest.raises(PermissionDenied):
        services.revise_lesson(
            lesson, by=staff_member(DepartmentFactory(), R.REVIEW, username="x"), title="t", body="b"
        )


def test_a_course_code_is_used_once(shimin):
    trainer = staff_member(shimin, R.REVIEW, username="trainer")
    services.create_course(shimin, by=trainer, code="dup", title="研修", topic="digital")
    with pytest.raises(ValidationError, match="このコードはすでに使われています"):
        services.create_course(shimin, by=trainer, code="dup", title="研修2", topic="digital")
