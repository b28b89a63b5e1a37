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


# -- forged signature values, signing times, missing revocation information -------------------
# Each CMS below is made with the test PKI's real keys; only the part under test is changed.


def _rebuild(signature_der: bytes, *, key=None, signing_time=None, drop_signing_time=False, signature=None):
    """The same SignedData with its signer's attributes or signature value changed.

    With `key`, the (changed) signed attributes are signed again, so the signature is genuine for
    them; with `signature`, that value is put in as is (a forgery)."""
    from asn1crypto import cms
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    info = cms.ContentInfo.load(signature_der)
    signer = info["content"]["signer_infos"][0]
    attrs = [a for a in signer["signed_attrs"] if a["type"].native != "signing_time"]
    if signing_time is not None:
        attrs.append(
            cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]})
        )
    elif not drop_signing_time:
        attrs = list(signer["signed_attrs"])
    signer["signed_attrs"] = cms.CMSAttributes(attrs)
    if key is not None:
        signature = key.sign(signer["signed_attrs"].untag().dump(), padding.PKCS1v15(), hashes.SHA256())
    if signature is not None:
        signer["signature"] = signature
    return info.dump(force=True)


def _sign_form(resident):
    key, cert, chain = pki.card_signer(resident)
    return key, _sign(canonical_bytes(FORM), key, cert, chain)


def test_rebuilding_with_the_card_key_keeps_a_valid_signature(resident):
    """The helper itself: re-signing unchanged attributes gives a signature that verifies."""
    key, signature = _sign_form(resident)
    result = verify_signature(canonical_bytes(FORM), _rebuild(signature, key=key))
    assert result.valid and result.code == "ok", result.message


def test_signature_value_with_one_bit_changed_is_rejected(resident):
    """The content digest in the signed attributes is intact; only the signature value is wrong."""
    from asn1crypto import cms

    _, signature = _sign_form(resident)
    value = bytearray(cms.ContentInfo.load(signature)["content"]["signer_infos"][0]["signature"].native)
    value[len(value) // 2] ^= 0x01
    result = verify_signature(canonical_bytes(FORM), _rebuild(signature, signature=bytes(value)))
    assert not result.valid and result.code == "bad_signature"
    assert result.message == "電子署名が正しくありません。"


def test_signature_made_with_another_key_under_the_residents_certificate_is_rejected(resident):
    """A forger who has the resident's certificate (it is public) signs with their own key."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    _, signature = _sign_form(resident)
    forger_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    result = verify_signature(canonical_bytes(FORM), _rebuild(signature, key=forger_key))
    assert not result.valid and result.code == "bad_signature"
    assert result.signer_subject and "国分" in result.signer_subject  # named whom it claims to be


def test_signing_time_in_the_future_is_rejected(resident):
    key, signature = _sign_form(resident)
    tomorrow = datetime.datetime.now(datetime.UTC).replace(microsecond=0) + datetime.timedelta(days=1)
    result = verify_signature(canonical_bytes(FORM), _rebuild(signature, key=key, signing_time=tomorrow))
    assert not result.valid and result.code == "bad_signing_time"
    assert result.message == "署名日時が正しくありません。"


def test_signing_time_a_few_minutes_ahead_is_clock_skew_and_accepted(resident):
    """A card reader's clock may run a little fast: up to five minutes ahead is accepted."""
    key, signature = _sign_form(resident)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    ahead = _rebuild(signature, key=key, signing_time=now + datetime.timedelta(minutes=4))
    assert verify_signature(canonical_bytes(FORM), ahead, at=now).valid
    assert verify_signature(canonical_bytes(FORM), ahead, at=now - datetime.timedelta(minutes=2)).code == (
        "bad_signing_time"
    )


def test_signature_without_a_signing_time_is_rejected(resident):
    key, signature = _sign_form(resident)
    result = verify_signature(canonical_bytes(FORM), _rebuild(signature, key=key, drop_signing_time=True))
    assert not result.valid and result.code == "bad_signing_time"


def test_signing_time_before_the_certificate_was_issued_is_rejected(resident):
    key, signature = _sign_form(resident)
    _, cert, _ = pki.card_signer(resident)
    before = cert.not_valid_before_utc - datetime.timedelta(days=1)
    result = verify_signature(canonical_bytes(FORM), _rebuild(signature, key=key, signing_time=before))
    assert not result.valid and result.code == "expired"


# Without revocation information the platform cannot tell a valid card from a revoked one (a
# lost card is revoked within hours; its signatures must stop counting). Outcome decided: REFUSE,
# with code "no_revocation_info" and a message that asks the resident to try again later (the
# usual cause is a CRL feed that is late, which operations fixes) — never accept, never "flag".


def _files(tmp_path, name, blobs):
    paths = []
    for n, blob in enumerate(blobs):
        path = tmp_path / f"{name}-{n}.der"
        path.write_bytes(blob)
        paths.append(str(path))
    return paths


def test_certificate_whose_issuer_has_no_crl_configured_is_refused(resident, settings, tmp_path):
    """Another trusted CA whose certificates carry no CRL distribution point, and whose CRL is not
    configured: the path is trusted, the revocation status unknown."""
    from cryptography.hazmat.primitives.serialization import Encoding

    other = pki.TestPKI(tmp_path / "other", root_name="Another Trusted Root CA")
    ours = pki.active_pki()
    settings.MADOGUCHI_SIGNATURE_TRUST_ANCHORS = _files(
        tmp_path,
        "roots",
        [
            ours.root_certificate().public_bytes(Encoding.DER),
            other.root_certificate().public_bytes(Encoding.DER),
        ],
    )
    settings.MADOGUCHI_SIGNATURE_CRLS = _files(tmp_path, "crls", ours.crls_der())
    key, cert, chain = other.card_signer(resident)
    assert not any(ext.oid.dotted_string == "2.5.29.31" for ext in cert.extensions)  # no CDP
    result = verify_signature(canonical_bytes(FORM), _sign(canonical_bytes(FORM), key, cert, chain))
    assert not result.valid and result.code == "no_revocation_info"
    assert (
        result.message == "証明書の失効情報を確認できませんでした。しばらくしてからもう一度お試しください。"
    )
    # The same configuration still accepts our own cards: the refusal is about the missing CRL.
    own_key, own_cert, own_chain = pki.card_signer(resident)
    assert verify_signature(
        canonical_bytes(FORM), _sign(canonical_bytes(FORM), own_key, own_cert, own_chain)
    ).valid


def test_configured_anchors_without_any_crl_refuse_every_signature(resident, settings, tmp_path):
    from cryptography.hazmat.primitives.serialization import Encoding

    root = pki.active_pki().root_certificate().public_bytes(Encoding.DER)
    settings.MADOGUCHI_SIGNATURE_TRUST_ANCHORS = _files(tmp_path, "roots", [root])
    settings.MADOGUCHI_SIGNATURE_CRLS = []
    key, cert, chain = pki.card_signer(resident)
    result = verify_signature(canonical_bytes(FORM), _sign(canonical_bytes(FORM), key, cert, chain))
    assert not result.valid and result.code == "no_revocation_info"


def test_crl_past_its_next_update_is_not_revocation_information(resident):
    """Verified eight days on, the CRL (7-day lifetime) is stale: refused, not silently accepted."""
    key, cert, chain = pki.card_signer(resident)
    signature = _sign(canonical_bytes(FORM), key, cert, chain)
    later = datetime.datetime.now(datetime.UTC) + pki.CRL_LIFETIME + datetime.timedelta(days=1)
    result = verify_signature(canonical_bytes(FORM), signature, at=later)
    assert not result.valid and result.code == "no_revocation_info"


# -- what the result says, and the signer's certificate found by either kind of identifier ----


def _with_certificates(signature_der: bytes, certificates) -> bytes:
    from asn1crypto import cms
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    info = cms.ContentInfo.load(signature_der)
    info["content"]["certificates"] = cms.CertificateSet(
        [
            cms.CertificateChoices({"certificate": asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))})
            for c in certificates
        ]
    )
    return info.dump(force=True)


