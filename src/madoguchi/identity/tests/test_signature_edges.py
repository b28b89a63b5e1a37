"""Signature verification at its edges: each refusal names its reason and the signer it claims,
the boundaries of the signing time and of the certificate's validity, keys and digests the
platform does not take, and input that only the last-resort handler catches.

Written against the mutation gate on identity/signatures.py (docs/quality/mutation.md). Every
CMS here is made with real keys; certificates the test PKI does not issue itself (an EC key, an
Ed25519 key, a certificate without 否認防止 key usage) are issued by its intermediate CA."""

import datetime
import logging

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity import pki
from madoguchi.identity.signatures import canonical_bytes, verify_signature
from madoguchi.identity.signing import sign_detached

pytestmark = pytest.mark.django_db
DATA = canonical_bytes({"procedure": "jidou-teate-genkyo", "answer": "同居"})
NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
LOGGER = "madoguchi.identity"


@pytest.fixture
def resident():
    return PersonFactory(family_name="国分", given_name="花子")


def _issue(key, *, not_before=None, not_after=None, non_repudiation=True, issuer=None, url=None):
    """A card-like end-entity certificate for `key`, issued by the test PKI's intermediate CA (or
    by `issuer`, a key and a name), naming `url` as where its issuer and its CRL are found."""
    ca = pki.active_pki()
    ca.ensure()
    # the CA's own files: the test PKI has no API for keys and usages a card does not have
    inter_key, inter_cert = ca._load_pair("intermediate")
    issuer_key, issuer_name = issuer or (inter_key, inter_cert.subject)
    builder = x509.CertificateBuilder()
    if url:
        where = x509.UniformResourceIdentifier(url)
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS, where)]
            ),
            critical=False,
        ).add_extension(
            x509.CRLDistributionPoints([x509.DistributionPoint([where], None, None, None)]), critical=False
        )
    certificate = (
        builder.subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "試験　太郎")]))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - datetime.timedelta(hours=1))
        .not_valid_after(not_after or NOW + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=non_repudiation,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
        .sign(issuer_key, hashes.SHA256())
    )
    return certificate, ([] if issuer else [inter_cert])


def _signed(resident):
    key, cert, chain = pki.card_signer(resident)
    return key, cert, sign_detached(DATA, key=key, certificate=cert, chain=chain)


