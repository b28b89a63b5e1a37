"""PAdES signatures with the city's signing certificate (pyHanko).

Where the key lives is a setting, MADOGUCHI_DOCUMENT_SIGNER:

- "pki" (default): the city signer from `madoguchi.identity.pki.city_signer()` — the test PKI in
  the demo, a file-based key elsewhere;
- "pkcs11": a key in an HSM or smart card through PKCS#11 (production). Needs the
  `python-pkcs11` package (pyHanko's `pkcs11` extra) and MADOGUCHI_PKCS11_MODULE (the .so),
  MADOGUCHI_PKCS11_TOKEN_LABEL, MADOGUCHI_PKCS11_KEY_LABEL, MADOGUCHI_PKCS11_CERT_LABEL and
  MADOGUCHI_PKCS11_PIN (see docs/delivery.md);
- "module.path:function": any callable returning (private_key, certificate, [intermediates])
  as `cryptography` objects (tests use this for a throwaway PKI).

When MADOGUCHI_TSA_URL is set, an RFC 3161 timestamp from that TSA is embedded (PAdES B-T).
"""

from __future__ import annotations

import hashlib
import importlib
import time
from dataclasses import dataclass
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko_certvalidator.registry import SimpleCertificateStore

from madoguchi.core.asyncio_compat import run_sync
from madoguchi.identity import pki

SIGNATURE_FIELD = "CitySignature"
SIGNATURE_BYTES = 16384  # room for the CMS: certificate chain (3 × RSA-2048) and signature


@dataclass(frozen=True)
class CitySigner:
    signer: signers.Signer
    subject: str  # the certificate's subject, for the record


_cache: dict[str, CitySigner] = {}


class _LoadedKeySigner(signers.SimpleSigner):
    """SimpleSigner that keeps the loaded key: pyHanko re-parses (and, for RSA, re-validates)
    the DER key on every signature, which costs more than the rest of signing together."""

    def __init__(self, *args, loaded_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded_key = loaded_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
        from pyhanko.sign.general import get_pyca_cryptography_hash

        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        key = self._loaded_key
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), hash_algo)
        if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(hash_algo))
        return super().sign_raw(data, digest_algorithm)


def _load_callable(path: str):
    module, _, name = path.partition(":")
    if not name:
        raise ImproperlyConfigured(
            f"MADOGUCHI_DOCUMENT_SIGNER {path!r}: use 'pki', 'pkcs11' or 'module:function'"
        )
    return getattr(importlib.import_module(module), name)


def _key_material():
    source = getattr(settings, "MADOGUCHI_DOCUMENT_SIGNER", "pki")
    if source == "pki":
        return pki.city_signer()
    return _load_callable(source)()


def _from_key_material(private_key, certificate, intermediates) -> CitySigner:
    der = certificate.public_bytes(serialization.Encoding.DER)
    cache_key = hashlib.sha256(der).hexdigest()
    if cache_key in _cache:
        return _cache[cache_key]
    key_der = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    chain = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in intermediates]
    signer = _LoadedKeySigner(
        signing_cert=asn1_x509.Certificate.load(der),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
        loaded_key=private_key,
    )
    city = CitySigner(signer=signer, subject=certificate.subject.rfc4514_string())
    _cache.clear()  # one city key at a time; a new key (rotation, new test PKI) replaces it
    _cache[cache_key] = city
    return city


def _pkcs11_signer() -> CitySigner:
    try:
        from pyhanko.sign import pkcs11
    except ImportError as exc:
        raise ImproperlyConfigured(
            "PKCS#11 signing needs the python-pkcs11 package (pip install 'pyhanko[pkcs11]')"
        ) from exc
    module = getattr(settings, "MADOGUCHI_PKCS11_MODULE", "")
    if not module:
        raise ImproperlyConfigured("MADOGUCHI_PKCS11_MODULE is not set")
    session = pkcs11.open_pkcs11_session(
        module,
        token_label=getattr(settings, "MADOGUCHI_PKCS11_TOKEN_LABEL", None),
        user_pin=getattr(settings, "MADOGUCHI_PKCS11_PIN", None),
    )
    signer = pkcs11.PKCS11Signer(
        session,
        key_label=getattr(settings, "MADOGUCHI_PKCS11_KEY_LABEL", None),
        cert_label=getattr(settings, "MADOGUCHI_PKCS11_CERT_LABEL", None),
    )
    return CitySigner(signer=signer, subject="PKCS#11")


KEY_CACHE_SECONDS = 300  # a replaced key file is picked up within five minutes
_material: dict[tuple, tuple[float, CitySigner]] = {}


def city_signer() -> CitySigner:
    """The city's signer. Loading an RSA key (with its consistency check) costs more than a
    signature, so a loaded key is kept for a few minutes per signer setting and key directory."""
    source = getattr(settings, "MADOGUCHI_DOCUMENT_SIGNER", "pki")
    if source == "pkcs11":
        return _pkcs11_signer()
    key = (source, str(getattr(settings, "MADOGUCHI_PKI_DIR", "")))
    now = time.monotonic()
    cached = _material.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    city = _from_key_material(*_key_material())
    _material.clear()
    _material[key] = (now + KEY_CACHE_SECONDS, city)
    return city


def timestamper() -> timestamps.TimeStamper | None:
    url = getattr(settings, "MADOGUCHI_TSA_URL", "")
    return timestamps.HTTPTimeStamper(url, timeout=10) if url else None


def sign_pdf(
    pdf: bytes, *, number: str, city_name: str, location: str = ""
) -> tuple[bytes, CitySigner, bool]:
    """Sign `pdf` (PAdES, SHA-256). Returns (signed bytes, signer, whether it was timestamped).

    The signature's /Reason carries the document number in ASCII, so the verification page can
    find the record even when a copy has been altered.
    """
    city = city_signer()
    tsa = timestamper()
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=f"Madoguchi document {number}",
        location=location or city_name,
        name=city_name,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    # A fixed reservation skips pyHanko's dry-run signature that only measures the size.
    out = run_sync(
        signers.async_sign_pdf(
            writer, meta, signer=city.signer, timestamper=tsa, bytes_reserved=None if tsa else SIGNATURE_BYTES
        )
    )
    return out.getvalue(), city, tsa is not None
