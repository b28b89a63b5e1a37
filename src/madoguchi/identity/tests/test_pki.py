import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity import pki

pytestmark = pytest.mark.django_db


def test_test_pki_is_built_once_and_chains_to_the_root():
    current = pki.ensure_test_pki()
    before = pki.root_certificate_pem()
    pki.ensure_test_pki()
    assert pki.root_certificate_pem() == before
    root = x509.load_pem_x509_certificate(before)
    key, cert, chain = pki.city_signer()
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048
    assert "国分寺市" in cert.subject.rfc4514_string()
    assert chain[0].issuer == root.subject and cert.issuer == chain[0].subject
    crl = x509.load_der_x509_crl(pki.crl_der())
    assert crl.issuer == chain[0].subject
    assert (current.dir / "root.pem").exists()


def test_card_certificate_carries_the_four_basic_facts():
    person = PersonFactory(
        family_name="国分", given_name="花子", birth_date=datetime.date(1990, 4, 1), gender=2
    )
    key, cert, chain = pki.card_signer(person)
    info = pki.info_from_certificate(cert)
    assert info == {
        "name": "国分\u3000花子",
        "address": person.address,
        "birth_date": "19900401",
        "gender": "2",
    }
    assert pki.card_signer(person)[1] == cert  # reused while the facts are the same
    person.address = "東京都国分寺市泉町一丁目1番1号"
    assert pki.card_signer(person)[1] != cert  # a move means a new signing certificate


def test_revoke_puts_the_serial_on_the_crl():
    person = PersonFactory()
    _, cert, _ = pki.card_signer(person)
    pki.revoke(cert, "key_compromise")
    crl = x509.load_der_x509_crl(pki.crl_der())
    assert crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None


def test_pki_commands(tmp_path, settings):
    from django.core.management import call_command

    settings.MADOGUCHI_PKI_DIR = tmp_path / "pki"
    call_command("pki", "init")
    out = tmp_path / "root.pem"
    call_command("pki", "export-root", "--out", str(out))
    assert out.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
