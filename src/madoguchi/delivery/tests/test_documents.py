"""Signed documents: the sample certificate validates with pyHanko's own CLI against the exported
root; the verification page tells authentic, changed and revoked apart; staff revoke with a reason."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from madoguchi.core.events import events_for
from madoguchi.core.models import Notification
from madoguchi.delivery import services
from madoguchi.delivery.models import DocumentKind, IssuedDocument
from madoguchi.identity.testing import login_staff

PYHANKO = Path(sys.executable).parent / "pyhanko"


@pytest.fixture
def sample(city, bosai, tmp_path):
    out = tmp_path / "x.pdf"
    call_command("certificate", "sample", "--out", str(out))
    return out


def test_sample_certificate_validates_with_pyhanko_cli_against_the_exported_root(sample, tmp_path):
    root = tmp_path / "root.pem"
    call_command("pki", "export-root", "--out", str(root))
    result = subprocess.run(
        [str(PYHANKO), "sign", "validate", "--trust", str(root), "--trust-replace", str(sample)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ":INTACT:TRUSTED,UNTOUCHED" in result.stdout, result.stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_sample_certificate_text_names_the_document_and_the_city(sample):
    text = subprocess.run(["pdftotext", str(sample), "-"], capture_output=True, text=True, check=True).stdout
    assert "罹災証明書" in text
    assert "国分寺市" in text
    document = IssuedDocument.objects.get()
    assert document.number in text
    assert "令和" in text  # issue date in 和暦
    assert f"/verify/{document.number}" in text


def _upload(client, data: bytes, number: str = "", language: str = "ja"):
    return client.post(
        "/verify/",
        {"number": number, "file": SimpleUploadedFile("x.pdf", data, content_type="application/pdf")},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_unchanged_pdf_is_authentic(client, sample):
    response = _upload(client, sample.read_bytes())
    assert response.status_code == 200
    assert "本物です" in response.content.decode()


def test_one_changed_byte_is_not_authentic(client, sample):
    data = bytearray(sample.read_bytes())
    middle = len(data) // 2
    data[middle] = (data[middle] + 1) % 256
    response = _upload(client, bytes(data))
    page = response.content.decode()
    assert "本物ではありません" in page
    assert "本物です。" not in page


def test_one_changed_byte_is_not_authentic_in_english(client, sample):
    data = bytearray(sample.read_bytes())
    data[-200] = (data[-200] + 1) % 256
    page = _upload(client, bytes(data), language="en").content.decode()
    assert "not authentic" in page.lower()


def test_a_pdf_the_city_never_issued_is_not_authentic(client, city):
    page = _upload(client, b"%PDF-1.7\n%fake\n").content.decode()
    assert "本物ではありません" in page


def test_number_lookup_shows_kind_and_state_but_no_personal_data(client, city, bosai, resident):
    document = services.issue_document(
        DocumentKind.RECEIPT,
        context={
            "applicant_name": resident.full_name,
            "procedure_name": "テスト手続",
            "receipt_number": "R8-000001",
        },
        person=resident,
        department=bosai,
    )
    page = client.get(f"/verify/{document.number}").content.decode()
    assert "受理証明書" in page and "有効" in page
    assert resident.given_name not in page
    assert "見つかりません" in client.get("/verify/R8-RS-999999-XXXX").content.decode()
    # the number typed in the form (full-width, lower case) finds the same page
    response = client.get("/verify/", {"number": document.number.lower()})
    assert response.status_code == 302 and response["Location"].endswith(document.number)


def test_staff_revokes_with_a_reason(client, city, bosai, bosai_chief, resident):
    document = services.issue_document(
        DocumentKind.DECISION,
        context={"applicant_name": resident.full_name, "procedure_name": "テスト手続"},
        person=resident,
        department=bosai,
    )
    login_staff(client, bosai_chief)
    response = client.post(
        f"/delivery/documents/{document.number}/revoke", {"reason": "記載誤りのため再交付"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_revoked and document.revocation_reason == "記載誤りのため再交付"
    assert [e.verb for e in events_for(document)] == ["document_issued", "document_revoked"]
    notice = Notification.objects.get(template="delivery/document_revoked")
    assert notice.recipient == resident and "失効" in notice.subject and "記載誤り" in notice.body
    page = client.get(f"/verify/{document.number}").content.decode()
    assert "失効しています" in page and "記載誤りのため再交付" in page
    # the revoked file itself is reported as revoked, not authentic
    assert services.verify_pdf(bytes(document.pdf)).verdict == services.Verdict.REVOKED


def test_revoking_needs_a_reason_and_the_approval_role(city, bosai, bosai_chief, bosai_reviewer):
    document = services.issue_document(DocumentKind.DECISION, context={}, department=bosai)
    with pytest.raises(PermissionDenied):
        services.revoke_document(document, by=bosai_reviewer, reason="誤り")
    with pytest.raises(ValidationError):
        services.revoke_document(document, by=bosai_chief, reason="  ")
    services.revoke_document(document, by=bosai_chief, reason="誤り")
    with pytest.raises(ValidationError):
        services.revoke_document(document, by=bosai_chief, reason="二度目")


def test_resident_downloads_own_document_only(client, city, bosai, resident):
    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.identity.testing import login_resident

    document = services.issue_document(DocumentKind.RECEIPT, context={}, person=resident, department=bosai)
    login_resident(client, resident)
    response = client.get(f"/delivery/documents/{document.number}/download")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(document.pdf)
    assert document.number in client.get("/delivery/my/").content.decode()
    login_resident(client, PersonFactory())
    assert client.get(f"/delivery/documents/{document.number}/download").status_code == 403


def test_document_numbers_are_unique_and_carry_the_fiscal_year(city):
    numbers = {services.next_document_number(DocumentKind.RISAI) for _ in range(5)}
    assert len(numbers) == 5
    assert all(n.startswith(("R7-RS-", "R8-RS-", "R9-RS-")) for n in numbers)


def test_signer_setting_can_point_at_another_key(settings, city):
    from madoguchi.delivery.documents import signing

    settings.MADOGUCHI_DOCUMENT_SIGNER = "madoguchi.delivery.tests.pki_fixture:city_signer"
    document = services.issue_document(DocumentKind.DECISION, context={})
    assert "fixture" in document.signer_subject
    settings.MADOGUCHI_DOCUMENT_SIGNER = "pkcs11"
    settings.MADOGUCHI_PKCS11_MODULE = ""
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        signing.city_signer()


def test_tsa_setting_selects_an_rfc3161_timestamper(settings):
    from pyhanko.sign.timestamps import HTTPTimeStamper

    from madoguchi.delivery.documents import signing

    settings.MADOGUCHI_TSA_URL = ""
    assert signing.timestamper() is None
    settings.MADOGUCHI_TSA_URL = "http://tsa.example.jp/tsp"
    stamper = signing.timestamper()
    assert isinstance(stamper, HTTPTimeStamper) and stamper.url == "http://tsa.example.jp/tsp"


def test_signature_carries_the_timestamp_when_a_tsa_answers(city, monkeypatch):
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.timestamps import DummyTimeStamper

    from madoguchi.delivery.documents import signing
    from madoguchi.identity.pki import city_signer

    key, cert, _chain = city_signer()  # an RSA key standing in for the TSA's in this test
    tsa = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    monkeypatch.setattr(signing, "timestamper", lambda: tsa)
    document = services.issue_document(DocumentKind.DECISION, context={})
    assert document.timestamped
    import io

    signature = PdfFileReader(io.BytesIO(bytes(document.pdf))).embedded_signatures[0]
    unsigned = [attr["type"].native for attr in signature.signer_info["unsigned_attrs"]]
    assert "signature_time_stamp_token" in unsigned
