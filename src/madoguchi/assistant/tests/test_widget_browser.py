"""The assistant in a real browser: the widget on a public page answers in place (keyboard only,
no layout shift, phone width, axe-clean) and records "did this help?"; without JavaScript the same
widget and the question page still answer, and the hand-off takes a callback after hours."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from madoguchi.assistant import services
from madoguchi.assistant.models import CallbackRequest, Feedback, QuestionLog

from .factories import AFTER_HOURS
from .factories_knowledge import faq

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def juminhyo():
    return faq(
        "juminhyo",
        question="住民票の写しを取りたい",
        answer="住民票の写しは市民課の窓口とコンビニで取れます。",
        variants=["住民票がほしい", "住民票の取り方"],
        url="/procedures/",
    )


def assert_accessible(page):
    page.add_script_tag(url="/static/core/vendor/axe.min.js")
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: {serious}"


def widget(page):
    return page.get_by_role("complementary", name="問合せ案内")


def test_the_widget_answers_in_place_by_keyboard(page, juminhyo):
    page.goto("/")
    main_box = page.locator("main").bounding_box()
    box = widget(page)
    toggle = box.locator("summary")
    toggle.focus()
    page.keyboard.press("Enter")  # a disclosure opens from the keyboard
    question = box.get_by_label("知りたいことを入力してください")
    expect(question).to_be_visible()
    assert page.locator("main").bounding_box() == main_box  # nothing moved: the widget floats
    assert_accessible(page)
    question.fill("住民票がほしい")
    question.press("Enter")
    expect(box.get_by_text("住民票の写しは市民課の窓口とコンビニで取れます。")).to_be_visible()
    assert not page.url.endswith("/assistant/")  # answered in place, still on the home page
    expect(box.get_by_role("link", name="住民票の写しを取りたい")).to_have_attribute("href", "/procedures/")
    assert QuestionLog.objects.get().via == "widget"
    box.get_by_role("button", name="はい").click()
    expect(box.get_by_text("ご協力ありがとうございました。")).to_be_visible()
    assert Feedback.objects.get().helpful is True
    assert_accessible(page)


def test_the_widget_fits_a_phone(page, juminhyo):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto("/")
    box = widget(page)
    box.locator("summary").click()
    panel = box.get_by_label("知りたいことを入力してください")
    expect(panel).to_be_visible()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 360
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 360  # no sideways scrolling


def test_not_confident_offers_choices_and_a_person(page, juminhyo):
    page.goto("/")
    box = widget(page)
    box.locator("summary").click()
    box.get_by_label("知りたいことを入力してください").fill("宇宙旅行の補助金")
    box.get_by_role("button", name="質問する").click()
    expect(box.get_by_text("うまくお答えできませんでした。次のどれかが近いかもしれません。")).to_be_visible()
    expect(box.get_by_role("link", name="職員に問い合わせる").first).to_be_visible()


@pytest.fixture
def no_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_without_javascript_the_widget_posts_to_the_question_page(no_js, juminhyo):
    page = no_js
    page.goto("/")
    box = widget(page)
    box.locator("summary").click()
    box.get_by_label("知りたいことを入力してください").fill("住民票の取り方")
    box.get_by_role("button", name="質問する").click()
    expect(page).to_have_url(f"{page.url.split('/assistant/')[0]}/assistant/")
    expect(page.get_by_role("heading", name="質問する（問合せ案内）")).to_be_visible()
    expect(page.get_by_text("住民票の写しは市民課の窓口とコンビニで取れます。")).to_be_visible()


def test_without_javascript_ask_say_it_did_not_help_and_ask_for_a_callback(no_js, juminhyo, monkeypatch):
    monkeypatch.setattr(services.conversation.timezone, "now", lambda: AFTER_HOURS)
    page = no_js
    page.goto("/assistant/")
    page.get_by_label("質問").fill("住民票がほしい")
    page.get_by_role("main").get_by_role("button", name="質問する").click()
    expect(page.get_by_text("住民票の写しは市民課の窓口とコンビニで取れます。")).to_be_visible()
    page.get_by_role("main").get_by_role("button", name="いいえ").click()
    expect(page.get_by_role("heading", name="ご協力ありがとうございました")).to_be_visible()
    assert Feedback.objects.get().helpful is False
    page.get_by_role("link", name="職員に問い合わせる").click()
    expect(page.get_by_role("heading", name="職員からの折返しを依頼する")).to_be_visible()
    page.get_by_label("お名前").fill("国分 花子")
    page.get_by_label("電話番号").fill("090-1234-5678")
    page.get_by_label("午前（8:30〜12:00）").check()
    expect(page.get_by_role("group", name="希望の時間帯")).to_be_visible()
    page.get_by_role("button", name="折返しを依頼する").click()
    expect(page.get_by_role("heading", name="受け付けました")).to_be_visible()
    made = CallbackRequest.objects.get()
    assert (made.name, made.phone, made.preferred_time) == ("国分 花子", "090-1234-5678", "morning")


def test_the_question_page_and_its_answers_are_accessible(page, juminhyo):
    page.goto("/assistant/")
    assert_accessible(page)
    page.get_by_label("質問").fill("住民票がほしい")
    page.get_by_role("main").get_by_role("button", name="質問する").click()
    expect(page.get_by_text("住民票の写しは市民課の窓口とコンビニで取れます。")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("質問").fill("宇宙旅行の補助金")
    page.get_by_role("main").get_by_role("button", name="質問する").click()
    expect(
        page.get_by_text("うまくお答えできませんでした。次のどれかが近いかもしれません。当てはまらなければ")
    ).to_be_visible()
    assert_accessible(page)
