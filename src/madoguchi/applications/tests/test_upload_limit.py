"""An upload over MADOGUCHI_MAX_UPLOAD_BYTES is refused with 413 before its body is read, and
nothing of it is stored (issue 14, item 8b): anonymous /verify/ and a resident's attachments."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from madoguchi.applications.models import Attachment
from madoguchi.applications.services import start_application
from madoguchi.core.uploadlimit import UploadTooLarge
from madoguchi.identity.testing import login_resident, resident_user

pytestmark = pytest.mark.django_db

LIMIT = 64 * 1024
MESSAGE = "送信したファイルが大きすぎます"
PDF_HEAD = b"%PDF-1.4\n"


@pytest.fixture(autouse=True)
def small_limit(settings, tmp_path):
    settings.MADOGUCHI_MAX_UPLOAD_BYTES = LIMIT
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # anything larger would go to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    return tmp_path / "upload-tmp"


def big_pdf(size=4 * LIMIT) -> bytes:
    return PDF_HEAD + b"0" * size


class MustNotBeRead(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body of an oversized request was read")

    readline = read


def files_under(path) -> list:
    return [p for p in path.rglob("*") if p.is_file()] if path.exists() else []


def test_anonymous_verify_upload_over_the_limit_is_refused(client, small_limit, settings):
    response = client.post("/verify/", {"file": SimpleUploadedFile("a.pdf", big_pdf())})
    assert response.status_code == 413
    assert MESSAGE in response.content.decode()
    assert files_under(small_limit) == []


def test_the_body_is_not_read_when_the_declared_length_is_over(client):
    response = client.generic(
        "POST",
        "/verify/",
        b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(LIMIT + 1),
        **{"wsgi.input": MustNotBeRead()},
    )
    assert response.status_code == 413


def test_api_callers_get_the_message_as_json(client):
    response = client.generic(
        "POST", "/api/v1/applications/", b"{}", content_type="application/json", CONTENT_LENGTH=str(LIMIT + 1)
    )
    assert response.status_code == 413
    assert MESSAGE in response.json()["detail"]


def test_a_resident_attachment_over_the_limit_stores_nothing(client, genkyo, resident, small_limit, settings):
    draft = start_application(genkyo, applicant=resident, by=resident_user(resident))
    login_resident(client, resident)
    response = client.post(
        reverse("applications:attachments", args=[draft.public_id]),
        {"attachment-bekkyo-kango": SimpleUploadedFile("a.pdf", big_pdf())},
    )
    assert response.status_code == 413
    assert MESSAGE in response.content.decode()
    assert not Attachment.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == [] and files_under(small_limit) == []


def test_an_upload_within_the_limit_still_goes_through(client, genkyo, resident):
    draft = start_application(genkyo, applicant=resident, by=resident_user(resident))
    login_resident(client, resident)
    pdf = PDF_HEAD + b"1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b" " * (LIMIT // 2)
    response = client.post(
        reverse("applications:attachments", args=[draft.public_id]),
        {"attachment-bekkyo-kango": SimpleUploadedFile("a.pdf", pdf)},
    )
    assert response.status_code in (200, 302)
    assert Attachment.objects.filter(application=draft).count() == 1


class CountingInput(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_the_upload_handler_stops_reading_past_the_limit(small_limit):
    """Wherever a body longer than the limit reaches the parser, reading stops near the limit
    and the half-written temporary file is deleted."""
    request = RequestFactory().post("/verify/", {"file": SimpleUploadedFile("a.pdf", big_pdf(32 * LIMIT))})
    body = request.META["wsgi.input"].read()
    counting = CountingInput(body)
    request = RequestFactory().generic(
        "POST", "/verify/", body, content_type=request.META["CONTENT_TYPE"], **{"wsgi.input": counting}
    )
    with pytest.raises(UploadTooLarge):
        request.FILES  # noqa: B018
    assert counting.bytes_read < 8 * LIMIT < len(body)
    assert files_under(small_limit) == []
