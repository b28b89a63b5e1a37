"""A throwaway PKI for delivery's own unit tests (root → intermediate → city signer, EC P-256).

Production code never uses this: it signs with identity.pki's city signer. Tests that need an
independent key (e.g. while checking the signer setting) point MADOGUCHI_DOCUMENT_SIGNER here.
"""

import datetime
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    )


def _cert(subject, key, issuer, issuer_key, *, ca: bool):
    now = datetime.datetime.now(datetime.UTC)
    usage = (
        {"key_cert_sign": True, "crl_sign": True, "digital_signature": False, "content_commitment": False}
        if ca
        else {
            "key_cert_sign": False,
            "crl_sign": False,
            "digital_signature": True,
            "content_commitment": True,
        }
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
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
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
        .sign(issuer_key, hashes.SHA256())
    )


@lru_cache(maxsize=1)
def _pki():
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert(_name("Delivery Fixture Root"), root_key, _name("Delivery Fixture Root"), root_key, ca=True)
    inter_key = ec.generate_private_key(ec.SECP256R1())
    inter = _cert(_name("Delivery Fixture CA"), inter_key, root.subject, root_key, ca=True)
    city_key = ec.generate_private_key(ec.SECP256R1())
    city = _cert(_name("国分寺市 fixture signer"), city_key, inter.subject, inter_key, ca=False)
    return root, inter, city_key, city


def city_signer():
    _root, inter, key, cert = _pki()
    return key, cert, [inter]


def root_pem() -> bytes:
    return _pki()[0].public_bytes(serialization.Encoding.PEM)
