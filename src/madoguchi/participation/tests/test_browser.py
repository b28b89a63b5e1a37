"""The resident and the city in a real browser: a verified resident supports a proposal once
and answers the survey online; staff type in three postal answers; the indicators show the
digital share and the age bands that match."""

import re

import pytest
from playwright.sync_api import expect

from madoguchi.identity.testing import browser_login, browser_session
from madoguchi.participation.models import Participation, Support, SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_survey(page, *, park, activities, satisfaction, ranks):
    page.get_by_role("group", name=re.compile("よく利用する公園")).get_by_label(park).check()
    for activity in activities:
        page.get_by_role("group", name=re.compile("公園ですること")).get_by_label(activity).check()
    page.get_by_role("group", name=re.compile("満足度")).get_by_label(str(satisfaction), exact=True).check()
    for item, rank in ranks.items():
        page.get_by_label(f"優先してほしい整備：「{item}」の順位").select_option(str(rank))


def assert_accessible(page):
    """axe-core (WCAG 2 A/AA, JIS X 8341-3): no serious or critical violations on this page."""
    page.add_script_tag(url="/static/core/vendor/axe.min.js")
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}: {serious}"


def staff_session(page, live_server, user):
    page.context.clear_cookies()
    browser_session(page.context, live_server.url, user)


def test_support_once_answer_online_enter_postal_and_see_indicators(
    page, live_server, parks, proposal, survey, young_resident, kyodo_staff
):
    # A resident in her 20s, logged in with the My Number card.
    browser_login(page, live_server.url, young_resident)
    page.goto(proposal.get_absolute_url())
    assert_accessible(page)
    second_tab = page.context.new_page()  # the same proposal open twice (double click, second tab)
    second_tab.goto(f"{live_server.url}{proposal.get_absolute_url()}")

    page.get_by_role("button", name="賛同する").click()
    expect(page.get_by_text("賛同しました。")).to_be_visible()
    expect(page.get_by_text("1人が賛同（目標 3人）")).to_be_visible()
    expect(page.get_by_text("✓ 賛同済み")).to_be_visible()
    expect(page.get_by_role("button", name="賛同を取り消す")).to_be_visible()
    assert_accessible(page)
    second_tab.get_by_role("button", name="賛同する").click()
    expect(second_tab.get_by_text("この提案にはすでに賛同しています。賛同は1人1回です。")).to_be_visible()
    assert Support.objects.filter(proposal=proposal).count() == 1
    second_tab.close()

    page.goto(survey.get_absolute_url())
    fill_survey(
        page,
        park="武蔵国分寺公園",
        activities=["散歩", "休憩"],
        satisfaction=4,
        ranks={"トイレ": 1, "照明": 2, "遊具": 3},
    )
    page.get_by_role("button", name="回答を送信する").click()
    expect(page.get_by_text("アンケートへの回答を受け付けました")).to_be_visible()
    page.goto(survey.get_absolute_url())
    expect(page.get_by_text("このアンケートにはすでに回答していただいています")).to_be_visible()
    expect(page.get_by_role("button", name="回答を送信する")).to_have_count(0)
    assert_accessible(page)

    # 協働コミュニティ課 types in three answers that came by post.
    staff_session(page, live_server, kyodo_staff)
    page.goto(f"/participation/surveys/{survey.pk}/paper/")
    for number, band in enumerate(["70代以上", "70代以上", "60代"], start=1):
        page.get_by_label("整理番号").fill(f"郵-{number:03d}")
        page.get_by_label("郵送", exact=True).check()
        page.get_by_label("年代（回答用紙の記入どおり）").select_option(label=band)
        fill_survey(
            page,
            park="殿ヶ谷戸庭園",
            activities=["散歩"],
            satisfaction=3,
            ranks={"トイレ": 1, "遊具": 2, "照明": 3},
        )
        page.get_by_role("button", name="登録する").click()
        expect(page.get_by_text("郵送・紙の回答を1件登録しました")).to_be_visible()
    assert SurveyResponse.objects.filter(channel="postal").count() == 3
    assert SurveyResponse.objects.filter(channel="online", person=None).count() == 1  # anonymous survey

    # The indicators: 4 participants, 1 of them digital (25%); age bands from the data.
    page.goto(f"/participation/processes/{parks.pk}/indicators/")
    assert page.locator("#share-digital").inner_text() == "25.0%"
    assert_accessible(page)
    channels = page.get_by_role("table", name="参加方法別の参加件数")
    assert channels.get_by_role("row", name=re.compile("^オンライン")).inner_text().split() == [
        "オンライン",
        "2",
    ]
    assert channels.get_by_role("row", name=re.compile("^郵送")).inner_text().split() == ["郵送", "3"]
    bands = page.get_by_role("table", name="年代別の参加者とデジタル参加")
    assert bands.get_by_role("row", name=re.compile("^20代")).inner_text().split() == [
        "20代",
        "1",
        "1",
        "100.0%",
        "100.0%",
    ]
    assert bands.get_by_role("row", name=re.compile("^60代")).inner_text().split() == [
        "60代",
        "1",
        "0",
        "0.0%",
        "0.0%",
    ]
    assert bands.get_by_role("row", name=re.compile("^70代以上")).inner_text().split() == [
        "70代以上",
        "2",
        "0",
        "0.0%",
        "0.0%",
    ]
    expect(page.get_by_role("img", name="年代別のデジタル参加率（％）")).to_be_visible()

    api = page.request.get(f"/api/v1/participation/processes/{parks.pk}/indicators/").json()
    assert api["share_digital"] == 25.0 and api["participations_by_channel"]["postal"] == 3
    assert {b["age_band"]: b["participants"] for b in api["by_age_band"]} == {
        "10s": 0,
        "20s": 1,
        "30s": 0,
        "40s": 0,
        "50s": 0,
        "60s": 1,
        "70plus": 2,
    }
    assert Participation.objects.filter(channel="online").values("participant_key").distinct().count() == 1

    page.goto(parks.get_absolute_url())  # the staff view of the process, with its forms
    assert_accessible(page)


def test_resident_votes_on_the_opinion_map(page, live_server, parks, young_resident):
    from madoguchi.participation.models import OpinionMap, Statement, Vote

    omap = OpinionMap.objects.create(
        process=parks, title="公園の使い方、どう思いますか", question="次の意見にお答えください"
    )
    Statement.objects.create(opinion_map=omap, text="公園のトイレをもっと清潔にしてほしい")
    browser_login(page, live_server.url, young_resident)
    page.goto(omap.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^そう思う.*公園のトイレ")).click()
    expect(page.get_by_text("投票しました。")).to_be_visible()
    assert (
        page.get_by_role("button", name=re.compile("^そう思う.*公園のトイレ")).get_attribute("aria-pressed")
        == "true"
    )
    page.get_by_label("あなたの意見").fill("ドッグランがほしい")
    page.get_by_role("button", name="意見を追加する").click()
    expect(page.get_by_text("ドッグランがほしい", exact=True)).to_be_visible()
    assert Vote.objects.get().value == 1
