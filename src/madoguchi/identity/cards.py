"""Demo card holders of the test IdP: every demo resident aged 15 or over (PIN 1234)."""

from __future__ import annotations

import datetime

from madoguchi.core.models import Person

from .models import DemoCard

DEMO_PIN = "1234"
DEMO_SIGNING_PASSWORD = "sign1234"
CARD_AGE = 15


def card_holders(today: datetime.date | None = None) -> list[Person]:
    """Demo residents old enough to hold a card with a signing certificate (15+)."""
    today = today or datetime.date.today()
    return [
        p for p in Person.objects.filter(is_demo=True).order_by("pk") if (p.age_on(today) or 0) >= CARD_AGE
    ]


def card_for(person: Person) -> DemoCard:
    """The person's demo card, issued with the demo PIN and signing password on first use."""
    try:
        return person.demo_card
    except DemoCard.DoesNotExist:
        card = DemoCard(person=person)
        card.set_pin(DEMO_PIN)
        card.set_signing_password(DEMO_SIGNING_PASSWORD)
        card.save()
        return card


def load_cards(say) -> None:
    """Demo loader (order 30): a card for every demo resident aged 15+, and their certificates."""
    from . import pki

    holders = card_holders()
    for person in holders:
        card_for(person)
    # The CA now; each holder's signing certificate on first use (`madoguchi pki init` issues
    # them all in advance), so loading the demo stays fast in every app's tests.
    pki.ensure_test_pki()
    say(
        f"テスト用マイナンバーカード {len(holders)} 枚（暗証番号: {DEMO_PIN}、署名用パスワード: {DEMO_SIGNING_PASSWORD}）"
    )
