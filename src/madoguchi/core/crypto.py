"""Field encryption for 特定個人情報 (My Number) and other secrets at rest.

Keys are Fernet keys listed newest first in MADOGUCHI_FIELD_KEYS; MultiFernet decrypts with any
of them and encrypts with the first, so rotating is: prepend a key, run `madoguchi rotate-keys`,
then drop the old key. The demo derives its key from SECRET_KEY so `make run` needs no setup.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _derive(label: bytes, secret: str | None = None) -> bytes:
    return hashlib.sha256(label + (secret or settings.SECRET_KEY).encode()).digest()


def _demo_secrets() -> tuple[str, ...]:
    """What the demo derives its keys from: SECRET_KEY, then the key the demo once shipped with,
    so data stored before var/secret_key was generated stays readable (and findable)."""
    return tuple(
        dict.fromkeys([settings.SECRET_KEY, getattr(settings, "DEMO_SECRET_KEY", settings.SECRET_KEY)])
    )


@cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def field_keys() -> tuple[str, ...]:
    keys = tuple(settings.MADOGUCHI_FIELD_KEYS)
    if not keys:  # the first encrypts, the old demo key only decrypts
        keys = tuple(
            base64.urlsafe_b64encode(_derive(b"madoguchi-field-key:", secret)).decode()
            for secret in _demo_secrets()
        )
    return keys


def fernet() -> MultiFernet:
    return _fernet_for(field_keys())


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt with the newest key (what `rotate-keys` does to each stored value)."""
    return fernet().rotate(token.encode()).decode()


def lookup_digest(value: str) -> str:
    """A keyed digest to find a record by a secret value without decrypting every row."""
    return hmac.new(_derive(b"madoguchi-lookup:"), value.encode(), hashlib.sha256).hexdigest()


def lookup_digests(value: str) -> list[str]:
    """Every digest `value` may be stored under: the current one, and in the demo also the one
    under the old demo key (rows written before the key was generated)."""
    if settings.MADOGUCHI_FIELD_KEYS:
        return [lookup_digest(value)]
    return [
        hmac.new(_derive(b"madoguchi-lookup:", secret), value.encode(), hashlib.sha256).hexdigest()
        for secret in _demo_secrets()
    ]
