"""The test PKI (テスト用認証局): a stand-in for J-LIS's public key infrastructure.

Layout under `settings.MADOGUCHI_PKI_DIR` (created by `ensure_test_pki()` / `madoguchi pki init`):

    root.pem, root.key.pem                   テストルート認証局 (self-signed, RSA-2048)
    intermediate.pem, intermediate.key.pem   テスト署名用中間認証局 (issues city and card certificates)
    root.crl, intermediate.crl               CRLs (DER); `revoke()` adds entries, `crl_der()` reads
    revoked.json                             what was revoked, so the CRLs can be re-issued
    city.pem, city.key.pem                   国分寺市's document-signing certificate (PAdES)
    cards/<person>-<digest>.pem / .key.pem   one JPKI-style 署名用電子証明書 per card holder
    idp-rs256.pem, idp-es256.pem             the test IdP's ID-token signing keys

A card certificate carries the 基本4情報 the way JPKI does (see docs/identity.md):
subject `C=JP, ST=<都道府県>, L=<市区町村>, CN=<氏名>` and subjectAltName otherName entries
(UTF8String values) with the J-LIS arc:

    1.2.392.200149.8.5.5.1  氏名        1.2.392.200149.8.5.5.3  性別 (ISO/IEC 5218 digit)
    1.2.392.200149.8.5.5.4  生年月日 (YYYYMMDD)   1.2.392.200149.8.5.5.5  住所

Everything here is for demo and tests; production trusts the real J-LIS root instead
(`MADOGUCHI_SIGNATURE_TRUST_ANCHORS`, `MADOGUCHI_SIGNATURE_CRLS`).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import tempfile
from pathlib import Path

from asn1crypto import core as asn1_core
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

JPKI_NAME = x509.ObjectIdentifier("1.2.392.200149.8.5.5.1")
JPKI_GENDER = x509.ObjectIdentifier("1.2.392.200149.8.5.5.3")
JPKI_BIRTH_DATE = x509.ObjectIdentifier("1.2.392.200149.8.5.5.4")
JPKI_ADDRESS = x509.ObjectIdentifier("1.2.392.200149.8.5.5.5")

CITY_NAME = "国分寺市"
REVOCATION_REASONS = {flag.value: flag for flag in x509.ReasonFlags}
REVOCATION_REASONS.update({flag.name: flag for flag in x509.ReasonFlags})  # key_compromise too
CRL_LIFETIME = datetime.timedelta(days=7)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write(path: Path, data: bytes) -> None:
    """Atomic write: parallel test workers never read half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _other_name(oid: x509.ObjectIdentifier, value: str) -> x509.OtherName:
    return x509.OtherName(oid, asn1_core.UTF8String(value).dump())


def person_info(person) -> dict[str, str]:
    """The 基本4情報 of a core.Person as the card states them."""
    return {
        "name": f"{person.family_name}\u3000{person.given_name}".strip(),
        "address": person.address or "",
        "birth_date": person.birth_date.strftime("%Y%m%d") if person.birth_date else "",
        "gender": str(int(person.gender or 0)),
    }


def info_from_certificate(certificate: x509.Certificate) -> dict[str, str]:
    """Read the 基本4情報 back from a card certificate (empty dict for other certificates)."""
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return {}
    keys = {JPKI_NAME: "name", JPKI_ADDRESS: "address", JPKI_BIRTH_DATE: "birth_date", JPKI_GENDER: "gender"}
    info = {}
    for entry in san.get_values_for_type(x509.OtherName):
        if entry.type_id in keys:
            info[keys[entry.type_id]] = str(asn1_core.UTF8String.load(entry.value).native)
    return info


