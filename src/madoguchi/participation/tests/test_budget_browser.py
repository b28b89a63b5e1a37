"""参加型予算 in a real browser, phase by phase: a resident proposes, the city reviews the cost
and feasibility, the resident votes within the amount, staff type in a paper ballot, the count is
published with its method."""

import re

import pytest
from playwright.sync_api import expect

from madoguchi.identity.testing import browser_login
from madoguchi.participation.models import Ballot, Budget, BudgetProject

from .test_browser import assert_accessible, staff_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_budget_from_proposal_to_published_result(page, live_server, parks, young_resident, kyodo_staff):
    budget = Budget.objects.create(process=parks, title="公園をよくする予算", amount=1_000_000)
    budget_url = f"{live_server.url}{budget.get_absolute_url()}"

    # 提案の募集: a resident logged in with the card proposes a project.
    browser_login(page, live_server.url, young_resident)
    page.goto(budget_url)
    expect(page.get_by_role("heading", name="提案を募集しています")).to_be_visible()
    page.get_by_role("link", name="提案する").click()
    page.get_by_label("題名").fill("砂場に日よけをつける")
    page.get_by_label("内容").fill("夏の砂場が暑すぎるので、日よけがほしいです。")
    page.get_by_role("button", name="提案を送信する").click()
    expect(page.get_by_text("提案を受け付けました。")).to_be_visible()

    # 技術的な検討: the city estimates the cost and finds it feasible, then opens the vote.
    staff_session(page, live_server, kyodo_staff)
    page.goto(budget_url)
    page.get_by_label("段階を変更する").select_option(label="技術的な検討")
    page.get_by_role("button", name="変更する").click()
    expect(page.get_by_text("段階を変更しました。")).to_be_visible()
    page.get_by_label("費用の見積り（円）").fill("400000")
    page.get_by_label("実施の可否").select_option(label="実施可能")
    page.get_by_label("検討の結果").fill("日よけ2基の見積りです。")
    page.get_by_role("button", name=re.compile("検討の結果を登録する")).click()
    expect(page.get_by_text("検討の結果を登録しました。")).to_be_visible()
    assert BudgetProject.objects.get().cost == 400_000
    page.get_by_label("段階を変更する").select_option(label="投票")
    page.get_by_role("button", name="変更する").click()
    expect(page.get_by_text("段階を変更しました。")).to_be_visible()

    # 投票: the resident votes once, within the amount.
    browser_login(page, live_server.url, young_resident)
    page.goto(budget_url)
    assert_accessible(page)
    page.get_by_label("砂場に日よけをつける（400,000円）").check()
    page.get_by_role("button", name="投票する").click()
    expect(page.get_by_text("投票を受け付けました。")).to_be_visible()
    expect(page.get_by_text("すでに投票していただいています")).to_be_visible()
    expect(page.get_by_role("button", name="投票する")).to_have_count(0)

    # A paper ballot typed in by staff, then the count is published.
    staff_session(page, live_server, kyodo_staff)
    page.goto(budget_url)
    page.get_by_role("link", name="紙の投票用紙を登録する").click()
    page.get_by_label("整理番号").fill("票-001")
    page.get_by_label("年代（投票用紙の記入どおり）").select_option(label="70代以上")
    page.get_by_label("砂場に日よけをつける（400,000円）").check()
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("紙の投票用紙を1件登録しました。")).to_be_visible()
    assert Ballot.objects.filter(channel="paper").count() == 1
    page.goto(budget_url)
    page.get_by_role("button", name="集計して結果を公表する").click()
    expect(page.get_by_text("集計して結果を公表しました。")).to_be_visible()

    # 結果の公表: anyone sees the votes, what was selected and how it was counted.
    page.context.clear_cookies()
    page.goto(budget_url)
    table = page.get_by_role("table", name="事業ごとの得票数")
    assert table.get_by_role("row", name=re.compile("^砂場に日よけ")).inner_text().split() == [
        "砂場に日よけをつける",
        "400,000円",
        "2",
        "採択",
    ]
    expect(
        page.get_by_text("投票数 2票。採択した事業の費用の合計 400,000円（予算額 1,000,000円）。")
    ).to_be_visible()
    expect(page.get_by_text(re.compile("残りの予算額に収まる事業を採択しました"))).to_be_visible()
    assert_accessible(page)
