"""Field encryption (core.crypto): what a stored 特定個人情報 value relies on to stay readable."""

import base64
import hashlib
import hmac

import pytest
from cryptography.fernet import Fernet, InvalidToken

from madoguchi.core import crypto

SECRET = "a-test-secret-key-that-is-long-enough-for-django-0123456789"


@pytest.fixture
def demo_keys(settings):
    settings.SECRET_KEY = settings.DEMO_SECRET_KEY = SECRET  # one demo secret: one derived key
    settings.MADOGUCHI_FIELD_KEYS = []


def test_round_trip_and_nothing_readable_at_rest(demo_keys):
    token = crypto.encrypt("123456789018")
    assert "123456789018" not in token and token.startswith("gAAAA")
    assert crypto.decrypt(token) == "123456789018"
    assert crypto.encrypt("123456789018") != token  # a fresh IV each time


def test_demo_key_is_derived_from_the_secret_key_as_documented(demo_keys):
    """Pinned: a changed derivation would leave every value a demo city stored unreadable."""
    expected = base64.urlsafe_b64encode(hashlib.sha256(b"madoguchi-field-key:" + SECRET.encode()).digest())
    assert crypto.field_keys() == (expected.decode(),)
    assert Fernet(expected).decrypt(crypto.encrypt("窓口").encode()) == "窓口".encode()


def test_another_secret_key_cannot_read_the_value(demo_keys, settings):
    token = crypto.encrypt("123456789018")
    settings.SECRET_KEY = settings.DEMO_SECRET_KEY = SECRET + "-other"
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)


def test_lookup_digest_is_keyed_and_pinned(demo_keys, settings):
    """Pinned: stored digests are how find_by_my_number finds a person without decrypting."""
    key = hashlib.sha256(b"madoguchi-lookup:" + SECRET.encode()).digest()
    assert crypto.lookup_digest("123456789018") == hmac.new(key, b"123456789018", hashlib.sha256).hexdigest()
    assert crypto.lookup_digest("123456789018") != hashlib.sha256(b"123456789018").hexdigest()
    settings.SECRET_KEY = SECRET + "-other"
    assert crypto.lookup_digest("123456789018") != hmac.new(key, b"123456789018", hashlib.sha256).hexdigest()


def test_configured_keys_encrypt_with_the_first_and_read_with_any(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MADOGUCHI_FIELD_KEYS = [old]
    stored = crypto.encrypt("123456789018")
    settings.MADOGUCHI_FIELD_KEYS = [new, old]
    assert crypto.field_keys() == (new, old)
    assert crypto.decrypt(stored) == "123456789018"  # an old value is still readable
    fresh = crypto.encrypt("123456789018")
    assert Fernet(new.encode()).decrypt(fresh.encode()) == b"123456789018"  # new values use the newest
    rotated = crypto.rotate(stored)
    assert rotated != stored
    settings.MADOGUCHI_FIELD_KEYS = [new]  # the old key dropped after rotate-keys
    assert crypto.decrypt(rotated) == "123456789018"
    with pytest.raises(InvalidToken):
        crypto.decrypt(stored)


def test_values_stored_under_the_old_demo_key_stay_readable_and_findable(demo_keys, settings):
    """A demo city's values written before var/secret_key existed were keyed by DEMO_SECRET_KEY."""
    settings.SECRET_KEY = SECRET + "-generated"
    assert len(crypto.field_keys()) == 2
    old_fernet = Fernet(
        base64.urlsafe_b64encode(hashlib.sha256(b"madoguchi-field-key:" + SECRET.encode()).digest())
    )
    stored = old_fernet.encrypt(b"123456789018").decode()
    assert crypto.decrypt(stored) == "123456789018"
    with pytest.raises(InvalidToken):
        old_fernet.decrypt(crypto.encrypt("123456789018").encode())  # new values use the new key
    old_digest = hmac.new(
        hashlib.sha256(b"madoguchi-lookup:" + SECRET.encode()).digest(), b"123456789018", hashlib.sha256
    ).hexdigest()
    assert crypto.lookup_digests("123456789018") == [crypto.lookup_digest("123456789018"), old_digest]


def test_configured_keys_have_one_lookup_digest(settings):
    settings.MADOGUCHI_FIELD_KEYS = [Fernet.generate_key().decode()]
    assert crypto.lookup_digests("123456789018") == [crypto.lookup_digest("123456789018")]


def test_settings_without_an_old_demo_key_have_one_key_and_one_digest(demo_keys, settings):
    """A settings module of its own (no DEMO_SECRET_KEY) derives from SECRET_KEY alone."""
    del settings.DEMO_SECRET_KEY
    assert len(crypto.field_keys()) == 1
    assert crypto.lookup_digests("123456789018") == [crypto.lookup_digest("123456789018")]
