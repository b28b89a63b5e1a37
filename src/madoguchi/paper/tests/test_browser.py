"""In a real browser: staff upload a scanned batch, watch the progress to the end, check every
field with the keyboard (Enter accepts, typing corrects), accept, and find the Application in
the inbox with the channel 紙."""

import pytest
from playwright.sync_api import expect

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.identity.testing import browser_session
from madoguchi.paper import layout
from madoguchi.paper.models import PaperForm

from .factories import GOOD, template
from .synth import Scan, print_and_scan, scanned_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def nested(values: dict) -> dict:
    out: dict = {}
    for key, value in values.items():
        group, field = key.split(".")
        out.setdefault(group, {})[field] = value
    return out


def test_upload_watch_verify_with_the_keyboard_accept_and_find_the_case(page, live_server):
    item = template()
    clerk = staff_member(
        item.department, StaffRole.Role.RECEPTION, StaffRole.Role.REVIEW, username="paper-browser"
    )
    pdf = layout.render_form(item.procedure_version, values=nested(GOOD))
    scan = scanned_pdf(print_and_scan(pdf, Scan(angle=1.5, dpi=200), seed=3))
    browser_session(page.context, live_server.url, clerk)

    # 1. Upload the scanner's PDF.
    page.goto(f"{live_server.url}/staff/paper/batches/")
    page.get_by_label("スキャンしたファイル（PDF・TIFF・JPEG・PNG）").set_input_files(
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": scan}]
    )
    page.get_by_role("button", name="取り込む").click()

    # 2. The progress bar reaches the end.
    progress = page.locator("progress")
    expect(progress).to_have_attribute("value", "1", timeout=30000)
    expect(page.locator("[data-state]")).to_have_text("読取り完了")

    # 3. The queue: focus starts on the least certain field; Enter accepts, typing corrects.
    page.get_by_role("link", name=f"{item.title} #").first.click()
    for _ in range(len(GOOD) + 2):
        focused = page.locator("input[autofocus]")
        if focused.count() == 0:
            break
        expect(focused).to_be_focused()
        key = focused.get_attribute("data-key")
        expected = GOOD[key].replace(" ", "\u3000") if key.endswith("kana") else GOOD[key]
        if focused.input_value() != expected:
            focused.fill(expected)  # typing corrects
        with page.expect_navigation():
            page.keyboard.press("Enter")
    form = PaperForm.objects.get()
    assert not form.fields.exclude(state__in=["accepted", "corrected"]).exists()

    # 4. Accept: one application in the department's inbox, channel 紙, scan attached.
    page.get_by_role("button", name="受理して申請を登録する").click()
    expect(page.get_by_text("で申請を登録しました")).to_be_visible()
    form.refresh_from_db()
    page.goto(f"{live_server.url}/staff/cases/")
    row = page.locator("tr", has_text=form.receipt_number)
    expect(row).to_contain_text("紙")
    row.get_by_role("link").first.click()
    expect(page.get_by_text(f"paper-form-{form.pk}.pdf")).to_be_visible()
