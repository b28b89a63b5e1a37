"""JPKI-style signatures: valid ones are accepted; altered, revoked, expired, untrusted ones are not."""

import datetime

import pytest

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity import pki
from madoguchi.identity.signatures import canonical_bytes, verify_signature
from madoguchi.identity.signing import sign_detached

pytestmark = pytest.mark.django_db
FORM = {"child": {"name": "国分 一郎", "birth_date": "2020-04-01"}, "amount": 10000, "account": "1234567"}


@pytest.fixture
def resident():
    return PersonFactory(family_name="国分", given_name="花子")


def _sign(data: bytes, key, cert, chain):
    return sign_detached(data, key=key, certificate=cert, chain=chain)


def test_canonical_bytes_are_stable():
    assert canonical_bytes({"b": 1, "a": "窓口"}) == '{"a":"窓口","b":1}'.encode()
    assert canonical_bytes({"a": 1, "b": 2}) == canonical_bytes({"b": 2, "a": 1})


def test_valid_signature_is_accepted(resident):
    key, cert, chain = pki.card_signer(resident)
    result = verify_signature(canonical_bytes(FORM), _sign(canonical_bytes(FORM), key, cert, chain))
    assert result.valid, result.message
    assert result.message == "電子署名を確認しました。"
    assert "国分\u3000花子" in result.signer_subject
    assert result.serial == format(cert.serial_number, "X")
    assert result.signing_time is not None
    assert result.signer_info["name"] == "国分\u3000花子"


def test_data_altered_after_signing_is_rejected(resident):
    key, cert, chain = pki.card_signer(resident)
    signature = _sign(canonical_bytes(FORM), key, cert, chain)
    result = verify_signature(canonical_bytes({**FORM, "account": "7654321"}), signature)
    assert not result.valid and result.code == "altered"
    assert result.message == "署名した後に内容が変更されています。この電子署名は無効です。"


def test_revoked_certificate_is_rejected(resident):
    key, cert, chain = pki.active_pki().card_signer(resident, fresh=True)
    signature = _sign(canonical_bytes(FORM), key, cert, chain)
    pki.revoke(cert, "key_compromise")
    result = verify_signature(canonical_bytes(FORM), signature)
    assert not result.valid and result.code == "revoked"
    assert result.message == "署名用電子証明書は失効しています。この電子署名は無効です。"


def test_expired_certificate_is_rejected(resident):
    now = datetime.datetime.now(datetime.UTC)
    key, cert, chain = pki.active_pki().card_signer(
        resident, not_before=now - datetime.timedelta(days=400), not_after=now - datetime.timedelta(days=1)
    )
    result = verify_signature(canonical_bytes(FORM), _sign(canonical_bytes(FORM), key, cert, chain))
    assert not result.valid and result.code == "expired"
    assert "有効期間外" in result.message


def test_certificate_from_an_untrusted_root_is_rejected(resident, tmp_path):
    stranger = pki.TestPKI(tmp_path / "other", root_name="Someone Else's Root CA")
    key, cert, chain = stranger.card_signer(resident)
    result = verify_signature(canonical_bytes(FORM), _sign(canonical_bytes(FORM), key, cert, chain))
    assert not result.valid and result.code == "untrusted"
    assert (
        result.message == "信頼できる認証局が発行した証明書ではありません。この電子署名は受け付けられません。"
    )


@pytest.mark.parametrize("garbage", [b"", b"not a signature", b"0\x03\x02\x01\x00"])
def test_garbage_is_rejected_without_raising(garbage):
    result = verify_signature(b"{}", garbage)
    assert not result.valid and result.code == "malformed"


def test_english_messages(resident):
    from django.utils import translation

    key, cert, chain = pki.card_signer(resident)
    signature = _sign(canonical_bytes(FORM), key, cert, chain)
    with translation.override("en"):
        result = verify_signature(b"{}", signature)
    assert not result.valid and "changed" in result.message
