"""The demo city's learning data: the plan page has figures for every learning indicator, and the
calendar feed lists the upcoming classes (issue 21's must-show)."""

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from madoguchi.core import demo as core_demo
from madoguchi.core.japanese.fiscal import fiscal_year
from madoguchi.learning import demo
from madoguchi.learning.models import CitizenClass, Course, Question
from madoguchi.pdca.metrics import metrics

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_city():
    quiet = lambda line: None  # noqa: E731
    core_demo.load_city(quiet)
    core_demo.load_staff(quiet)
    core_demo.load_residents(quiet)
    demo.load(quiet)


def test_the_demo_is_loaded_once_with_both_question_banks(demo_city):
    assert Question.objects.filter(bank__code="security").count() == 10
    assert Question.objects.filter(bank__code="digital-basics").count() == 10
    assert not Question.objects.filter(text_en="").exists()  # every question in English too
    courses = Course.objects.count()
    demo.load(lambda line: None)
    assert Course.objects.count() == courses == 5


def test_the_demo_gives_every_learning_indicator_a_figure_this_year(demo_city):
    year = fiscal_year(timezone.localdate())
    learning = [m for m in metrics if m.app == "learning"]
    assert len(learning) == 13
    missing = [m.code for m in learning if m.value(year) is None]
    # classes, surveys and measures need a past day of the 年度; from its second week they exist
    if (timezone.localdate() - timezone.datetime(year, 4, 1).date()).days > 30:
        assert missing == []
    assert metrics.get("security-training-attendance-rate").value(year) < 100  # some have not passed


def test_the_calendar_feed_lists_the_demos_upcoming_classes(demo_city):
    upcoming = CitizenClass.objects.filter(starts_at__gte=timezone.now())
    assert upcoming.count() >= 3
    calendar = Calendar.from_ical(Client().get("/learning/classes/calendar.ics").content)
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert set(upcoming.values_list("uid", flat=True)) <= uids


def test_a_demo_manager_sees_who_has_not_passed_the_self_check(demo_city):
    from madoguchi.core.models import Department, User
    from madoguchi.learning import services

    chief = User.objects.get(username="kodomo-chief")
    rows = services.department_progress(Department.objects.get(code="kodomo-shien"), by=chief)
    open_rows = {(r.user.username, r.assignment.course.code) for r in rows if not r.completed}
    assert ("kodomo", "security-self-check") in open_rows