class TestPKI:
    """A test PKI rooted in one directory. Module functions use the one in settings."""

    __test__ = False  # not a pytest class

    def __init__(self, directory: Path | str, *, root_name: str = "Madoguchi Test Root CA"):
        self.dir = Path(directory)
        self.root_name = root_name

    # -- files ------------------------------------------------------------------------------
    def _path(self, name: str) -> Path:
        return self.dir / name

    @contextlib.contextmanager
    def _lock(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self._path(".lock"), "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _load_pair(self, stem: str):
        key = serialization.load_pem_private_key(self._path(f"{stem}.key.pem").read_bytes(), password=None)
        cert = x509.load_pem_x509_certificate(self._path(f"{stem}.pem").read_bytes())
        return key, cert

    def _save_pair(self, stem: str, key, cert: x509.Certificate) -> None:
        _write(self._path(f"{stem}.key.pem"), _key_pem(key))
        _write(self._path(f"{stem}.pem"), cert.public_bytes(serialization.Encoding.PEM))

    # -- building ---------------------------------------------------------------------------
    def _issue(
        self,
        *,
        subject: x509.Name,
        key,
        issuer_key,
        issuer_cert: x509.Certificate | None,
        ca: bool,
        path_length: int | None = None,
        not_before: datetime.datetime | None = None,
        not_after: datetime.datetime | None = None,
        san: list | None = None,
    ) -> x509.Certificate:
        now = _now()
        not_before = not_before or now - datetime.timedelta(hours=1)
        not_after = not_after or now + datetime.timedelta(days=365 * (20 if ca else 5))
        issuer_name = issuer_cert.subject if issuer_cert is not None else subject
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(
                x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
            )
        )
        if ca:
            usage = {
                "key_cert_sign": True,
                "crl_sign": True,
                "digital_signature": False,
                "content_commitment": False,
            }
        else:
            usage = {
                "key_cert_sign": False,
                "crl_sign": False,
                "digital_signature": True,
                "content_commitment": True,
            }
        builder = builder.add_extension(
            x509.KeyUsage(
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
                **usage,
            ),
            critical=True,
        )
        if san:
            builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
        return builder.sign(issuer_key, hashes.SHA256())

    def ensure(self) -> TestPKI:
        """Create whatever is missing (idempotent) and refresh stale CRLs."""
        if self._path("city.pem").exists() and self._crls_fresh():
            return self
        with self._lock():
            if not self._path("root.pem").exists():
                key = _new_key()
                subject = x509.Name(
                    [
                        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Madoguchi Test PKI"),
                        x509.NameAttribute(NameOID.COMMON_NAME, self.root_name),
                    ]
                )
                cert = self._issue(
                    subject=subject, key=key, issuer_key=key, issuer_cert=None, ca=True, path_length=1
                )
                self._save_pair("root", key, cert)
            root_key, root_cert = self._load_pair("root")
            if not self._path("intermediate.pem").exists():
                key = _new_key()
                subject = x509.Name(
                    [
                        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Madoguchi Test PKI"),
                        x509.NameAttribute(NameOID.COMMON_NAME, "Madoguchi Test Signing CA"),
                    ]
                )
                cert = self._issue(
                    subject=subject,
                    key=key,
                    issuer_key=root_key,
                    issuer_cert=root_cert,
                    ca=True,
                    path_length=0,
                )
                self._save_pair("intermediate", key, cert)
            if not self._crls_fresh():
                self._write_crls()
            if not self._path("city.pem").exists():
                inter_key, inter_cert = self._load_pair("intermediate")
                key = _new_key()
                subject = x509.Name(
                    [
                        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "東京都"),
                        x509.NameAttribute(NameOID.LOCALITY_NAME, CITY_NAME),
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, CITY_NAME),
                        x509.NameAttribute(NameOID.COMMON_NAME, f"{CITY_NAME} 電子証明書発行"),
                    ]
                )
                cert = self._issue(
                    subject=subject, key=key, issuer_key=inter_key, issuer_cert=inter_cert, ca=False
                )
                self._save_pair("city", key, cert)
        return self

    # -- revocation -------------------------------------------------------------------------
    def _revoked(self) -> list[dict]:
        path = self._path("revoked.json")
        return json.loads(path.read_text()) if path.exists() else []

    def _crls_fresh(self) -> bool:
        for name in ("root.crl", "intermediate.crl"):
            path = self._path(name)
            if not path.exists():
                return False
            crl = x509.load_der_x509_crl(path.read_bytes())
            if crl.next_update_utc - _now() < datetime.timedelta(days=1):
                return False
        return True

    def _write_crls(self) -> None:
        revoked = self._revoked()
        now = _now()
        for stem in ("root", "intermediate"):
            key, cert = self._load_pair(stem)
            builder = (
                x509.CertificateRevocationListBuilder()
                .issuer_name(cert.subject)
                .last_update(now - datetime.timedelta(minutes=5))
                .next_update(now + CRL_LIFETIME)
                .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
                .add_extension(
                    x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False
                )
            )
            for entry in revoked:
                if entry["issuer"] != cert.subject.rfc4514_string():
                    continue
                item = (
                    x509.RevokedCertificateBuilder()
                    .serial_number(int(entry["serial"]))
                    .revocation_date(datetime.datetime.fromisoformat(entry["date"]))
                    .add_extension(x509.CRLReason(REVOCATION_REASONS[entry["reason"]]), critical=False)
                    .build()
                )
                builder = builder.add_revoked_certificate(item)
            crl = builder.sign(key, hashes.SHA256())
            _write(self._path(f"{stem}.crl"), crl.public_bytes(serialization.Encoding.DER))

    def revoke(self, certificate: x509.Certificate, reason: str = "key_compromise") -> None:
        """Put `certificate` on its issuer's CRL (失効). `reason`: an x509.ReasonFlags value."""
        self.ensure()
        if isinstance(reason, x509.ReasonFlags):
            reason = reason.value
        if reason not in REVOCATION_REASONS:
            raise ValueError(f"unknown revocation reason {reason!r}")
        reason = REVOCATION_REASONS[reason].value
        with self._lock():
            revoked = self._revoked()
            serial = str(certificate.serial_number)
            if not any(entry["serial"] == serial for entry in revoked):
                revoked.append(
                    {
                        "serial": serial,
                        "issuer": certificate.issuer.rfc4514_string(),
                        "date": (_now() - datetime.timedelta(seconds=1)).isoformat(),
                        "reason": reason,
                    }
                )
                _write(self._path("revoked.json"), json.dumps(revoked, indent=1).encode())
            self._write_crls()

    def crl_der(self) -> bytes:
        """The signing CA's CRL (covers city and card certificates), DER."""
        self.ensure()
        return self._path("intermediate.crl").read_bytes()

    def crls_der(self) -> list[bytes]:
        """Every CRL of this PKI (root's, covering the intermediate, and the intermediate's)."""
        self.ensure()
        return [self._path("root.crl").read_bytes(), self._path("intermediate.crl").read_bytes()]

    # -- reading ----------------------------------------------------------------------------
    def root_certificate(self) -> x509.Certificate:
        self.ensure()
        return x509.load_pem_x509_certificate(self._path("root.pem").read_bytes())

    def root_certificate_pem(self) -> bytes:
        self.ensure()
        return self._path("root.pem").read_bytes()

    def intermediate_certificate(self) -> x509.Certificate:
        self.ensure()
        return x509.load_pem_x509_certificate(self._path("intermediate.pem").read_bytes())

    def city_signer(self):
        """(private key, certificate, [intermediate certificates]) for the city's documents."""
        self.ensure()
        key, cert = self._load_pair("city")
        return key, cert, [self.intermediate_certificate()]

    def card_signer(self, person, *, not_before=None, not_after=None, fresh: bool = False):
        """(private key, certificate, [intermediates]) of `person`'s 署名用電子証明書.

        Issued on first use; a new one when the 基本4情報 change (as on a real card, a
        change of address invalidates the signing certificate). `not_before`/`not_after`
        or `fresh=True` issue a separate, unsaved certificate (tests: expired certificates).
        """
        self.ensure()
        info = person_info(person)
        digest = hashlib.sha256(json.dumps(info, sort_keys=True).encode()).hexdigest()[:16]
        stem = f"cards/{person.pk}-{digest}"
        custom = fresh or not_before is not None or not_after is not None
        if not custom and self._path(f"{stem}.pem").exists():
            key, cert = self._load_pair(stem)
            return key, cert, [self.intermediate_certificate()]
        inter_key, inter_cert = self._load_pair("intermediate")
        key = _new_key()
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "東京都"),
                x509.NameAttribute(NameOID.LOCALITY_NAME, CITY_NAME),
                x509.NameAttribute(NameOID.COMMON_NAME, info["name"] or "-"),
            ]
        )
        san = [
            _other_name(JPKI_NAME, info["name"]),
            _other_name(JPKI_GENDER, info["gender"]),
            _other_name(JPKI_BIRTH_DATE, info["birth_date"]),
            _other_name(JPKI_ADDRESS, info["address"]),
        ]
        cert = self._issue(
            subject=subject,
            key=key,
            issuer_key=inter_key,
            issuer_cert=inter_cert,
            ca=False,
            not_before=not_before,
            not_after=not_after,
            san=san,
        )
        if not custom:
            self._save_pair(stem, key, cert)
        return key, cert, [inter_cert]

    # -- the test IdP's token keys ----------------------------------------------------------
    def idp_key(self, alg: str):
        """The test IdP's private key for `alg` (RS256 or ES256), created on first use."""
        name = {"RS256": "idp-rs256.pem", "ES256": "idp-es256.pem"}[alg]
        path = self._path(name)
        if not path.exists():
            with self._lock():
                if not path.exists():
                    key = _new_key() if alg == "RS256" else ec.generate_private_key(ec.SECP256R1())
                    _write(path, _key_pem(key))
        return serialization.load_pem_private_key(path.read_bytes(), password=None)


def active_pki() -> TestPKI:
    return TestPKI(settings.MADOGUCHI_PKI_DIR)


def ensure_test_pki() -> TestPKI:
    """Create the test PKI under settings.MADOGUCHI_PKI_DIR if missing (idempotent)."""
    return active_pki().ensure()


def root_certificate_pem() -> bytes:
    return active_pki().root_certificate_pem()


def city_signer():
    """(private_key, certificate, [intermediate certificates]) — 国分寺市's document signer."""
    return active_pki().city_signer()


def card_signer(person):
    """(private_key, certificate, [intermediate certificates]) — `person`'s card signing certificate."""
    return active_pki().card_signer(person)


def revoke(certificate: x509.Certificate, reason: str = "key_compromise") -> None:
    active_pki().revoke(certificate, reason)


def crl_der() -> bytes:
    return active_pki().crl_der()


def crls_der() -> list[bytes]:
    return active_pki().crls_der()


def issue_card_certificates(persons, say=None) -> int:
    """Issue (or reuse) a signing certificate for each person; returns how many."""
    pki = ensure_test_pki()
    count = 0
    for person in persons:
        pki.card_signer(person)
        count += 1
    if say:
        say(f"署名用電子証明書（テスト）: {count} 枚")
    return count
