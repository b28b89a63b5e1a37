"""やさしい日本語 in a real browser: chosen in the header's switcher, the page stays, the easy text
shows with readings, and axe finds nothing on the home page and a procedure guide."""

import pytest
from playwright.sync_api import expect
from tests.quality.a11y import run_axe

from madoguchi.core import furigana
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
from madoguchi.procedures.tests.factories import ProcedureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_easy_japanese_from_the_switcher_passes_axe(page):
    MunicipalityFactory()
    furigana.city_code.cache_clear()
    ProcedureFactory(
        code="risai-shomei", name="罹災証明書の発行申請", department=DepartmentFactory(code="bosai")
    )

    page.goto("/procedures/risai-shomei/")
    page.get_by_label("表示言語").select_option(label="やさしい日本語")
    page.get_by_role("button", name="切り替える").click()

    page.wait_for_url("**/procedures/risai-shomei/")  # the same page
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    section = page.locator("section.easy-text")
    expect(section).to_be_visible()
    expect(section.locator("rt").first).to_be_attached()  # furigana on
    assert run_axe(page) == []

    page.goto("/")
    expect(page.locator("main section.easy-text")).to_be_visible()
    expect(page.locator("#language-select")).to_have_value("ja-easy")  # its label has readings now
    assert run_axe(page) == []
