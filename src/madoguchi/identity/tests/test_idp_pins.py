"""The test IdP's PIN page: a card locks on the third wrong PIN, and one client cannot go on
guessing across cards until every card in the city is locked."""

import re

import pytest

from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity import idp
from madoguchi.identity.cards import DEMO_PIN, card_for
from madoguchi.identity.models import DemoCard

pytestmark = pytest.mark.django_db
THROTTLED = "この端末から暗証番号が続けて入力されたため"


@pytest.fixture
def request_token(client):
    page = client.get(
        "/idp/authorize",
        {
            "client_id": "madoguchi",
            "redirect_uri": "http://testserver/login/callback/",
            "scope": "openid name",
            "code_challenge": "c" * 43,
            "code_challenge_method": "S256",
        },
    )
    return re.search(r'name="request" value="([^"]+)"', page.content.decode()).group(1)


def _try(client, token, card, pin, ip="192.0.2.10"):
    return client.post("/idp/authorize", {"request": token, "card": card.pk, "pin": pin}, REMOTE_ADDR=ip)


def test_third_wrong_pin_locks_the_card(client, request_token, card_holder):
    card = card_holder.demo_card
    first = _try(client, request_token, card, "0000").content.decode()
    assert "あと2回間違えるとカードがロックされます" in first
    _try(client, request_token, card, "0000")
    third = _try(client, request_token, card, "0000").content.decode()
    assert "このカードはロックされました" in third
    card.refresh_from_db()
    assert card.locked and card.failed_pin_attempts == 3
    assert "このカードはロックされました" in _try(client, request_token, card, DEMO_PIN).content.decode()


def test_one_client_cannot_lock_every_card(client, request_token):
    cards = [card_for(PersonFactory()) for _ in range(5)]
    tries = [(card, n) for card in cards[:3] for n in range(3)] + [(cards[3], 0)]
    for card, _n in tries:  # 10 wrong PINs: three cards locked, a fourth tried once
        assert THROTTLED not in _try(client, request_token, card, "0000").content.decode()

    refused = _try(client, request_token, cards[4], "0000").content.decode()
    assert THROTTLED in refused
    untouched = DemoCard.objects.get(pk=cards[4].pk)
    assert untouched.failed_pin_attempts == 0 and not untouched.locked
    # Even the right PIN waits: the client is refused before any card is read.
    assert THROTTLED in _try(client, request_token, cards[4], DEMO_PIN).content.decode()
    # Another client is not affected.
    answer = _try(client, request_token, cards[4], DEMO_PIN, ip="198.51.100.7")
    assert answer.status_code == 302 and "code=" in answer["Location"]


def test_right_pins_do_not_count_against_the_client(client, request_token):
    card = card_for(PersonFactory())
    for _ in range(idp.CLIENT_PIN_TRIES + 2):
        assert _try(client, request_token, card, DEMO_PIN).status_code == 302


def test_the_window_slides(client, request_token, card_holder, monkeypatch):
    import datetime

    from django.utils import timezone

    cards = [card_for(PersonFactory()) for _ in range(4)]
    for card in cards:
        for _ in range(3 if card is not cards[3] else 1):
            _try(client, request_token, card, "0000")
    assert THROTTLED in _try(client, request_token, card_holder.demo_card, DEMO_PIN).content.decode()
    later = timezone.now() + idp.CLIENT_PIN_WINDOW + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert _try(client, request_token, card_holder.demo_card, DEMO_PIN).status_code == 302


def test_client_ip_behind_the_proxy_is_the_last_forwarded_address(rf, settings):
    from madoguchi.identity.limits import client_ip

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.44")
    assert client_ip(request) == "192.0.2.44"  # the first entry is the client's to forge
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "10.0.0.2"  # not behind a proxy: the header is not trusted
    assert client_ip(rf.get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::/64"
