"""Verifying JPKI-style signatures (電子署名の検証).

    data_bytes = canonical_bytes(form_data)
    result = verify_signature(data_bytes, cms_der)
    if not result.valid: show result.message (already in the user's language); store nothing

`verify_signature` checks, in order: the CMS structure; that the signed content is exactly
`content` (message digest); the signature itself; that the certificate was valid at the
signing time; the path to a configured trust anchor and revocation by CRL, with
pyhanko-certvalidator. It never raises for a bad signature.

Trust anchors and CRLs: `settings.MADOGUCHI_SIGNATURE_TRUST_ANCHORS` / `MADOGUCHI_SIGNATURE_CRLS`
(file paths, PEM or DER); empty means the test PKI's root and CRLs (identity.pki).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import cms, pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    InsufficientRevinfoError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
    ValidationError,
)

from madoguchi.core.asyncio_compat import run_sync

from .pki import active_pki, info_from_certificate

logger = logging.getLogger("madoguchi.identity")
HASHES: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def canonical_bytes(data: dict) -> bytes:
    """The bytes a resident signs for form data: JSON, UTF-8, sorted keys, no spaces."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode(
        "utf-8"
    )


@dataclass
class SignatureResult:
    valid: bool
    message: str  # translated, for the resident and staff
    signer_subject: str = ""
    serial: str = ""
    signing_time: datetime.datetime | None = None
    signer_info: dict = field(default_factory=dict)  # 基本4情報 from the certificate, if present
    code: str = ""  # machine-readable outcome: ok, malformed, altered, bad_signature, expired, revoked, untrusted, ...

    def as_dict(self) -> dict:
        return {
            "valid": self.valid,
            "message": str(self.message),
            "signer_subject": self.signer_subject,
            "serial": self.serial,
            "signing_time": self.signing_time.isoformat() if self.signing_time else None,
            "code": self.code,
        }


def _load_cert_or_crl_files(paths) -> list[bytes]:
    items: list[bytes] = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            items.extend(der for _, _, der in pem.unarmor(data, multiple=True))
        else:
            items.append(data)
    return items


def trust_anchors() -> list[asn1_x509.Certificate]:
    paths = settings.MADOGUCHI_SIGNATURE_TRUST_ANCHORS
    if paths:
        return [asn1_x509.Certificate.load(der) for der in _load_cert_or_crl_files(paths)]
    return [asn1_x509.Certificate.load(active_pki().root_certificate().public_bytes(_der()))]


def crls() -> list[bytes]:
    paths = settings.MADOGUCHI_SIGNATURE_CRLS
    if paths:
        return _load_cert_or_crl_files(paths)
    if settings.MADOGUCHI_SIGNATURE_TRUST_ANCHORS:
        return []
    return active_pki().crls_der()


def _der():
    from cryptography.hazmat.primitives.serialization import Encoding

    return Encoding.DER


def _fail(code: str, message: str, **known) -> SignatureResult:
    return SignatureResult(valid=False, message=message, code=code, **known)


def verify_signature(
    content: bytes, cms_der: bytes, *, at: datetime.datetime | None = None
) -> SignatureResult:
    """Verify a CMS detached SignedData over `content`. Never raises for a bad signature."""
    try:
        return _verify(content, cms_der, at=at)
    except Exception:  # a malformed structure must not become a server error
        logger.exception("signature verification failed unexpectedly")
        return _fail("malformed", _("電子署名のデータを読み取れませんでした。"))