def _with_signing_time(signature_der: bytes, key, when: datetime.datetime) -> bytes:
    """The same signature with another signing time, signed again with the card's key."""
    from cryptography.hazmat.primitives.asymmetric import padding

    info = cms.ContentInfo.load(signature_der)
    signer = info["content"]["signer_infos"][0]
    attrs = [a for a in signer["signed_attrs"] if a["type"].native != "signing_time"]
    attrs.append(cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": when})]}))
    signer["signed_attrs"] = cms.CMSAttributes(attrs)
    signer["signature"] = key.sign(signer["signed_attrs"].untag().dump(), padding.PKCS1v15(), hashes.SHA256())
    return info.dump(force=True)


def _refused(result, code, message):
    assert (result.valid, result.code, result.message) == (False, code, message)
    assert "国分" in result.signer_subject or "試験" in result.signer_subject  # whom it claims to be


# ---------------------------------------------------------------- each refusal says why and who


def test_an_altered_document_names_the_signer_it_claims(resident):
    key, cert, signature = _signed(resident)
    result = verify_signature(DATA + b" ", signature)
    _refused(result, "altered", "署名した後に内容が変更されています。この電子署名は無効です。")
    assert result.serial == format(cert.serial_number, "X")


def test_a_revoked_card_names_the_signer(resident):
    key, cert, chain = pki.active_pki().card_signer(resident, fresh=True)
    signature = sign_detached(DATA, key=key, certificate=cert, chain=chain)
    pki.revoke(cert, "key_compromise")
    _refused(
        verify_signature(DATA, signature),
        "revoked",
        "署名用電子証明書は失効しています。この電子署名は無効です。",
    )


def test_an_untrusted_root_names_the_signer(resident, tmp_path):
    key, cert, chain = pki.TestPKI(tmp_path / "other", root_name="Someone Else's Root CA").card_signer(
        resident
    )
    _refused(
        verify_signature(DATA, sign_detached(DATA, key=key, certificate=cert, chain=chain)),
        "untrusted",
        "信頼できる認証局が発行した証明書ではありません。この電子署名は受け付けられません。",
    )


def test_missing_revocation_information_names_the_signer(resident):
    key, cert, signature = _signed(resident)
    later = NOW + pki.CRL_LIFETIME + datetime.timedelta(days=1)
    _refused(
        verify_signature(DATA, _with_signing_time(signature, key, later), at=later),
        "no_revocation_info",
        "証明書の失効情報を確認できませんでした。しばらくしてからもう一度お試しください。",
    )


# ---------------------------------------------------------------- the signing time and the validity period


def test_a_signing_time_exactly_five_minutes_ahead_is_still_clock_skew(resident):
    key, _, signature = _signed(resident)
    ahead = _with_signing_time(signature, key, NOW + datetime.timedelta(minutes=5))
    assert verify_signature(DATA, ahead, at=NOW).code == "ok"
    result = verify_signature(DATA, ahead, at=NOW - datetime.timedelta(seconds=1))
    _refused(result, "bad_signing_time", "署名日時が正しくありません。")


def test_signed_outside_the_certificates_validity_names_the_signer(resident):
    key, cert, signature = _signed(resident)
    before = cert.not_valid_before_utc - datetime.timedelta(seconds=1)
    _refused(
        verify_signature(DATA, _with_signing_time(signature, key, before)),
        "expired",
        "署名したときに、署名用電子証明書の有効期間外でした。この電子署名は無効です。",
    )


def test_signed_in_the_first_second_of_the_certificate_is_valid(resident):
    key, cert, signature = _signed(resident)
    first = _with_signing_time(signature, key, cert.not_valid_before_utc)
    assert verify_signature(DATA, first).code == "ok"


def test_a_certificate_expired_by_the_time_of_verification_is_refused(resident):
    """Signed while valid; the certificate has expired when the city verifies it."""
    now = NOW
    key, cert, chain = pki.active_pki().card_signer(resident, not_after=now + datetime.timedelta(hours=1))
    signature = sign_detached(DATA, key=key, certificate=cert, chain=chain)
    # signed in its very last second: still within the validity period when signing
    last = _with_signing_time(signature, key, cert.not_valid_after_utc)
    later = cert.not_valid_after_utc + datetime.timedelta(minutes=1)
    for signed in (signature, last):
        _refused(
            verify_signature(DATA, signed, at=later),
            "expired",
            "署名用電子証明書の有効期限が切れています。この電子署名は無効です。",
        )


def test_a_certificate_not_yet_valid_when_verified_is_refused(resident):
    """A card reader two minutes ahead signs at the certificate's start, which has not come yet."""
    start = NOW + datetime.timedelta(minutes=2)
    key, cert, chain = pki.active_pki().card_signer(
        resident, not_before=start, not_after=start + datetime.timedelta(days=365)
    )
    signature = _with_signing_time(sign_detached(DATA, key=key, certificate=cert, chain=chain), key, start)
    _refused(
        verify_signature(DATA, signature, at=NOW),
        "expired",
        "署名用電子証明書の有効期間がまだ始まっていません。",
    )


# ---------------------------------------------------------------- keys, digests and key usage


def test_a_card_with_an_ec_key_is_verified_and_a_forged_value_refused():
    key = ec.generate_private_key(ec.SECP256R1())
    cert, chain = _issue(key)
    signature = sign_detached(DATA, key=key, certificate=cert, chain=chain)
    assert verify_signature(DATA, signature).code == "ok"
    info = cms.ContentInfo.load(signature)
    other = ec.generate_private_key(ec.SECP256R1())
    signer = info["content"]["signer_infos"][0]
    signer["signature"] = other.sign(signer["signed_attrs"].untag().dump(), ec.ECDSA(hashes.SHA256()))
    _refused(verify_signature(DATA, info.dump(force=True)), "bad_signature", "電子署名が正しくありません。")


def test_a_key_of_another_kind_is_not_taken(resident):
    """An Ed25519 certificate in place of the signer's: not a signature method the platform takes."""
    cert, chain = _issue(ed25519.Ed25519PrivateKey.generate())
    _, _, signature = _signed(resident)
    info = cms.ContentInfo.load(signature)
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    info["content"]["certificates"] = cms.CertificateSet(
        [
            cms.CertificateChoices({"certificate": asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))})
            for c in [cert, *chain]
        ]
    )
    info["content"]["signer_infos"][0]["sid"] = cms.SignerIdentifier(
        {
            "issuer_and_serial_number": {
                "issuer": asn1_x509.Name.load(cert.issuer.public_bytes()),
                "serial_number": cert.serial_number,
            }
        }
    )
    _refused(verify_signature(DATA, info.dump(force=True)), "bad_signature", "対応していない署名方式です。")


