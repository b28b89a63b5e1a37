"""In a real browser: log in with a demo card and PIN, land on 'my page'; three wrong PINs lock."""

import datetime

import pytest

from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory
from madoguchi.identity.cards import card_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def card_holder():
    MunicipalityFactory()
    person = PersonFactory(
        family_name="恋ヶ窪",
        given_name="美咲",
        birth_date=datetime.date(1979, 11, 2),
        gender=2,
        address="東京都国分寺市東恋ケ窪三丁目5番6号",
        postal_code="185-0014",
    )
    card_for(person)
    return person


def _to_card_page(page):
    page.goto("/login/")
    page.get_by_role("button", name="マイナンバーカードでログイン").click()
    page.get_by_role("heading", name="マイナンバーカードで本人確認").wait_for()


def test_resident_logs_in_with_card_and_pin(page, card_holder):
    _to_card_page(page)
    page.get_by_label("カード（テスト用）").select_option(label="恋ヶ窪\u3000美咲")
    page.get_by_label("利用者証明用電子証明書の暗証番号（数字4桁）").fill("1234")
    page.get_by_role("button", name="本人確認する").click()
    page.get_by_role("heading", name="マイページ").wait_for()
    assert page.url.endswith("/me/")
    text = page.locator("main").inner_text()
    assert "恋ヶ窪\u3000美咲" in text
    assert "東京都国分寺市東恋ケ窪三丁目5番6号" in text


def test_three_wrong_pins_lock_the_card(page, card_holder):
    _to_card_page(page)
    for pin in ("0000", "1111", "2222"):
        page.get_by_label("カード（テスト用）").select_option(label="恋ヶ窪\u3000美咲")
        page.get_by_label("利用者証明用電子証明書の暗証番号（数字4桁）").fill(pin)
        page.get_by_role("button", name="本人確認する").click()
    alert = page.get_by_role("alert").filter(has_text="ロックされました")
    alert.wait_for()
    assert "窓口" in alert.inner_text()
    card_holder.demo_card.refresh_from_db()
    assert card_holder.demo_card.locked
