"""Issue 25 in a real browser: a resident requests 2 copies of 住民票の写し with the card login,
pays 600円 in the sandbox, staff issue it by post (a mailing record with its tracking number),
the receipt PDF shows the amount, and the day's settlement file reconciles."""

import datetime
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from madoguchi.applications.models import Application, State
from madoguchi.core.models import Department, StaffRole
from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory, staff_member
from madoguchi.delivery import services
from madoguchi.delivery.models import Mailing, Payment, PaymentState
from madoguchi.identity.cards import DEMO_PIN, card_for
from madoguchi.identity.testing import browser_session
from madoguchi.procedures.services import load_certificate_procedures
from madoguchi.procedures.tests.factories import demo_departments

R = StaffRole.Role
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_two_copies_pay_issue_mail_receipt_and_reconcile(browser, live_server, tmp_path):
    MunicipalityFactory()
    demo_departments()
    load_certificate_procedures()
    resident = PersonFactory(
        family_name="窓口",
        given_name="花子",
        family_name_kana="マドグチ",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1980, 5, 3),
        postal_code="185-0012",
        address="東京都国分寺市本町二丁目1番1号",
        phone="042-325-0111",
        email="hanako@example.jp",
    )
    card_for(resident)
    shimin = Department.objects.get(code="shimin")
    clerk = staff_member(shimin, R.RECEPTION, R.REVIEW, R.APPROVAL, username="shimin-chief")
    kaikei = staff_member(Department.objects.get(code="kaikei"), R.ACCOUNTING, username="kaikei-b")
    context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    context.set_default_timeout(15_000)
    page = context.new_page()

    page.goto("/procedures/juminhyo-utsushi/")
    page.get_by_role("button", name="オンラインで申請する").click()
    page.get_by_role("button", name="マイナンバーカードでログイン").click()
    page.get_by_label("カード（テスト用）").select_option(label="窓口\u3000花子")
    page.get_by_label("利用者証明用電子証明書の暗証番号（数字4桁）").fill(DEMO_PIN)
    page.get_by_role("button", name="本人確認する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("請求者")
    page.get_by_role("group", name=re.compile("^証明が必要な方との関係")).get_by_label(
        "本人", exact=True
    ).check()
    page.get_by_role("button", name="次へ進む").click()
    page.get_by_role("group", name=re.compile("^記載する人")).get_by_label("世帯全員").check()
    expect(page.get_by_label(re.compile("^個人番号（マイナンバー）を記載する"))).not_to_be_checked()
    page.get_by_label(re.compile("^必要な通数")).fill("2")
    page.get_by_label(re.compile("^使用目的・提出先")).fill("勤務先への提出")
    page.get_by_role("button", name="次へ進む").click()
    page.get_by_role("group", name=re.compile("^受け取り方法")).get_by_label("郵送（住民登録の住所）").check()
    page.get_by_role("group", name=re.compile("^手数料の免除")).get_by_label("免除を申請しない").check()
    page.get_by_role("button", name="次へ進む").click()
    page.get_by_label(re.compile("^記載内容は事実に相違ありません")).check()
    page.get_by_role("button", name="次へ進む").click()
    page.get_by_role("button", name="次へ進む").click()  # 添付書類: the delegation letter only for a proxy
    expect(page.get_by_role("heading", name="申請内容の確認")).to_be_visible()
    page.get_by_label("申請内容に誤りがないことを確認しました").check()
    page.get_by_role("button", name="申請する").click()

    # The fee step: 2 × 300円, paid on the sandbox gateway's hosted page.
    expect(page.get_by_role("heading", name="手数料の支払い")).to_be_visible()
    expect(page.get_by_text("600円")).to_be_visible()
    page.get_by_role("button", name="支払いに進む").click()
    expect(page.get_by_role("heading", name="テスト決済（サンドボックス）")).to_be_visible()
    page.get_by_label("カード番号").fill("4242 4242 4242 4242")
    page.get_by_label("有効期限（月/年）").fill("12/30")
    page.get_by_label("セキュリティコード").fill("123")
    page.get_by_role("button", name="支払う", exact=True).click()
    expect(page.get_by_text("支払いが完了しました。")).to_be_visible()
    payment = Payment.objects.get()
    assert payment.amount == 600 and payment.state == PaymentState.CAPTURED
    page.get_by_role("link", name="申請に戻る").click()
    expect(page.get_by_role("heading", name="申請内容の確認")).to_be_visible()
    page.get_by_label("申請内容に誤りがないことを確認しました").check()
    page.get_by_role("button", name="申請する").click()
    expect(page.get_by_role("heading", name="申請を受け付けました")).to_be_visible()
    application = Application.objects.get()
    assert application.state == State.SUBMITTED

    # Staff issue it by post with the tracking number.
    staff = context.browser.new_context(base_url=live_server.url, locale="ja-JP").new_page()
    browser_session(staff.context, live_server.url, clerk)
    staff.goto(f"/staff/cases/{application.public_id}/")
    staff.get_by_label("追跡番号（お問い合わせ番号）").fill("1234-5678-9012")
    staff.get_by_role("button", name="郵送して交付する").click()
    expect(staff.get_by_text("郵送記録を作成しました（追跡番号 123456789012）。")).to_be_visible()
    mailing = Mailing.objects.get()
    assert (mailing.copies, mailing.address, mailing.person) == (2, resident.address, resident)
    application.refresh_from_db()
    assert application.state == State.COMPLETED

    # The receipt PDF shows the amount.
    page.goto(f"/delivery/payments/{payment.reference}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="領収書（PDF）").click()
    path = tmp_path / "receipt.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "600円" in text and "領収書" in text

    # 会計 reconciles the day's settlement file from the gateway: everything matches.
    accounting = context.browser.new_context(base_url=live_server.url, locale="ja-JP").new_page()
    browser_session(accounting.context, live_server.url, kaikei)
    accounting.goto("/delivery/staff/settlement/")
    accounting.get_by_label("対象日").fill(timezone.localdate().isoformat())
    accounting.get_by_role("button", name="照合する").click()
    expect(accounting.get_by_text("精算データと市の記録はすべて一致しました。")).to_be_visible()
    assert services.reconcile_settlement  # the page used the same service
    context.close()
