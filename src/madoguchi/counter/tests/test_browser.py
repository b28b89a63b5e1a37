"""In a real browser: the hall signage updates within a second; staff run the no-writing counter
for a family moving in and the resident confirms on the tablet."""

import time

import pytest
from playwright.sync_api import expect

from madoguchi.applications.models import Application
from madoguchi.counter import services
from madoguchi.identity.testing import browser_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signage_shows_a_newly_called_number_within_one_second(page, queue, counter_staff):
    first = services.issue_ticket(queue["life"])
    second = services.issue_ticket(queue["life"])
    services.call_ticket(first, window=queue["window3"], by=counter_staff)
    page.goto("/counter/signage/")
    latest = page.get_by_role("status")
    expect(latest).to_contain_text("B001")
    page.wait_for_timeout(600)  # the board is polling
    started = time.monotonic()
    services.call_ticket(second, window=queue["window3"], by=counter_staff)
    expect(latest).to_contain_text("B002", timeout=1000)
    assert time.monotonic() - started < 1.0
    expect(latest).to_contain_text("3番窓口へ")


def test_staff_run_the_no_writing_counter_for_a_family_moving_in(
    page, live_server, catalogue, queue, counter_staff, family_with_child
):
    parent, _child = family_with_child
    browser_session(page.context, live_server.url, counter_staff)

    # 1. Identify the resident after seeing their ID, pick the life event.
    page.goto("/counter/onestop/")
    page.get_by_label("氏名（フリガナ）").fill("コクブ ハナコ")
    page.get_by_role("button", name="住民を検索する").click()
    page.get_by_label("ライフイベント").select_option(label="引っ越してきた（転入）")
    page.get_by_role("button", name="国分\u3000花子さんの手続を始める").click()

    # 2. The navigator's questions, answered together (children known from the register).
    expect(page.get_by_label("高校生年代までの子がいますか（今回生まれる子を含みます）")).to_be_checked()
    page.get_by_label("国民健康保険に加入している（または加入する）人がいますか").check()
    page.get_by_role("button", name="必要な申請書をまとめて作成する").click()

    # 3. Every form prepared at once; staff complete what the register did not know.
    expect(page.get_by_role("heading", name="転入届")).to_be_visible()
    page.get_by_role("link", name="転入届を入力する").click()
    expect(page.get_by_label("氏名", exact=True)).to_have_value("国分\u3000花子")
    page.get_by_label("転入した日").fill("2026-11-20")
    page.get_by_label("前住所").fill("東京都府中市宮西町2-24")
    page.get_by_label("転出の確認方法").select_option("転出証明書")
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("link", name="国民健康保険の加入の届出を入力する").click()
    page.get_by_label("理由が生じた日").fill("2026-11-20")
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("link", name="子ども医療費助成（乳幼児・義務教育就学児医療証）の申請を入力する").click()
    page.get_by_label("子の健康保険（保険者名）").fill("国分寺市国民健康保険")
    page.get_by_role("button", name="保存する").click()
    # 児童手当 is done online later with the card (it needs the bank account).
    page.get_by_role("link", name="児童手当等の受給資格及び児童手当の額についての認定請求を入力する").click()
    page.get_by_label("この申請書を今回申請する").uncheck()
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("button", name="タブレットで本人確認へ進む").click()

    # 4. The resident checks each form on the tablet (furigana) and signs by hand.
    expect(page.get_by_role("heading", level=2, name="転入届")).to_be_visible()
    expect(page.locator("ruby").first).to_be_visible()
    pad = page.get_by_role("img", name="署名欄", exact=True)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 100)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 40 + step * 30, box["y"] + 100 + (20 if step % 2 else -20))
    page.mouse.up()
    expect(page.get_by_label("署名欄に手書きで署名する")).to_be_checked()
    page.get_by_label("申請書の内容を確認し、記載内容が事実と相違ないことを確認しました").check()
    page.get_by_role("button", name="この内容で申請する").click()
    expect(page.get_by_role("heading", name="申請を受け付けました")).to_be_visible()

    applications = Application.objects.filter(applicant=parent, channel="counter")
    assert applications.count() >= 3
    assert applications.values("department").distinct().count() >= 2
    assert set(applications.values_list("department__code", flat=True)) == {
        "shimin",
        "hoken-nenkin",
        "kodomo-shien",
    }
    from madoguchi.counter.models import CounterSession

    assert CounterSession.objects.get().signature_method == "drawn"
