import datetime

import pytest

from madoguchi.core.demo import load_residents
from madoguchi.identity.cards import DEMO_PIN, card_holders, load_cards
from madoguchi.identity.models import DemoCard

pytestmark = pytest.mark.django_db


def test_every_demo_resident_aged_15_or_more_gets_a_card_once(monkeypatch):
    from madoguchi.identity import pki

    monkeypatch.setattr(
        pki, "issue_card_certificates", lambda persons, say=None: len(persons)
    )  # keys are slow
    load_residents(lambda line: None)
    lines = []
    load_cards(lines.append)
    load_cards(lines.append)
    holders = card_holders()
    assert DemoCard.objects.count() == len(holders) > 0
    today = datetime.date.today()
    assert all(p.age_on(today) >= 15 for p in holders)
    assert DemoCard.objects.first().check_pin(DEMO_PIN)
    assert "1234" in lines[0]
