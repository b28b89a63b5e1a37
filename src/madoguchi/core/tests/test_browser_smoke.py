"""The design system in a real browser: language switch and text size work without JavaScript."""

import pytest
from playwright.sync_api import expect

from .factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switch_language_and_text_size(page):
    MunicipalityFactory()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.get_by_label("表示言語 / Language").select_option("en")
    page.get_by_role("button", name="切り替える / Change").click()
    # expect() waits for the page the click loads; a plain read could still see the old one.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kokubunji City digital city hall")
    page.get_by_role("link", name="Large").click()
    expect(page.locator("html")).to_have_attribute("class", "text-large")
