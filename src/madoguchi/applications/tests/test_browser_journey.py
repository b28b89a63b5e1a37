"""Issue 29's resident journey in a real browser, at desktop (1280×900) and phone (390×844) sizes:
find a procedure labelled オンライン, 申請する → a login page naming it → the card login → straight
into step 1; apply with the card (signing keeps the hash in a details element); staff ask for a
correction on one page; the resident lands on that page with the request pinned, jumps to the
check page by the step bar and resubmits; staff see what changed and approve; the 決定通知書 is in
the resident's documents. axe-core finds no violations on the pages this journey changed."""

import datetime
import re

import pytest
from playwright.sync_api import expect
from tests.quality.a11y import run_axe

from madoguchi.applications.models import Application, State
from madoguchi.core.models import Department, Notification, StaffRole
from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory, staff_member
from madoguchi.identity.cards import DEMO_PIN, DEMO_SIGNING_PASSWORD, card_for
from madoguchi.identity.testing import browser_session
from madoguchi.procedures.tests.factories import bundled_procedure, demo_departments

R = StaffRole.Role
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _no_violations(page):
    violations = run_axe(page)
    assert violations == [], (page.url, [(v["id"], v["help"]) for v in violations])


def _sign(page):
    """The test IdP's signing page: the hash is there for those who look, not in the way."""
    expect(page.get_by_role("heading", name="マイナンバーカードで電子署名")).to_be_visible()
    expect(page.get_by_text("内容のハッシュ値（SHA-256）")).to_be_hidden()
    page.get_by_text("技術的な情報").click()
    expect(page.get_by_text("内容のハッシュ値（SHA-256）")).to_be_visible()
    page.get_by_label(re.compile("署名用電子証明書のパスワード")).fill(DEMO_SIGNING_PASSWORD)
    page.get_by_role("button", name="署名する").click()