def _verify(content: bytes, cms_der: bytes, *, at: datetime.datetime | None) -> SignatureResult:
    try:
        info = cms.ContentInfo.load(cms_der)
        if info["content_type"].native != "signed_data":
            raise ValueError("not SignedData")
        signed = info["content"]
        signer = signed["signer_infos"][0]
        certificates = [c.chosen for c in signed["certificates"] if c.name == "certificate"]
    except (ValueError, TypeError, IndexError, KeyError):
        return _fail("malformed", _("電子署名のデータを読み取れませんでした。"))
    sid = signer["sid"]
    if sid.name == "issuer_and_serial_number":
        issuer, serial = sid.chosen["issuer"], sid.chosen["serial_number"].native
        cert = next((c for c in certificates if c.issuer == issuer and c.serial_number == serial), None)
    else:
        key_id = sid.chosen.native
        cert = next((c for c in certificates if c.key_identifier == key_id), None)
    if cert is None:
        return _fail("malformed", _("署名者の証明書が電子署名に含まれていません。"))
    crypto_cert = x509.load_der_x509_certificate(cert.dump())
    known: dict[str, Any] = {
        "signer_subject": crypto_cert.subject.rfc4514_string(),
        "serial": format(crypto_cert.serial_number, "X"),
        "signer_info": info_from_certificate(crypto_cert),
    }
    attrs = signer["signed_attrs"]
    values = {attr["type"].native: attr["values"][0].native for attr in attrs} if attrs.native else {}
    signing_time = values.get("signing_time")
    known["signing_time"] = signing_time
    algo = signer["digest_algorithm"]["algorithm"].native
    if algo not in HASHES:
        return _fail("bad_signature", _("対応していない署名方式です。"), **known)
    digest = hashlib.new(algo, content).digest()
    if not attrs.native or values.get("message_digest") != digest:
        return _fail("altered", _("署名した後に内容が変更されています。この電子署名は無効です。"), **known)
    # The signature covers the DER of the signed attributes as a SET.
    signed_bytes = attrs.untag().dump()
    try:
        key = crypto_cert.public_key()
        signature = signer["signature"].native
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, signed_bytes, padding.PKCS1v15(), HASHES[algo]())
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, signed_bytes, ec.ECDSA(HASHES[algo]()))
        else:
            return _fail("bad_signature", _("対応していない署名方式です。"), **known)
    except InvalidSignature:
        return _fail("bad_signature", _("電子署名が正しくありません。"), **known)
    now = at or datetime.datetime.now(datetime.UTC)
    if signing_time is None or signing_time > now + datetime.timedelta(minutes=5):
        return _fail("bad_signing_time", _("署名日時が正しくありません。"), **known)
    if not (crypto_cert.not_valid_before_utc <= signing_time <= crypto_cert.not_valid_after_utc):
        return _fail(
            "expired",
            _("署名したときに、署名用電子証明書の有効期間外でした。この電子署名は無効です。"),
            **known,
        )
    context = ValidationContext(
        trust_roots=trust_anchors(),
        crls=crls(),
        revocation_mode="require",
        moment=now,
        allow_fetching=False,
    )
    intermediates = [c for c in certificates if c is not cert]
    validator = CertificateValidator(cert, intermediate_certs=intermediates, validation_context=context)
    try:
        run_sync(validator.async_validate_usage({"non_repudiation"}))
    except RevokedError:
        return _fail("revoked", _("署名用電子証明書は失効しています。この電子署名は無効です。"), **known)
    except ExpiredError:
        return _fail(
            "expired", _("署名用電子証明書の有効期限が切れています。この電子署名は無効です。"), **known
        )
    except NotYetValidError:
        return _fail("expired", _("署名用電子証明書の有効期間がまだ始まっていません。"), **known)
    except PathBuildingError:
        return _fail(
            "untrusted",
            _("信頼できる認証局が発行した証明書ではありません。この電子署名は受け付けられません。"),
            **known,
        )
    except InsufficientRevinfoError:
        return _fail(
            "no_revocation_info",
            _("証明書の失効情報を確認できませんでした。しばらくしてからもう一度お試しください。"),
            **known,
        )
    except (PathValidationError, ValidationError) as error:
        logger.info("certificate path invalid: %s", error)
        return _fail("untrusted", _("署名用電子証明書を検証できませんでした。"), **known)
    return SignatureResult(valid=True, message=_("電子署名を確認しました。"), code="ok", **known)
