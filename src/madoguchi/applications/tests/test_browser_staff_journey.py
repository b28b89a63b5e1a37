"""Issue 29's staff journey in a real browser, at desktop (1280×900) and phone (390×844) sizes:
the staff login with the authenticator code → the staff home as a work queue → the procedure's
未処理 count opens the inbox filtered to it → the case → 審査を開始する → 承認する, confirmed first.
axe-core finds no violations on any page of the way."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect
from tests.quality.a11y import run_axe

from madoguchi.applications.models import Application, State
from madoguchi.applications.tests.factories import ApplicationFactory
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.identity.testing import totp_code
from madoguchi.procedures.tests.factories import ProcedureFactory, ProcedureVersionFactory

from .test_browser_journey import SIZES

R = StaffRole.Role
PASSWORD = "staff-journey-1234"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_violations(page):
    page.wait_for_load_state("load")
    violations = run_axe(page)
    assert violations == [], (page.url, [(v["id"], v["help"]) for v in violations])


@pytest.mark.parametrize("size", SIZES)
def test_staff_log_in_find_the_case_in_the_queue_and_decide_it(browser, live_server, size):
    MunicipalityFactory()
    kaigo = DepartmentFactory(code="kaigo", name="介護保険課")
    officer = staff_member(kaigo, R.RECEPTION, R.REVIEW, R.APPROVAL, username="kaigo-officer")
    officer.set_password(PASSWORD)
    officer.save()
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    version = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="j-fukushi", name="福祉用具購入費の支給申請", department=kaigo)
    )
    other = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="j-jutaku", name="住宅改修費の支給申請", department=kaigo)
    )
    case = ApplicationFactory(procedure_version=version, submitted=True)
    ApplicationFactory(procedure_version=other, submitted=True)

    page = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=SIZES[size]).new_page()
    page.goto("/staff/")
    page.wait_for_url(re.compile(r"/staff/accounts/login/"))  # the staff area starts at the login
    _no_violations(page)
    page.get_by_label("ユーザ名").fill("kaigo-officer")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    # The second factor, every time.
    code = page.get_by_label(re.compile("コード"))
    expect(code).to_be_visible()
    _no_violations(page)
    code.fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("サインイン|ログイン|確認")).click()

    # The staff home is the work queue: each procedure's 未処理 count leads to its cases.
    page.wait_for_url(re.compile(r"/staff/$"))
    queue = page.get_by_role("row", name=re.compile("福祉用具購入費の支給申請"))
    expect(queue).to_be_visible()
    _no_violations(page)
    queue.get_by_role("link", name=re.compile("未処理")).click()
    page.wait_for_url(re.compile(r"procedure=j-fukushi"))
    expect(page.get_by_role("link", name=case.receipt_number)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("住宅改修費の支給申請"))).to_have_count(0)  # filtered
    _no_violations(page)

    # The case: the application first, the actions beside it; a decision is confirmed first.
    page.get_by_role("link", name=case.receipt_number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("福祉用具購入費の支給申請")
    _no_violations(page)
    page.get_by_role("button", name="審査を開始する").click()
    form = page.locator("form", has=page.get_by_role("button", name="承認する"))
    form.get_by_role("button", name="承認する").click()
    assert Application.objects.get(pk=case.pk).state == State.UNDER_REVIEW  # not without the tick
    form.get_by_label("取り消せない操作です。内容を確認しました").check()
    form.get_by_role("button", name="承認する").click()
    expect(page.get_by_role("button", name="承認する")).to_have_count(0)
    assert Application.objects.get(pk=case.pk).state == State.APPROVED
    _no_violations(page)