@pytest.mark.parametrize("size", SIZES)
def test_apply_correct_and_receive_the_decision_notice(browser, live_server, size):
    MunicipalityFactory()
    demo_departments()
    bundled_procedure("kaigo-nintei-tennyu")
    resident = PersonFactory(
        family_name="窓口",
        given_name="花子",
        family_name_kana="マドグチ",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1950, 5, 3),
        postal_code="185-0012",
        address="東京都国分寺市本町二丁目1番1号",
        phone="042-325-0111",
        email="hanako@example.jp",
    )
    card_for(resident)
    kaigo = staff_member(
        Department.objects.get(code="kaigo"), R.RECEPTION, R.REVIEW, R.APPROVAL, username="kaigo"
    )
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=SIZES[size])
    context.set_default_timeout(15_000)
    page = context.new_page()

    # The catalog says what is online; the procedure is found among those.
    page.goto("/procedures/")
    page.get_by_label("申請方法").select_option(label="オンラインで申請できる手続")
    page.get_by_role("main").get_by_role("button", name="検索").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("オンラインで申請できる手続")
    card = page.locator(".card", has=page.get_by_role("link", name="住所移転後の要介護・要支援認定申請"))
    expect(card.get_by_text("オンライン", exact=True)).to_be_visible()
    _no_violations(page)
    card.get_by_role("link").click()
    expect(page.get_by_text("決定通知書を電子交付します")).to_be_visible()
    _no_violations(page)

    # 申請する without a login: a login page that names the procedure, then straight to step 1.
    page.get_by_role("button", name="オンラインで申請する").click()
    expect(page.get_by_role("heading", name="ログインしてください")).to_be_visible()
    expect(
        page.get_by_text("「住所移転後の要介護・要支援認定申請」をオンラインで申請するには")
    ).to_be_visible()
    _no_violations(page)
    page.get_by_role("button", name="マイナンバーカードでログイン").click()
    page.get_by_label("カード（テスト用）").select_option(label="窓口\u3000花子")
    page.get_by_label("利用者証明用電子証明書の暗証番号（数字4桁）").fill(DEMO_PIN)
    page.get_by_role("button", name="本人確認する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申請者")

    # Step 1 is prefilled; steps 2–4.
    page.get_by_label(re.compile("^被保険者との関係")).select_option(label="本人")
    page.get_by_role("button", name="次へ進む").click()
    page.get_by_label(re.compile("^被保険者の氏名必須")).fill("窓口　花子")
    page.get_by_label(re.compile("^被保険者の氏名（フリガナ）")).fill("マドグチ　ハナコ")
    page.get_by_label(re.compile("^被保険者の生年月日")).fill("1950-05-03")
    page.get_by_role("group", name=re.compile("^被保険者の性別")).get_by_label("女", exact=True).check()
    page.get_by_label(re.compile("^郵便番号")).fill("185-0012")
    page.get_by_label(re.compile("^被保険者の住所")).fill("東京都国分寺市本町二丁目1番1号")
    page.get_by_label(re.compile("^被保険者の個人番号")).fill("123456789018")
    page.get_by_label(re.compile("^転入日")).fill("2026-04-01")
    page.get_by_label(re.compile("^転入前の市区町村")).fill("東京都小金井市")
    page.get_by_label(re.compile("^転入前の住所")).fill("東京都小金井市本町六丁目6番3号")
    page.get_by_label(re.compile("^前住所地の被保険者番号")).fill("0000123456")
    page.get_by_role("button", name="次へ進む").click()
    page.get_by_label(re.compile("^要介護状態区分")).select_option(label="要介護1")
    page.get_by_label(re.compile("^認定有効期間の開始日")).fill("2026-01-01")
    page.get_by_label(re.compile("^認定有効期間の満了日")).fill("2026-12-31")
    page.get_by_role("button", name="次へ進む").click()
    page.get_by_label(re.compile("^審査のため")).check()
    page.get_by_label(re.compile("^記載内容は事実に相違ありません")).check()
    page.get_by_role("button", name="次へ進む").click()
    page.get_by_label(re.compile("^受給資格証明書")).set_input_files(
        {"name": "jukyu.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="次へ進む").click()
    expect(page.get_by_role("heading", name="申請内容の確認")).to_be_visible()
    page.get_by_label("申請内容に誤りがないことを確認しました").check()
    page.get_by_role("button", name="申請する").click()
    _sign(page)

    # The done page: what happens next, by when, one clear way on.
    expect(page.get_by_role("heading", name="申請を受け付けました")).to_be_visible()
    expect(page.get_by_role("heading", name="これからの流れ")).to_be_visible()
    expect(page.get_by_text(re.compile("審査には10開庁日"))).to_be_visible()
    expect(page.locator("main .button")).to_have_count(1)
    _no_violations(page)
    application = Application.objects.get()
    assert application.state == State.SUBMITTED and application.signature_detail["valid"]

    # Staff ask for a correction on the 前住所地での認定内容 page.
    staff = context.browser.new_context(
        base_url=live_server.url, locale="ja-JP", viewport=SIZES[size]
    ).new_page()
    browser_session(staff.context, live_server.url, kaigo)
    staff.goto(f"/staff/cases/{application.public_id}/")
    staff.get_by_role("button", name="審査を開始する").click()
    staff.get_by_label("補正依頼の内容").fill("認定有効期間の開始日を受給資格証明書のとおりにしてください")
    staff.get_by_label("修正してもらう画面").select_option(label="3. 前住所地での認定内容")
    staff.get_by_role("button", name="補正を依頼する").click()
    expect(staff.get_by_text("補正依頼", exact=True).first).to_be_visible()

    # The resident lands on the flagged page with the request pinned there.
    page.goto("/applications/")
    page.get_by_role("link", name="住所移転後の要介護・要支援認定申請").click()
    page.get_by_role("link", name="修正して再提出する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("前住所地での認定内容")
    note = page.locator(".pinned-note")
    expect(note).to_contain_text("認定有効期間の開始日を受給資格証明書のとおりにしてください")
    expect(note).to_contain_text("この画面の内容について、修正をお願いしています。")
    _no_violations(page)
    page.get_by_label(re.compile("^認定有効期間の開始日")).fill("2026-02-01")
    page.get_by_role("button", name="次へ進む").click()
    # The next page keeps the request pinned and links back to the flagged page.
    expect(page.locator(".pinned-note")).to_contain_text("修正をお願いしている画面")
    # The step bar jumps to the check page (every page was completed).
    page.get_by_role("list", name="手続の進み具合").get_by_role("link", name="申請内容の確認").click()
    expect(page.get_by_role("heading", name="申請内容の確認")).to_be_visible()
    page.get_by_label("申請内容に誤りがないことを確認しました").check()
    page.get_by_role("button", name="再提出する").click()
    _sign(page)
    expect(page.get_by_role("heading", name="再提出を受け付けました")).to_be_visible()

    # Staff see what changed, then approve (with the confirmation).
    staff.goto(f"/staff/cases/{application.public_id}/")
    changes = staff.locator("section.diff")
    expect(changes).to_contain_text("認定有効期間の開始日")
    expect(changes.locator("del")).to_contain_text("令和8(2026)年1月1日")  # dates read in 和暦
    expect(changes.locator("ins")).to_contain_text("令和8(2026)年2月1日")
    form = staff.locator("form", has=staff.get_by_role("button", name="承認する"))
    form.get_by_label("取り消せない操作です。内容を確認しました").check()
    form.get_by_role("button", name="承認する").click()
    expect(staff.get_by_role("button", name="承認する")).to_have_count(0)

    # The 決定通知書 is in マイページ, with a notice.
    page.goto("/delivery/my/")
    row = page.get_by_role("row", name=re.compile("決定通知書"))
    expect(row).to_be_visible()
    expect(row.get_by_role("link", name="決定通知書（PDF）")).to_be_visible()
    _no_violations(page)
    assert Notification.objects.filter(recipient=resident, template="delivery/document_issued").exists()
    application.refresh_from_db()
    assert application.state == State.APPROVED
    context.close()
