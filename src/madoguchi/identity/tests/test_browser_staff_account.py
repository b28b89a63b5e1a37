"""In a real browser: a new member of staff logs in, sets up the authenticator app without being
asked for the password again, keeps the recovery codes and goes on to the staff home. axe-core
finds nothing on each page."""

import pytest
from playwright.sync_api import expect

from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.identity.testing import totp_code

from .test_staff_account_pages import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_no_axe_violations(page):
    from tests.quality.a11y import run_axe

    violations = run_axe(page)
    assert violations == [], f"{page.url}: {violations}"


def test_new_staff_member_sets_up_the_second_factor_and_goes_on(page, live_server):
    MunicipalityFactory()
    user = staff_member(DepartmentFactory(code="kyodo", name="協働コミュニティ課"), username="newcomer")
    user.set_password(PASSWORD)
    user.save()

    page.goto(f"{live_server.url}/staff/accounts/login/")
    assert_no_axe_violations(page)
    expect(page.get_by_role("link", name="ユーザー登録")).to_have_count(0)
    page.get_by_label("ユーザ名").fill("newcomer")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    expect(page.get_by_role("heading", name="認証アプリを有効化する")).to_be_visible()  # no password again
    assert_no_axe_violations(page)
    secret = page.get_by_label("認証アプリシークレット").input_value()
    page.get_by_label("認証アプリコード").fill(totp_code(secret))
    page.get_by_role("button", name="有効化").click()

    expect(page.get_by_role("heading", name="リカバリーコード")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="続ける（職員ホームへ）").click()
    page.wait_for_url("**/staff/")  # the staff home, loaded before axe looks at it
    page.wait_for_load_state("load")
    assert_no_axe_violations(page)