def test_a_digest_the_platform_does_not_take_is_refused(resident):
    _, _, signature = _signed(resident)
    info = cms.ContentInfo.load(signature)
    info["content"]["signer_infos"][0]["digest_algorithm"] = cms.DigestAlgorithm({"algorithm": "sha1"})
    _refused(verify_signature(DATA, info.dump(force=True)), "bad_signature", "対応していない署名方式です。")


def test_a_certificate_not_for_signing_documents_is_refused():
    """Without 否認防止 (non-repudiation) key usage, as on the card's 利用者証明用 certificate, a
    certificate identifies its holder but does not sign documents."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert, chain = _issue(key, non_repudiation=False)
    result = verify_signature(DATA, sign_detached(DATA, key=key, certificate=cert, chain=chain))
    _refused(result, "untrusted", "署名用電子証明書を検証できませんでした。")


def test_verification_fetches_nothing_a_certificate_points_to():
    """A signer's certificate may name any URL for its issuer and CRL (AIA, CDP). Verification
    uses only the configured anchors and CRLs: the city's server never requests such a URL (no
    waiting on, and no requests steered by, whoever made the certificate)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from cryptography.hazmat.primitives.asymmetric import rsa

    requested = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/issuer"
        stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Unknown Issuing CA")])
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert, chain = _issue(key, issuer=(stranger, name), url=url)
        result = verify_signature(DATA, sign_detached(DATA, key=key, certificate=cert, chain=chain))
    finally:
        server.shutdown()
        server.server_close()
    assert (result.valid, result.code) == (False, "untrusted")
    assert requested == []


# ---------------------------------------------------------------- what names the signer, what is unreadable


def test_a_key_identifier_that_names_no_included_certificate(resident):
    _, _, signature = _signed(resident)
    info = cms.ContentInfo.load(signature)
    info["content"]["signer_infos"][0]["sid"] = cms.SignerIdentifier({"subject_key_identifier": b"\x01" * 20})
    result = verify_signature(DATA, info.dump(force=True))
    assert (result.valid, result.code, result.message) == (
        False,
        "malformed",
        "署名者の証明書が電子署名に含まれていません。",
    )


def test_a_signature_without_signed_attributes_is_refused(resident):
    """No signed attributes, so no message digest: nothing ties the signature to the content."""
    _, _, signature = _signed(resident)
    info = cms.ContentInfo.load(signature)
    signer = info["content"]["signer_infos"][0]
    signer["signed_attrs"] = None  # asn1crypto: the optional field left out
    result = verify_signature(DATA, info.dump(force=True))
    _refused(result, "altered", "署名した後に内容が変更されています。この電子署名は無効です。")


@pytest.mark.parametrize("garbage", [b"", b"not a signature", b"0\x03\x02\x01\x00"])
def test_garbage_is_refused_by_the_checks_not_by_the_last_resort(garbage, caplog):
    """Unreadable input is an expected refusal: no error (with its traceback) in the log."""
    other_type = cms.ContentInfo({"content_type": "data", "content": b"x"}).dump()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        for data in (garbage, other_type):
            result = verify_signature(b"{}", data)
            assert (result.valid, result.code, result.message) == (
                False,
                "malformed",
                "電子署名のデータを読み取れませんでした。",
            )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_structure_that_breaks_past_the_checks_is_refused_and_logged(resident, caplog):
    """A signed attribute with no value gets past the structural checks; the last-resort handler
    refuses it as unreadable and logs the error for operations."""
    _, _, signature = _signed(resident)
    info = cms.ContentInfo.load(signature)
    signer = info["content"]["signer_infos"][0]
    attrs = list(signer["signed_attrs"])
    attrs.append(cms.CMSAttribute({"type": "signing_time", "values": []}))
    signer["signed_attrs"] = cms.CMSAttributes(attrs)
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        result = verify_signature(DATA, info.dump(force=True))
    assert (result.valid, result.code, result.message) == (
        False,
        "malformed",
        "電子署名のデータを読み取れませんでした。",
    )
    assert [r.exc_info is not None for r in caplog.records if r.levelno >= logging.ERROR] == [True]
