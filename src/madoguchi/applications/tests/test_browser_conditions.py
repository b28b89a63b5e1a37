"""Conditional fields in a real browser: ticking 「世帯全員が転出する」 takes the question about the
household that stays off the page (hidden, out of the tab order) and unticking brings it back;
choosing 別居 for a child asks for the child's address in that row only. Without JavaScript every
question is on the page and the server still drops what does not apply."""

import re

import pytest
from playwright.sync_api import expect

from madoguchi.applications.models import Application
from madoguchi.applications.services import start_application
from madoguchi.core.demo import DEPARTMENTS
from madoguchi.core.models import Department
from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory
from madoguchi.identity.testing import browser_login, resident_user
from madoguchi.procedures.services import load_procedure_definition
from madoguchi.procedures.tests.factories import definition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REMAINING = re.compile("^残る世帯の世帯主の氏名")


def _draft(code):
    MunicipalityFactory()
    for order, (dept, name, name_en, kind, _parent, phone) in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(
            code=dept,
            defaults={"name": name, "name_en": name_en, "kind": kind, "phone": phone, "sort_order": order},
        )
    procedure = load_procedure_definition(definition(code))
    resident = PersonFactory(family_name="窓口", given_name="花子")
    return start_application(procedure, applicant=resident, by=resident_user(resident)), resident


def _fill_move(page):
    page.get_by_label(re.compile("^転出予定日")).fill("2025-04-01")
    page.get_by_label(re.compile("^転出先の市区町村")).fill("東京都府中市")
    page.get_by_label(re.compile("^転出先の郵便番号")).fill("185-8501")
    page.get_by_label(re.compile("^転出先の住所")).fill("東京都府中市宮西町1丁目1番地")
    page.get_by_label(re.compile("^転出先の世帯主の氏名必須")).fill("窓口　花子")
    page.get_by_label(re.compile("^転出先の世帯主の氏名（フリガナ）")).fill("マドグチ　ハナコ")


def _focused_name(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.name")


def test_ticking_the_box_hides_the_question_and_unticking_shows_it(page, live_server):
    draft, resident = _draft("tenshutsu")
    browser_login(page, live_server.url, resident)
    page.goto(f"/applications/{draft.public_id}/step/2/")
    whole = page.get_by_label("世帯全員が転出する")
    remaining = page.get_by_label(REMAINING)
    wrapper = page.locator('[data-field="move.remaining_head_name"]')

    expect(remaining).to_be_visible()  # not ticked: part of the household stays
    whole.check()
    expect(remaining).to_be_hidden()
    assert wrapper.get_attribute("hidden") is not None  # the hidden attribute, not a colour
    whole.focus()
    page.keyboard.press("Tab")
    assert _focused_name(page) == "next"  # the hidden question is skipped
    whole.uncheck()
    expect(remaining).to_be_visible()
    whole.focus()
    page.keyboard.press("Tab")
    assert _focused_name(page) == "remaining_head_name"  # it comes right after the box

    # shown, it is asked and kept
    _fill_move(page)
    remaining.fill("窓口　太郎")
    page.get_by_role("button", name="次へ進む").click()
    expect(page.get_by_role("heading", name="転出する人")).to_be_visible()
    assert Application.objects.get().data["move"]["remaining_head_name"] == "窓口　太郎"

    # back again: ticking the box drops the answer that no longer applies
    page.goto(f"/applications/{draft.public_id}/step/2/")
    expect(page.get_by_label(REMAINING)).to_have_value("窓口　太郎")
    page.get_by_label("世帯全員が転出する").check()
    page.get_by_role("button", name="次へ進む").click()
    expect(page.get_by_role("heading", name="転出する人")).to_be_visible()
    move = Application.objects.get().data["move"]
    assert move["whole_household"] is True and "remaining_head_name" not in move


def test_choosing_living_apart_asks_for_that_childs_address(page, live_server):
    draft, resident = _draft("jidou-teate-genkyo")
    browser_login(page, live_server.url, resident)
    page.goto(f"/applications/{draft.public_id}/step/2/")
    address = page.get_by_label(re.compile("^児童の住所"))
    living = page.get_by_role("group", name=re.compile("^同居・別居の別"))
    expect(address).to_be_hidden()  # not answered yet
    living.get_by_label("別居", exact=True).check()
    expect(address).to_be_visible()
    living.get_by_label("同居", exact=True).check()
    expect(address).to_be_hidden()


def test_without_javascript_every_question_shows_and_the_server_decides(browser, live_server):
    draft, resident = _draft("tenshutsu")
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        browser_login(page, live_server.url, resident)
        page.goto(f"/applications/{draft.public_id}/step/2/")
        page.get_by_label("世帯全員が転出する").check()
        expect(page.get_by_label(REMAINING)).to_be_visible()
        expect(
            page.get_by_text("「世帯全員が転出する」にチェックしていない場合にお答えください。")
        ).to_be_visible()
        _fill_move(page)
        page.get_by_label(REMAINING).fill("改ざん　太郎")
        page.get_by_role("button", name="次へ進む").click()
        expect(page.get_by_role("heading", name="転出する人")).to_be_visible()
        assert "remaining_head_name" not in Application.objects.get().data["move"]
    finally:
        context.close()
