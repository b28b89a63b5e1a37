"""ふりがな in a real browser: readings shown above the kanji, read once by screen readers (the
accessibility tree names the heading without them), and axe finds nothing on the pages."""

import re

import pytest
from playwright.sync_api import expect
from tests.quality.a11y import run_axe

from madoguchi.core import furigana as switch
from madoguchi.core.tests.factories import MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_switch_adds_readings_that_screen_readers_do_not_repeat(page):
    MunicipalityFactory()
    switch.city_code.cache_clear()
    page.goto("/procedures/")
    page.get_by_role("link", name="ふりがなをつける").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading.locator("rt").first).to_have_text("てつづき")
    # read once: 手続 一覧, never 手続てつづき一覧いちらん (Chromium puts a space between ruby words)
    expect(heading).to_have_accessible_name(re.compile(r"^手続\s*一覧\s*$"))
    assert run_axe(page) == []
    page.goto("/")  # remembered on the next page
    expect(page.locator("main rt").first).to_be_visible()
    assert run_axe(page) == []
    page.get_by_role("link", name=re.compile(r"^ふりがなを\s*消\s*す")).click()
    expect(page.locator("rt")).to_have_count(0)
