"""In a real browser: intake staff upload a ぴったりサービス archive, see the unmapped field on the
review list and mark it reviewed; registry staff take a 住民記録 file in and apply a conflict."""

import os

import pytest
from playwright.sync_api import expect

from madoguchi.core.models import Person, StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, staff_member
from madoguchi.identity.testing import browser_session
from madoguchi.interop import services

from .factories import PORTAL_CODE, archive, csv_bytes, family, genkyo, genkyo_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("INTEROP_SHOTS", "")  # a folder: keep screenshots of the pages (development)


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_upload_review_and_apply_a_conflict(page, live_server):
    procedure = genkyo()
    parent, child = family()
    clerk = staff_member(procedure.department, StaffRole.Role.RECEPTION, username="pittari-browser")
    browser_session(page.context, live_server.url, clerk)
    page.goto(f"{live_server.url}/staff/interop/")
    content = archive(
        [("PT-B-1", PORTAL_CODE, genkyo_fields(parent, child, 連絡を希望する時間帯="平日の午前中"))]
    )
    page.get_by_label("ぴったりサービスからダウンロードしたアーカイブ（ZIP）").set_input_files(
        files=[{"name": "pittari.zip", "mimeType": "application/zip", "buffer": content}]
    )
    page.get_by_role("button", name="取り込む").click()
    expect(page.get_by_text("受付 1 件")).to_be_visible()
    review = page.get_by_role("table", name="要確認")
    expect(review.get_by_text("連絡を希望する時間帯")).to_be_visible()
    shot(page, "intake")
    review.get_by_role("button", name="確認済みにする").click()
    expect(page.get_by_text("確認の必要な項目はありません。")).to_be_visible()

    registrar = staff_member(DepartmentFactory(code="shimin"), StaffRole.Role.REVIEW, username="juki-browser")
    browser_session(page.context, live_server.url, registrar)
    page.goto(f"{live_server.url}/staff/interop/registry/")
    row = [
        "000101",
        "",
        "H-000123",
        "窓口",
        "花子",
        "マドグチ",
        "ハナコ",
        "19880615",
        "2",
        "世帯主",
        "1850024",
    ]
    persons = csv_bytes(services.LAYOUTS["persons"], [[*row, "東京都国分寺市泉町三丁目5番8号", "1", "1"]])
    page.get_by_label("住民記録システムの連携ファイル（CSV）").set_input_files(
        files=[{"name": "persons.csv", "mimeType": "text/csv", "buffer": persons}]
    )
    page.get_by_role("button", name="取り込む").click()
    conflicts = page.get_by_role("table", name="相違")
    line = conflicts.get_by_role("row").filter(has_text="東京都国分寺市泉町三丁目5番8号")
    expect(line).to_have_count(1)
    shot(page, "registry")
    line.get_by_role("button", name="反映する").click()
    expect(page.get_by_text("住民記録システムの値を反映しました。")).to_be_visible()
    assert Person.objects.get(pk=parent.pk).address == "東京都国分寺市泉町三丁目5番8号"
