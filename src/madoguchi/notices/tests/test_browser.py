"""In a real browser: the resident chooses SMS, forgets the number, sees the message by the field
(and in the summary, linked), types it, and the page then lists SMS first and the letter last."""

import pytest
from playwright.sync_api import expect

from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory
from madoguchi.identity.testing import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_sets_sms_first_in_the_browser(page, live_server):
    MunicipalityFactory()
    browser_login(page, live_server.url, PersonFactory(email="hanako@example.jp"))
    page.goto(live_server.url + "/notices/")
    expect(page.get_by_role("heading", name="連絡方法の設定")).to_be_visible()
    page.get_by_label("1番目に希望する連絡方法").select_option("sms")
    page.get_by_label("2番目に希望する連絡方法").select_option("email")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("alert")).to_contain_text("携帯電話の番号を入力してください")
    page.get_by_role("link", name="SMSを受け取る携帯電話の番号", exact=False).click()
    expect(page.get_by_label("SMSを受け取る携帯電話の番号")).to_be_focused()
    page.get_by_label("SMSを受け取る携帯電話の番号").fill("090-1234-5678")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("連絡方法を登録しました。")).to_be_visible()
    expect(page.locator("ol").first).to_contain_text("SMS")
    expect(page.locator("ol").first.locator("li").last).to_contain_text("郵便")
