"""End to end in a real browser: the resident logs in with the card through the test IdP (/idp/),
applies for 児童手当の現況届 with prefilled data; 子ども子育て支援課 staff ask for a correction;
the resident resubmits; staff approve and complete; the resident sees 完了 and the receipt number.
Staff of another department get 403 on the case."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from madoguchi.applications.models import Application, State
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory, staff_member
from madoguchi.identity.cards import DEMO_PIN, card_for
from madoguchi.identity.testing import browser_session
from madoguchi.procedures.services import load_procedure_definition
from madoguchi.procedures.tests.factories import definition

R = StaffRole.Role
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_staff(browser, live_server, user):
    """A browser context logged in as a staff member (staff login itself is the identity module's test)."""
    context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    context.set_default_timeout(10_000)
    browser_session(context, live_server.url, user)
    return context.new_page()


def test_child_allowance_status_report_end_to_end(page, browser, live_server):
    from madoguchi.core.models import Department
    from madoguchi.procedures.tests.factories import DEPARTMENTS

    MunicipalityFactory()
    for code, name, name_en, kind, _parent, phone in DEPARTMENTS:
        Department.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "phone": phone}
        )
    load_procedure_definition(definition("jidou-teate-genkyo"))
    resident = PersonFactory(
        family_name="窓口",
        given_name="花子",
        family_name_kana="マドグチ",
        given_name_kana="ハナコ",
        birth_date=datetime.date(1988, 5, 3),
        gender=2,
        postal_code="185-0012",
        address="東京都国分寺市本町二丁目1番1号",
        phone="042-325-0111",
        email="hanako@example.jp",
    )
    card_for(resident)
    kodomo = staff_member(
        Department.objects.get(code="kodomo-shien"), R.RECEPTION, R.REVIEW, R.APPROVAL, username="kodomo"
    )
    kaigo = staff_member(Department.objects.get(code="kaigo"), R.RECEPTION, R.REVIEW, username="kaigo")

    # The resident finds the procedure by its reading and starts it.
    page.goto("/procedures/")
    page.get_by_label("手続を探す").fill("じどうてあて")
    page.get_by_role("main").get_by_role("button", name="検索").click()
    page.get_by_role("link", name="児童手当の現況届").click()
    page.get_by_role("button", name="オンラインで申請する").click()

    # Not logged in: the real OIDC login through the test IdP with the card and its PIN.
    page.get_by_role("button", name="マイナンバーカードでログイン").click()
    assert "/idp/" in page.url
    page.get_by_label("カード（テスト用）").select_option(label="窓口\u3000花子")
    page.get_by_label("利用者証明用電子証明書の暗証番号（数字4桁）").fill(DEMO_PIN)
    page.get_by_role("button", name="本人確認する").click()

    # Back from the login: straight into step 1 (the login kept the task).
    assert "/step/1/" in page.url

    # Step 1: prefilled from the registration, marked as such.
    assert page.get_by_label(re.compile("^住所")).input_value() == "東京都国分寺市本町二丁目1番1号"
    expect(page.locator(".field__prefilled").first).to_be_visible()
    page.get_by_label("厚生年金").check()
    page.get_by_role("button", name="次へ進む").click()

    # Step 2: the situation on June 1 and the child.
    page.get_by_label(re.compile("^提出が必要な理由")).select_option(label="住民票の住所が児童と異なる")
    page.get_by_label(re.compile("^児童の氏名必須")).fill("窓口　陽菜")
    page.get_by_label(re.compile("^児童の氏名（フリガナ）")).fill("マドグチ　ヒナ")
    page.get_by_label(re.compile("^児童の生年月日")).fill("2018-04-10")
    page.get_by_role("group", name=re.compile("^請求者との続柄")).get_by_label("子", exact=True).check()
    page.get_by_role("group", name=re.compile("^同居・別居の別")).get_by_label("同居", exact=True).check()
    page.get_by_role("group", name=re.compile("^児童の区分")).get_by_label("高校生年代まで").check()
    page.get_by_role("button", name="次へ進む").click()

    # Step 3: declarations, then check your answers and submit.
    page.get_by_label(re.compile("^審査のため")).check()
    page.get_by_label(re.compile("^記載内容は事実に相違ありません")).check()
    page.get_by_role("button", name="次へ進む").click()
    expect(page.get_by_role("heading", name="書類の添付")).to_be_visible()  # optional here
    page.get_by_role("button", name="次へ進む").click()
    expect(page.get_by_role("heading", name="申請内容の確認")).to_be_visible()
    page.get_by_label("申請内容に誤りがないことを確認しました").check()
    page.get_by_role("button", name="申請する").click()
    expect(page.get_by_role("heading", name="申請を受け付けました")).to_be_visible()
    application = Application.objects.get()
    assert application.receipt_number in page.content()
    assert application.data["recipient"]["phone"] == "042-325-0111"

    # 子ども子育て支援課 asks for a correction.
    staff = as_staff(browser, live_server, kodomo)
    staff.goto(f"/staff/cases/{application.public_id}/")
    staff.get_by_role("button", name="審査を開始する").click()
    staff.get_by_label("補正依頼の内容").fill("受給者番号を記入してください")
    staff.get_by_role("button", name="補正を依頼する").click()
    assert "補正依頼" in staff.content()

    # Staff of another department: 403 on that case.
    other = as_staff(browser, live_server, kaigo)
    assert other.goto(f"/staff/cases/{application.public_id}/").status == 404  # ids cannot be probed

    # The resident sees the request, corrects and resubmits.
    page.goto("/applications/")
    page.get_by_role("link", name="児童手当の現況届").click()
    expect(page.get_by_text("受給者番号を記入してください").first).to_be_visible()
    page.get_by_role("link", name="修正して再提出する").click()
    page.get_by_label(re.compile("^受給者番号")).fill("123456")
    for _ in range(4):
        page.get_by_role("button", name="次へ進む").click()
    page.get_by_label("申請内容に誤りがないことを確認しました").check()
    page.get_by_role("button", name="再提出する").click()
    expect(page.get_by_role("heading", name="再提出を受け付けました")).to_be_visible()

    # Staff approve and complete.
    staff.goto(f"/staff/cases/{application.public_id}/")
    for action in ("承認する", "完了にする"):  # each asks for confirmation first: it cannot be undone
        form = staff.locator("form", has=staff.get_by_role("button", name=action))
        before = Application.objects.get(pk=application.pk).state
        form.get_by_role("button", name=action).click()  # not ticked: the browser does not send it
        expect(form.get_by_label("取り消せない操作です。内容を確認しました")).to_be_visible()
        assert Application.objects.get(pk=application.pk).state == before
        form.get_by_label("取り消せない操作です。内容を確認しました").check()
        form.get_by_role("button", name=action).click()
        expect(staff.get_by_role("button", name=action)).to_have_count(0)

    # The resident sees 完了 and the receipt number.
    page.goto("/applications/")
    row = page.get_by_role("row", name=re.compile("児童手当の現況届"))
    assert "完了" in row.inner_text()
    assert application.receipt_number in row.inner_text()
    application.refresh_from_db()
    assert application.state == State.COMPLETED
    assert [e.verb for e in application.events()] == [
        "submitted",
        "review_started",
        "correction_requested",
        "resubmitted",
        "approved",
        "completed",
    ]
