"""Correction (補正) goes to the flagged page (issue 29 item 2): staff name the page, the resident
starts there and sees the request pinned on every page (書類の添付 and the check page too); the
step bar links every completed page; after the resubmission staff see what changed."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from madoguchi.applications import services
from madoguchi.applications.models import Application, State
from madoguchi.applications.tests.conftest import genkyo_data
from madoguchi.identity.testing import login_resident, login_staff, resident_user

pytestmark = pytest.mark.django_db

REASON = "児童の生年月日をご確認ください"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _step(app, n):
    return reverse("applications:step", args=[app.public_id, n])


@pytest.fixture
def correcting(genkyo_application, childcare_staff):
    return services.request_correction(genkyo_application, by=childcare_staff, reason=REASON, step="status")


def test_the_resident_starts_on_the_flagged_page(client, correcting, resident):
    login_resident(client, resident)
    response = client.get(reverse("applications:correct", args=[correcting.public_id]))
    assert response.url == _step(correcting, 2)
    page = client.get(response.url).content.decode()
    assert REASON in page and "この画面の内容について、修正をお願いしています。" in page


def test_the_attachments_page_is_flaggable_too(client, genkyo_application, childcare_staff, resident):
    services.request_correction(
        genkyo_application,
        by=childcare_staff,
        reason="住民票の写しを添付してください",
        step="__attachments__",
    )
    login_resident(client, resident)
    response = client.get(reverse("applications:correct", args=[genkyo_application.public_id]))
    assert response.url == reverse("applications:attachments", args=[genkyo_application.public_id])
    page = client.get(response.url).content.decode()
    assert "住民票の写しを添付してください" in page and "この画面の内容について" in page


@pytest.mark.parametrize("page", ["step1", "step3", "attachments", "check"])
def test_the_request_is_pinned_on_every_page(client, correcting, resident, page):
    login_resident(client, resident)
    url = {
        "step1": _step(correcting, 1),
        "step3": _step(correcting, 3),
        "attachments": reverse("applications:attachments", args=[correcting.public_id]),
        "check": reverse("applications:check", args=[correcting.public_id]),
    }[page]
    body = client.get(url).content.decode()
    assert REASON in body
    # Elsewhere it names (and links) the page it is about.
    assert "この画面の内容について" not in body
    assert f'修正をお願いしている画面: <a href="{_step(correcting, 2)}">' in body


def test_the_resident_detail_page_names_the_flagged_page(client, correcting, resident):
    login_resident(client, resident)
    body = client.get(reverse("applications:detail", args=[correcting.public_id])).content.decode()
    assert REASON in body and "修正をお願いしている画面" in body and _step(correcting, 2) in body


def test_an_unknown_page_is_refused_and_changes_nothing(genkyo_application, childcare_staff):
    with pytest.raises(ValidationError) as error:
        services.request_correction(genkyo_application, by=childcare_staff, reason=REASON, step="nonsense")
    assert "補正を依頼する画面を一覧から選んでください。" in str(error.value)
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.SUBMITTED and not genkyo_application.correction_reason


def test_staff_flag_the_page_from_the_case(client, genkyo_application, childcare_staff):
    login_staff(client, childcare_staff)
    case = client.get(f"/staff/cases/{genkyo_application.public_id}/").content.decode()
    assert 'name="step"' in case and '<option value="status">' in case
    client.post(
        f"/staff/cases/{genkyo_application.public_id}/action/request_correction/",
        {"reason": REASON, "step": "status"},
    )
    genkyo_application.refresh_from_db()
    assert genkyo_application.state == State.CORRECTION_REQUESTED
    assert genkyo_application.correction_step == "status"
    event = genkyo_application.events().get(verb="correction_requested")
    assert event.data == {"reason": REASON, "step": "status"}


def test_the_step_bar_links_completed_pages_only(client, genkyo, resident):
    login_resident(client, resident)
    client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
    draft = Application.objects.get()
    data = genkyo_data()
    services.save_draft(draft, by=resident_user(resident), data={"recipient": data["recipient"]}, step=1)
    body = client.get(_step(draft, 2)).content.decode()
    bar = body.split('<ol class="steps"')[1].split("</ol>")[0]
    assert f'href="{_step(draft, 1)}"' in bar  # done: a link back
    assert f'href="{_step(draft, 2)}"' not in bar  # the page shown
    assert f'href="{_step(draft, 3)}"' not in bar  # not reached yet
    assert reverse("applications:check", args=[draft.public_id]) not in bar


def test_while_correcting_every_page_is_a_link(client, correcting, resident):
    login_resident(client, resident)
    body = client.get(_step(correcting, 1)).content.decode()
    bar = body.split('<ol class="steps"')[1].split("</ol>")[0]
    for url in (
        _step(correcting, 2),
        _step(correcting, 3),
        reverse("applications:attachments", args=[correcting.public_id]),
        reverse("applications:check", args=[correcting.public_id]),
    ):
        assert f'href="{url}"' in bar
    assert "補正</span>" in bar  # the flagged page is marked


def test_staff_see_what_the_resubmission_changed(client, correcting, resident, childcare_staff):
    data = genkyo_data()
    data["status"]["list"][0]["birth_date"] = "2018-04-11"
    upload = SimpleUploadedFile("juminhyo.pdf", PDF, content_type="application/pdf")
    services.store_attachment(correcting, by=resident_user(resident), kind="juminhyo-child", upload=upload)
    services.resubmit(correcting, by=resident_user(resident), data=data)
    login_staff(client, childcare_staff)
    body = client.get(f"/staff/cases/{correcting.public_id}/").content.decode()
    section = body.split('id="changes-title"')[1].split("</section>")[0]
    assert "<del>平成30(2018)年4月10日</del>" in section and "<ins>平成30(2018)年4月11日</ins>" in section
    assert "児童の生年月日" in section
    assert "<ins>juminhyo.pdf</ins>" in section
    assert "窓口　花子" not in section  # unchanged answers are not listed


def test_no_changes_section_before_a_correction(client, genkyo_application, childcare_staff):
    login_staff(client, childcare_staff)
    body = client.get(f"/staff/cases/{genkyo_application.public_id}/").content.decode()
    assert 'id="changes-title"' not in body


def test_the_step_bar_names_each_page_once(client, correcting, resident):
    """A form may title its declarations step 確認, so the check page is 申請内容の確認."""
    login_resident(client, resident)
    body = client.get(_step(correcting, 1)).content.decode()
    bar = body.split('<ol class="steps"')[1].split("</ol>")[0]
    titles = re.findall(r"<li[^>]*>(?:<a [^>]*>)?([^<]+)", bar)
    assert titles[-1] == "申請内容の確認" and "確認" not in titles
    assert len(titles) == len(set(titles)) == 5
