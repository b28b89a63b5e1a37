import datetime

import pytest

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import HouseholdFactory, PersonFactory, staff_member
from madoguchi.counter.models import ServiceCategory, Window
from madoguchi.lifeevents.tests.factories import life_event_catalogue, life_event_departments

R = StaffRole.Role


@pytest.fixture
def departments(db):
    """The departments that run life-event procedures (市民課, 保険年金課 …), by code."""
    return life_event_departments()


@pytest.fixture
def catalogue(departments):
    """The city's catalogue: the life-event procedures and the online ones they lead to."""
    life_event_catalogue()


@pytest.fixture
def queue(departments):
    """Two categories with their windows, like the city hall's ground floor."""
    life = ServiceCategory.objects.create(
        code="life",
        name="住所変更・戸籍の届出",
        name_en="Moving",
        prefix="B",
        department=departments["shimin"],
        default_service_minutes=20,
    )
    insurance = ServiceCategory.objects.create(
        code="insurance",
        name="保険・年金",
        name_en="Insurance",
        prefix="C",
        department=departments["hoken-nenkin"],
        default_service_minutes=15,
    )
    window3 = Window.objects.create(number="3", name="住民異動窓口", department=departments["shimin"])
    window3.categories.add(life)
    window5 = Window.objects.create(
        number="5", name="国民健康保険窓口", department=departments["hoken-nenkin"]
    )
    window5.categories.add(insurance)
    return {"life": life, "insurance": insurance, "window3": window3, "window5": window5}


@pytest.fixture
def counter_staff(departments):
    return staff_member(departments["shimin"], R.RECEPTION, username="madoguchi-ichiro")


@pytest.fixture
def family_with_child(db):
    """A family moving in: a parent and a five-year-old child."""
    household = HouseholdFactory(
        number="H-TENNYU", postal_code="185-0012", address="東京都国分寺市本町二丁目1番1号"
    )
    parent = PersonFactory(
        household=household,
        family_name="国分",
        given_name="花子",
        family_name_kana="コクブ",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1990, 5, 1),
        gender=2,
        relationship="世帯主",
    )
    child = PersonFactory(
        household=household,
        family_name="国分",
        given_name="蓮",
        family_name_kana="コクブ",
        given_name_kana="レン",
        birth_date=datetime.date.today() - datetime.timedelta(days=5 * 365 + 30),
        gender=1,
        relationship="子",
        phone="",
        email="",
    )
    return parent, child
