"""On PostgreSQL: the test IdP counts PIN tries and spends authorization codes atomically, as the
real card and service do — simultaneous requests get no more guesses and no more tokens."""

import base64
import hashlib
import threading

import pytest
from django.db import connection
from django.test import Client

from madoguchi.identity import idp, models
from madoguchi.identity.models import PIN_ATTEMPTS, AccessToken, DemoCard

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(count: int, work) -> tuple[list, list]:
    """Run `work()` in `count` threads released together; returns (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except Exception as error:  # noqa: BLE001  (reported by the caller)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_twelve_simultaneous_wrong_pins_get_exactly_three_guesses(card_holder, monkeypatch):
    card_pk = card_holder.demo_card.pk
    pin_hash = card_holder.demo_card.pin_hash
    guesses = []  # every wrong PIN that was actually compared: what an attacker learns from
    original = models.check_password

    def counting(secret, stored):
        if stored == pin_hash:
            guesses.append(secret)
        return original(secret, stored)

    monkeypatch.setattr(models, "check_password", counting)
    results, errors = _race(12, lambda: DemoCard.objects.get(pk=card_pk).check_pin("0000"))

    assert not errors, errors
    assert results == [False] * 12
    assert len(guesses) == PIN_ATTEMPTS
    card = DemoCard.objects.get(pk=card_pk)
    assert card.failed_pin_attempts == PIN_ATTEMPTS and card.locked
    assert not card.check_pin("1234")  # locked: even the right PIN is refused


def test_six_simultaneous_exchanges_of_one_code_give_one_token(card_holder, settings):
    settings.MADOGUCHI_TEST_IDP_CLIENTS = {
        "rp": {"secret": "rp-secret", "redirect_uris": ["https://rp.example/cb"], "id_token_alg": "RS256"}
    }
    verifier = "v" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {
        "client_id": "rp",
        "redirect_uri": "https://rp.example/cb",
        "scope": "openid name",
        "state": "",
        "nonce": "",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    code = idp.issue_code(card_holder.demo_card, params)["Location"].split("code=")[1]
    idp._key("RS256")  # the test PKI's keys exist before the threads need them

    def exchange():
        return Client().post(
            "/idp/token",
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": "https://rp.example/cb",
                "code_verifier": verifier,
                "client_id": "rp",
                "client_secret": "rp-secret",
            },
        )

    results, errors = _race(6, exchange)

    assert not errors, errors
    statuses = sorted(response.status_code for response in results)
    assert statuses == [200, 400, 400, 400, 400, 400]
    assert AccessToken.objects.count() == 1
    refused = [r.json() for r in results if r.status_code == 400]
    assert all(body["error"] == "invalid_grant" for body in refused)