def test_a_signature_without_the_signers_certificate_is_refused(resident):
    """Another card holder's certificate from the same CA (same issuer) does not stand in for it."""
    from madoguchi.core.tests.factories import PersonFactory

    key, signature = _sign_form(resident)
    _, other_cert, chain = pki.card_signer(PersonFactory(family_name="別人"))
    result = verify_signature(canonical_bytes(FORM), _with_certificates(signature, [other_cert, *chain]))
    assert (result.valid, result.code) == (False, "malformed")
    assert result.message == "署名者の証明書が電子署名に含まれていません。"


def test_the_signer_may_be_named_by_subject_key_identifier(resident):
    from asn1crypto import cms
    from cryptography import x509

    key, cert, chain = pki.card_signer(resident)
    info = cms.ContentInfo.load(_sign(canonical_bytes(FORM), key, cert, chain))
    signer = info["content"]["signer_infos"][0]
    ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    signer["sid"] = cms.SignerIdentifier({"subject_key_identifier": ski})
    result = verify_signature(canonical_bytes(FORM), info.dump(force=True))
    assert result.valid and result.code == "ok", result.message


@pytest.mark.parametrize("garbage", [b"not a signature", b"0\x03\x02\x01\x00"])
def test_unreadable_data_says_so(garbage):
    result = verify_signature(b"{}", garbage)
    assert result.valid is False and result.message == "電子署名のデータを読み取れませんでした。"


def test_result_as_stored_with_the_application(resident):
    key, signature = _sign_form(resident)
    result = verify_signature(canonical_bytes(FORM), signature)
    stored = result.as_dict()
    assert stored == {
        "valid": True,
        "message": "電子署名を確認しました。",
        "signer_subject": result.signer_subject,
        "serial": result.serial,
        "signing_time": result.signing_time.isoformat(),
        "code": "ok",
    }
    assert verify_signature(b"{}", b"garbage").as_dict()["signing_time"] is None


def test_canonical_bytes_keep_dates_as_text():
    assert canonical_bytes({"d": datetime.date(2024, 4, 1)}) == b'{"d":"2024-04-01"}'


def test_trust_anchors_may_be_configured_as_pem(resident, settings, tmp_path):
    ours = pki.active_pki()
    (tmp_path / "root.pem").write_bytes(ours.root_certificate_pem() * 2)  # a bundle of two
    settings.MADOGUCHI_SIGNATURE_TRUST_ANCHORS = [str(tmp_path / "root.pem")]
    settings.MADOGUCHI_SIGNATURE_CRLS = _files(tmp_path, "crls", ours.crls_der())
    key, signature = _sign_form(resident)
    assert verify_signature(canonical_bytes(FORM), signature).valid
