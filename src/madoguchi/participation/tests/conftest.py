"""People and things of the participation tests: a city, a process collecting opinions,
verified residents of different ages, and a moderator of 協働コミュニティ課."""

import datetime

import pytest
from django.core.cache import cache

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, PersonFactory, staff_member
from madoguchi.participation.models import PhaseKind, Process, Proposal, Question, Survey


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(db):
    return MunicipalityFactory()


@pytest.fixture
def kyodo(db):
    return DepartmentFactory(code="kyodo", name="協働コミュニティ課")


@pytest.fixture
def parks(city, kyodo):
    return Process.objects.create(
        title="国分寺市の公園の使い方", department=kyodo, phase=PhaseKind.CONSULTATION, support_threshold=3
    )


@pytest.fixture
def proposal(parks):
    return Proposal.objects.create(
        process=parks, title="ベンチと日陰を増やす", body="木陰とベンチを増やしてほしい。"
    )


@pytest.fixture
def survey(parks):
    survey = Survey.objects.create(process=parks, title="公園の利用に関するアンケート", anonymous=True)
    Question.objects.create(
        survey=survey,
        order=0,
        kind="single",
        text="よく利用する公園",
        choices=["武蔵国分寺公園", "殿ヶ谷戸庭園"],
    )
    Question.objects.create(
        survey=survey, order=1, kind="multiple", text="公園ですること", choices=["散歩", "運動", "休憩"]
    )
    Question.objects.create(survey=survey, order=2, kind="scale", text="満足度", scale_max=5)
    Question.objects.create(
        survey=survey, order=3, kind="ranking", text="優先してほしい整備", choices=["トイレ", "遊具", "照明"]
    )
    Question.objects.create(survey=survey, order=4, kind="text", text="ご意見", required=False)
    return survey


def resident_aged(age: int, **kwargs):
    today = datetime.date.today()
    return PersonFactory(
        birth_date=today.replace(year=today.year - age) - datetime.timedelta(days=10), **kwargs
    )


@pytest.fixture
def young_resident(city):
    return resident_aged(24, given_name="陽菜")


@pytest.fixture
def older_resident(city):
    return resident_aged(71, given_name="和子")


@pytest.fixture
def moderator(kyodo):
    """A staff member without personal-data roles (no second factor needed for moderation)."""
    return staff_member(kyodo, StaffRole.Role.SYSADMIN, username="kyodo-moderator")


@pytest.fixture
def kyodo_staff(kyodo):
    """Staff of 協働コミュニティ課 (審査) with a second factor, as identity.staff requires."""
    from allauth.mfa.models import Authenticator

    user = staff_member(kyodo, StaffRole.Role.REVIEW, username="kyodo-staff")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user
