"""The site menu, search and the footer's pages in Chromium: axe finds nothing on the new pages at
desktop and phone sizes, the menu opens without JavaScript and holds the search on a phone."""

import pytest
from playwright.sync_api import expect
from tests.quality.a11y import run_axe

from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
from madoguchi.procedures.tests.factories import ProcedureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/search/?q=じゅうみんひょう",
    "/search/?q=まったく関係のない言葉ですよ",
    "/search/",
    "/privacy-policy/",
    "/terms/",
    "/accessibility/",
    "/contact/",
]


@pytest.fixture
def city():
    MunicipalityFactory()
    for order, name in enumerate(["市民課", "保険年金課"]):
        DepartmentFactory(name=name, phone="042-325-0111", sort_order=order)
    ProcedureFactory(code="juminhyo-utsushi", name="住民票の写しの交付申請")


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_new_pages_pass_axe_and_the_menu_opens(page, city, width, height):
    page.set_viewport_size({"width": width, "height": height})
    failures = {}
    for path in PAGES:
        assert page.goto(path).status == 200, path
        if violations := run_axe(page):
            failures[path] = violations
    page.goto("/")
    page.get_by_text("メニュー", exact=True).click()  # a <summary>: opens with no script
    menu = page.get_by_role("navigation", name="サイトメニュー")
    expect(menu.get_by_role("link", name="オープンデータ")).to_be_visible()
    if violations := run_axe(page):
        failures["/ (menu open)"] = violations
    page.screenshot(path=f"/tmp/site-menu-{width}.png")
    box = page.get_by_role("search", name="サイト内検索")
    expect(box).to_have_count(1)  # one visible box: in the header, or in the menu on a phone
    box.get_by_label("サイト内を検索").fill("じゅうみんひょう")
    box.get_by_role("button", name="検索").click()
    expect(page.get_by_role("heading", name="手続（1件）")).to_be_visible()
    expect(page.get_by_role("link", name="住民票の写しの交付申請")).to_be_visible()
    page.screenshot(path=f"/tmp/site-search-{width}.png", full_page=True)
    assert not failures, failures


def test_the_language_switch_keeps_the_page_and_what_was_typed(page, city):
    page.goto("/assistant/")
    page.get_by_label("質問").fill("住民票の写しがほしい")
    page.get_by_label("表示言語").select_option("en")
    page.get_by_role("button", name="切り替える").click()
    page.wait_for_url("**/assistant/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Question")).to_have_value("住民票の写しがほしい")
    page.reload()  # kept once: a later visit starts empty
    expect(page.get_by_label("Question")).to_have_value("")
