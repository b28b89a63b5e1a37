"""The design system in a real browser: language switch and text size work without JavaScript."""

import pytest

from .factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switch_language_and_text_size(page):
    MunicipalityFactory()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Kokubunji City digital city hall"
    page.get_by_role("link", name="Large").click()
    assert page.locator("html").get_attribute("class") == "text-large"
