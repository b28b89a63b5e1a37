"""The staff home (職員ページ) as a work queue: 未処理 / 期限間近 / 期限超過 per procedure for the
departments the user may see, each a link to the inbox filtered the same way, and a side menu that
shows only what the user's roles open."""

import re

import pytest
from django.utils import timezone

from madoguchi.applications.models import State
from madoguchi.applications.tests.factories import ApplicationFactory
from madoguchi.core.japanese import add_business_days
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.procedures.tests.factories import ProcedureFactory, ProcedureVersionFactory

pytestmark = pytest.mark.django_db
R = StaffRole.Role


def _case(version, due, state=State.SUBMITTED):
    return ApplicationFactory(procedure_version=version, submitted=True, state=state, due_date=due)


@pytest.fixture
def queue(departments):
    """Two procedures of こども子育て支援課 and one of 介護保険課, cases due at known distances."""
    today = timezone.localdate()
    yesterday = today - timezone.timedelta(days=1)
    soon = add_business_days(today, 3)  # the last day that is still 期限間近
    later = add_business_days(today, 4)
    kodomo = departments["kodomo-shien"]
    teate = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="q-teate", name="手当の届", department=kodomo)
    )
    iryo = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="q-iryo", name="医療費の申請", department=kodomo)
    )
    kaigo = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="q-kaigo", department=departments["kaigo"])
    )
    for due in (yesterday, yesterday, today, soon, later, None):
        _case(teate, due)
    _case(teate, yesterday, state=State.UNDER_REVIEW)
    _case(teate, yesterday, state=State.COMPLETED)  # finished: in no count
    _case(teate, today, state=State.REJECTED)
    _case(iryo, later)
    _case(iryo, soon, state=State.CORRECTION_REQUESTED)
    _case(kaigo, yesterday)  # another department's: never shown
    ApplicationFactory(procedure_version=teate, due_date=yesterday)  # a draft is not received
    return {"teate": teate.procedure, "iryo": iryo.procedure}


def _counts(html: str, name: str) -> dict[str, int]:
    row = re.search(rf"<th scope=\"row\">{name}</th>(.*?)</tr>", html, re.S)
    assert row, f"no row for {name}"
    return {kind: int(n) for kind, n in re.findall(r'data-count="(\w+)">(\d+)', row.group(1))}


def test_counts_per_procedure_are_exact(client, queue, childcare_staff):
    login_staff(client, childcare_staff)
    html = client.get("/staff/").content.decode()
    assert _counts(html, "手当の届") == {"open": 7, "soon": 2, "overdue": 3}
    assert _counts(html, "医療費の申請") == {"open": 2, "soon": 1, "overdue": 0}
    assert "q-kaigo" not in html and "テスト手続" not in html
    # the most overdue procedure first
    assert html.index("手当の届") < html.index("医療費の申請")


@pytest.mark.parametrize(("due", "expected"), [("overdue", 3), ("soon", 2), ("", 7)])
def test_each_count_links_to_the_inbox_listing_the_same_cases(client, queue, childcare_staff, due, expected):
    login_staff(client, childcare_staff)
    html = client.get("/staff/").content.decode()
    link = "/staff/cases/?procedure=q-teate" + (f"&amp;due={due}" if due else "")
    assert f'href="{link}"' in html
    inbox = client.get(link.replace("&amp;", "&")).content.decode()
    assert inbox.count('name="selected"') == expected


def test_the_inbox_due_filter_ignores_an_unknown_value(client, queue, childcare_staff):
    login_staff(client, childcare_staff)
    inbox = client.get("/staff/cases/?procedure=q-teate&due=everything").content.decode()
    assert inbox.count('name="selected"') == 7


def test_staff_without_cases_get_no_work_queue(client, departments):
    clerk = staff_member(departments["kodomo-shien"], R.ACCOUNTING, username="accounting-only")
    login_staff(client, clerk)
    html = client.get("/staff/").content.decode()
    assert "処理待ちの申請" not in html


def _menu(html: str) -> set[str]:
    return set(re.findall(r'data-menu="([\w-]+)"', html))


def test_the_menu_shows_only_what_the_roles_open(client, departments):
    reception = staff_member(departments["kodomo-shien"], R.RECEPTION, username="reception-only")
    login_staff(client, reception)
    menu = _menu(client.get("/staff/").content.decode())
    assert {"cases", "cases-register", "counter-desk", "learning", "plan"} <= menu
    assert not menu & {"automation", "privacy-review", "privacy-security", "procedures"}
    client.logout()

    accounting = staff_member(departments["kodomo-shien"], R.ACCOUNTING, username="accounting-only")
    login_staff(client, accounting)
    menu = _menu(client.get("/staff/").content.decode())
    assert not menu & {"cases", "cases-register", "counter-desk", "opendata", "participation", "automation"}
    assert "learning" in menu  # every staff member has training duties


def test_every_link_in_the_menu_opens(client, departments):
    """No dead ends: what the menu shows, the user may open."""
    kodomo = departments["kodomo-shien"]
    user = staff_member(kodomo, *R.values, username="all-roles")
    login_staff(client, user)
    html = client.get("/staff/").content.decode()
    links = re.findall(r'<a href="([^"]+)" data-menu="[\w-]+"', html)
    assert len(links) >= 5
    for link in links:
        # 404 is the plan page of a city without a plan yet; what matters is no refusal
        assert client.get(link).status_code in (200, 404), link
