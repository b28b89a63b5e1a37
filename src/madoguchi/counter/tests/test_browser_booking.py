"""Issue 29's must-show journey, in a real browser at desktop (1280×900) and phone (390×844)
sizes: book a visit without the card and cancel it. The calendar shows weekdays and each time
once; a missing contact is one error per field; the confirmation offers the .ics file; the
booking is cancelled from the link. axe-core finds no violations on these pages."""

import datetime
import re

import pytest
from playwright.sync_api import expect
from tests.quality.a11y import run_axe

from madoguchi.core.japanese import JST, is_business_day
from madoguchi.core.tests.factories import MunicipalityFactory
from madoguchi.counter.models import Reservation, VisitSlot, Window

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _no_violations(page):
    violations = run_axe(page)
    assert violations == [], (page.url, [(v["id"], v["help"]) for v in violations])


def _day() -> datetime.date:
    day = datetime.datetime.now(JST).date() + datetime.timedelta(days=2)
    while not is_business_day(day):
        day += datetime.timedelta(days=1)
    return day


@pytest.mark.parametrize("size", SIZES)
def test_book_a_visit_without_a_card_and_cancel_it(browser, live_server, catalogue, queue, departments, size):
    MunicipalityFactory()
    day = _day()
    second = Window.objects.create(number="4", name="住民異動窓口（2）", department=departments["shimin"])
    second.categories.add(queue["life"])
    for window in (queue["window3"], second):  # the same times at two windows: shown once
        for hour in (9, 10):
            start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=JST)
            VisitSlot.objects.create(
                window=window, starts_at=start, ends_at=start + datetime.timedelta(minutes=45)
            )
    context = browser.new_context(
        base_url=live_server.url, locale="ja-JP", viewport=SIZES[size], accept_downloads=True
    )
    page = context.new_page()

    page.goto("/counter/reserve/?event=tennyu")
    for weekday in "月火水木金土日":
        expect(page.get_by_role("columnheader", name=weekday, exact=True)).to_be_visible()
    expect(page.get_by_text("休み").first).to_be_visible()  # closed days said in words
    _no_violations(page)
    weekday = "月火水木金土日"[day.weekday()]
    page.get_by_role("link", name=re.compile(f"{day.month}月{day.day}日（{weekday}）.*空きあり")).click()

    times = page.get_by_role("radio")
    expect(times).to_have_count(2)  # 9:00 and 10:00, once each although two windows offer them
    expect(page.get_by_label("09:00〜09:45（空き2）")).to_be_visible()
    page.get_by_label("10:00〜10:45（空き2）").check()
    page.get_by_role("button", name="この日時で予約する").click()

    # Nothing about who is coming: one message at each field, listed once in the summary.
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("listitem")).to_have_count(2)
    expect(page.locator(".field__error")).to_have_count(2)
    expect(page.get_by_text("お名前を入力してください。", exact=True)).to_have_count(1)
    _no_violations(page)

    page.get_by_label("お名前").fill("山田 太郎")
    page.get_by_label("電話番号").fill("090-1234-5678")
    page.get_by_role("button", name="この日時で予約する").click()
    expect(page.get_by_role("heading", name="来庁予約が確定しています")).to_be_visible()
    reservation = Reservation.objects.get()
    assert reservation.person is None and reservation.slot.starts_at.astimezone(JST).hour == 10
    expect(page.get_by_role("img", name=f"予約番号 {reservation.reference} のQRコード")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile(r"^http:\/\/.*\/counter\/reservations\/"))
    ).to_be_visible()
    _no_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="カレンダーに追加（.ics）").click()
    download = download_info.value
    assert download.suggested_filename == f"reservation-{reservation.reference}.ics"
    with open(download.path(), encoding="utf-8") as ics:
        body = ics.read()
    assert "BEGIN:VEVENT" in body and reservation.reference in body

    if size == "desktop":  # the other booking pages, checked once
        page.get_by_role("link", name="日時を変更する").click()
        expect(page.get_by_role("heading", name="予約の日時の変更")).to_be_visible()
        _no_violations(page)
        page.get_by_role("link", name="変更せずに戻る").click()
        confirmation = page.url
        page.goto("/counter/reservations/")
        _no_violations(page)
        page.get_by_label("予約番号").fill(reservation.reference.lower())
        page.get_by_label("予約のときの電話番号またはメールアドレス").fill("09012345678")
        page.get_by_role("button", name="予約を開く").click()
        expect(page).to_have_url(confirmation)
        page.goto("/counter/")
        expect(page.get_by_text(re.compile(r"\d\d:\d\d現在"))).to_be_visible()
        _no_violations(page)
        page.goto(confirmation)

    page.get_by_role("button", name="予約を取り消す").click()
    expect(page.get_by_text("予約を取り消しました。")).to_be_visible()
    expect(page.get_by_text("取消済み")).to_be_visible()
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CANCELLED
    context.close()
