"""The staff pages and the public printable form, through the test client."""

import pytest
from django.test import Client

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.identity.testing import login_staff
from madoguchi.paper.models import FieldReading, FormTemplate, PaperForm, ScanBatch

from .factories import GOOD, paper_procedure, read_form, template
from .scans import blank_page, tiff

pytestmark = pytest.mark.django_db
R = StaffRole.Role


def client_for(user) -> Client:
    client = Client()
    login_staff(client, user)
    return client


def test_generate_download_and_retire_a_form():
    procedure = paper_procedure()
    manager = staff_member(procedure.department, R.REVIEW, username="paper-manager")
    client = client_for(manager)
    page = client.get("/staff/paper/")
    assert procedure.name in page.content.decode()
    response = client.post("/staff/paper/", {"procedure": procedure.code})
    item = FormTemplate.objects.get(procedure_version__procedure=procedure)
    assert response.status_code == 302 and response["Location"] == f"/staff/paper/templates/{item.pk}/"
    pdf = client.get(f"/staff/paper/templates/{item.pk}/form.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    # residents download the empty form of the published procedure
    public = Client().get(f"/paper/forms/{procedure.code}.pdf")
    assert public.status_code == 200 and public.content[:4] == b"%PDF"
    client.post(f"/staff/paper/templates/{item.pk}/retire/")
    assert FormTemplate.objects.get(pk=item.pk).state == FormTemplate.State.RETIRED
    assert Client().get(f"/paper/forms/{procedure.code}.pdf").status_code == 404


def test_zones_drawn_over_the_citys_own_form():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import png

    procedure = paper_procedure()
    manager = staff_member(procedure.department, R.APPROVAL, username="paper-drawer")
    client = client_for(manager)
    original = SimpleUploadedFile("city-form.png", png(1654, 2339, 255), content_type="image/png")
    response = client.post(
        "/staff/paper/templates/draw/",
        {"procedure": procedure.code, "title": "市の様式", "pages": 1, "original": original},
    )
    item = FormTemplate.objects.get(source=FormTemplate.Source.DRAWN)
    assert response["Location"] == f"/staff/paper/templates/{item.pk}/"
    zone = {
        "zone-key": "applicant.full_name_kana",
        "zone-kind": "katakana",
        "zone-page": 1,
        "zone-x": 20,
        "zone-y": 40,
        "zone-w": 120,
        "zone-h": 10,
        "zone-boxes": 0,
    }
    client.post(f"/staff/paper/templates/{item.pk}/", {"action": "zone", **zone})
    item.refresh_from_db()
    assert [z["key"] for z in item.layout["zones"]] == ["applicant.full_name_kana"]
    too_wide = {**zone, "zone-key": "applicant.phone", "zone-x": 200}
    page = client.post(f"/staff/paper/templates/{item.pk}/", {"action": "zone", **too_wide})
    assert "はみ出しています" in page.content.decode()
    preview = client.get(f"/staff/paper/templates/{item.pk}/pages/1.png")
    assert preview.status_code == 200 and preview.content[:4] == b"\x89PNG"


def test_upload_shows_the_error_next_to_the_field_and_stores_nothing():
    item = template()
    clerk = staff_member(item.department, R.RECEPTION, username="paper-uploader")
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client_for(clerk).post(
        "/staff/paper/batches/",
        {"department": str(item.department.pk), "upload": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 broken")},
    )
    assert page.status_code == 200 and "読み取れません" in page.content.decode()
    assert not ScanBatch.objects.exists()


def test_upload_and_progress(django_capture_on_commit_callbacks):
    item = template()
    clerk = staff_member(item.department, R.RECEPTION, username="paper-uploader")
    client = client_for(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/paper/batches/", {"department": str(item.department.pk), "upload": tiff([blank_page()])}
        )
    batch = ScanBatch.objects.get()
    assert response["Location"] == f"/staff/paper/batches/{batch.pk}/"
    progress = client.get(f"/staff/paper/batches/{batch.pk}/progress.json").json()
    assert progress == {
        "state": "done",
        "state_label": "読取り完了",
        "pages_total": 1,
        "pages_done": 1,
        "percent": 100,
        "done": True,
    }
    page = client.get(f"/staff/paper/batches/{batch.pk}/").content.decode()
    assert "<progress" in page and "白紙のページ" in page


def test_the_queue_moves_on_with_enter_and_shows_messages_beside_the_field():
    form = read_form(values={**GOOD, "applicant.postal_code": "1858501"})
    clerk = staff_member(form.department, R.RECEPTION, username="paper-verifier")
    client = client_for(clerk)
    queue = list(form.fields.order_by("confidence", "pk"))
    page = client.get(f"/staff/paper/forms/{form.pk}/").content.decode()
    assert f'data-key="{queue[0].key}" autofocus' in page
    assert "（郵便番号・" in page and "（postal・" not in page  # the kind in words, not its code
    response = client.post(
        f"/staff/paper/forms/{form.pk}/", {"reading": queue[0].pk, "value": queue[0].read_value}
    )
    assert response["Location"] == f"/staff/paper/forms/{form.pk}/"
    page = client.get(f"/staff/paper/forms/{form.pk}/").content.decode()
    assert f'data-key="{queue[1].key}" autofocus' in page
    postal = form.fields.get(key="applicant.postal_code")
    page = client.post(
        f"/staff/paper/forms/{form.pk}/", {"reading": postal.pk, "value": "18"}
    ).content.decode()
    assert f'id="error-{postal.pk}"' in page and 'aria-invalid="true"' in page
    assert FieldReading.objects.get(pk=postal.pk).state == FieldReading.State.PENDING


def test_accept_from_the_page_links_to_the_case():
    form = read_form()
    clerk = staff_member(form.department, R.RECEPTION, username="paper-acceptor")
    client = client_for(clerk)
    for reading in form.fields.all():
        client.post(f"/staff/paper/forms/{form.pk}/", {"reading": reading.pk, "value": reading.read_value})
    client.post(f"/staff/paper/forms/{form.pk}/accept/")
    form.refresh_from_db()
    assert form.state == PaperForm.State.ACCEPTED
    listing = client.get("/staff/paper/forms/").content.decode()
    assert f"/staff/cases/{form.application_public_id}/" in listing
