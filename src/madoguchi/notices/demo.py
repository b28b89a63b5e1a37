"""Demo data (order 97): four residents who chose other channels than e-mail — SMS, LINE, post,
and SMS to a number that never receives it (the sandbox reports it undelivered, so the notice
falls back to a letter) — each sent a notice, the receipts taken in, and the morning's letters
printed in a batch (three loaders: each step runs after the previous one committed, as the
sending does). Idempotent: residents who already have a preference are left alone."""

from __future__ import annotations

import hashlib

from madoguchi.core.demo import DemoLoader
from madoguchi.core.models import Person
from madoguchi.core.notifications import notify

from .channels import sms
from .models import ChannelPreference
from .services import deliveries, letters

CHOICES = [
    (["sms", "email"], "090-1234-5678"),
    (["line", "email"], ""),
    (["letter"], ""),
    (["sms"], "080-1111-9999"),  # sandbox: accepted, then reported undelivered → letter
]


def load(say) -> None:
    heads = list(
        Person.objects.filter(is_demo=True, relationship="世帯主")
        .exclude(postal_code="")
        .order_by("household__number")[: len(CHOICES)]
    )
    made = []
    for person, (order, mobile) in zip(heads, CHOICES, strict=False):
        if ChannelPreference.objects.filter(person=person).exists():
            continue
        line_id = "U" + hashlib.md5(f"demo-line-{person.pk}".encode(), usedforsecurity=False).hexdigest()
        ChannelPreference.objects.create(
            person=person,
            order=order,
            mobile=sms.e164(mobile),
            line_user_id=line_id if "line" in order else "",
        )
        made.append(person)
    for person in made:
        notify(person, "notices/notifications/channels_set")  # sent when this loader commits
    say(f"notices: {len(made)} residents on SMS/LINE/post, each sent a notice")


def take_receipts(say) -> None:
    """What the sandbox provider would post back to the webhook (after the sends above)."""
    taken = 0
    while sms.sandbox.receipts:
        deliveries.take_sms_receipt(sms.receipt_request(sms.sandbox.receipts.pop(0))[0])
        taken += 1
    if taken:
        say(f"notices: {taken} SMS delivery receipts")


def print_letters(say) -> None:
    batch = letters.build_batch()
    if batch:
        say(f"notices: letter batch {batch.number} ({batch.letter_count} letters, {batch.page_count} pages)")


LOADER = DemoLoader("notices", 97, load)
LOADERS = [
    LOADER,
    DemoLoader("notices-receipts", 98, take_receipts),
    DemoLoader("notices-letters", 99, print_letters),
]
