"""Issue 29 item 6 in a real browser at phone size (390×844): on a procedure's step, 「住所を検索」
fills the address from the postal code, a date typed in 和暦 is accepted, and each error is shown
once at its field and once in the summary. axe-core finds no violations on the step page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from tests.quality.a11y import run_axe

from madoguchi.applications.models import Application
from madoguchi.identity.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ADDRESS = re.compile(r"^住所(必須)?")
NAME = re.compile(r"^氏名(必須)?(登録情報から入力)?$")


def test_postal_lookup_wareki_date_and_one_error_per_field(browser, live_server, genkyo, resident):
    context = browser.new_context(
        base_url=live_server.url, locale="ja-JP", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    browser_login(page, live_server.url, resident)
    page.goto(reverse("procedures:detail", args=["jidou-teate-genkyo"]))
    page.get_by_role("button", name="申請する").first.click()
    app = Application.objects.get(applicant=resident)
    expect(page).to_have_url(live_server.url + reverse("applications:step", args=[app.public_id, 1]))

    page.get_by_label("郵便番号").fill("１８５００１２")
    page.get_by_label(ADDRESS).fill("")
    page.get_by_role("button", name="住所を検索").click()
    expect(page.get_by_label(ADDRESS)).to_have_value("東京都国分寺市本町")
    expect(page.get_by_label("郵便番号")).to_have_value("185-0012")
    expect(page.get_by_role("status").filter(has_text="住所を入力しました")).to_be_visible()
    page.get_by_label(ADDRESS).press_sequentially("二丁目1番1号")

    page.get_by_label("生年月日").fill("S63.5.3")
    page.get_by_label(NAME).fill("")
    page.get_by_role("button", name="次へ進む").click()

    summary = page.locator(".error-summary")
    expect(summary.get_by_role("listitem")).to_have_count(2)  # 氏名 and 年金, nothing twice
    expect(page.locator(".field__error")).to_have_count(2)
    expect(page.get_by_text("「氏名」を入力してください。", exact=True)).to_have_count(1)
    expect(page.get_by_label("生年月日")).to_have_value("S63.5.3")
    violations = run_axe(page)
    assert violations == [], [(v["id"], v["help"]) for v in violations]

    page.get_by_label(NAME).fill("窓口　花子")
    page.get_by_label("厚生年金").check()
    page.get_by_role("button", name="次へ進む").click()
    expect(page.locator(".error-summary")).to_have_count(0)
    app.refresh_from_db()
    assert app.data["recipient"]["birth_date"] == "1988-05-03"
    assert app.data["recipient"]["address"] == "東京都国分寺市本町二丁目1番1号"
    context.close()
