"""Demo data for the counter: categories, windows, signage notices, two weeks of booking slots,
and one past day of tickets so the indicators have something to show. Idempotent."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from madoguchi.core.japanese import JST, next_business_day
from madoguchi.core.models import Department

from .models import ServiceCategory, SignageNotice, Ticket, VisitSlot, Window

# (code, name, name_en, prefix, department, minutes)
CATEGORIES = [
    ("certificates", "証明書の発行", "Certificates", "A", "shimin", 5),
    ("life", "住所変更・戸籍の届出", "Moving and family registration", "B", "shimin", 20),
    ("insurance", "保険・年金", "Health insurance and pension", "C", "hoken-nenkin", 15),
    ("childcare", "子育て・手当", "Children and allowances", "D", "kodomo-shien", 15),
    ("welfare", "介護・福祉の相談", "Nursing care and welfare", "E", "kaigo", 20),
]
# (number, name, name_en, department, categories)
WINDOWS = [
    ("1", "証明書発行窓口", "Certificates desk", "shimin", ["certificates"]),
    ("2", "証明書発行窓口", "Certificates desk", "shimin", ["certificates"]),
    ("3", "住民異動窓口（書かない窓口）", "Residents desk (no-writing counter)", "shimin", ["life"]),
    ("4", "住民異動窓口（書かない窓口）", "Residents desk (no-writing counter)", "shimin", ["life"]),
    ("5", "国民健康保険窓口", "National Health Insurance desk", "hoken-nenkin", ["insurance"]),
    ("6", "国民年金窓口", "National Pension desk", "hoken-nenkin", ["insurance"]),
    ("8", "介護保険窓口", "Long-term care insurance desk", "kaigo", ["welfare"]),
    ("11", "子育て窓口", "Childcare desk", "kodomo-shien", ["childcare"]),
]
NOTICES = [
    (
        "転出届はマイナンバーカードがあればオンラインでできます。",
        "With a My Number Card you can file your move-out online.",
    ),
    (
        "住民票の写しはコンビニでも取れます（毎日 6:30〜23:00）。",
        "Certificates of residence are also available at convenience stores (6:30–23:00 daily).",
    ),
    (
        "スマートフォン教室を公民館で開いています。お気軽にご参加ください。",
        "Smartphone classes are held at the community centres. Everyone is welcome.",
    ),
    (
        "窓口の待ち状況はスマートフォンからも見られます。",
        "You can check the waiting times on your smartphone.",
    ),
]
SLOT_TIMES = [(9, 0), (10, 0), (11, 0), (13, 30), (14, 30), (15, 30)]
HISTORY_DAY = datetime.date(2026, 4, 1)


def load(say) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    categories = {}
    for order, (code, name, name_en, prefix, department, minutes) in enumerate(CATEGORIES):
        categories[code], _ = ServiceCategory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "prefix": prefix,
                "department": departments.get(department),
                "default_service_minutes": minutes,
                "sort_order": order * 10,
            },
        )
    windows = []
    for order, (number, name, name_en, department, codes) in enumerate(WINDOWS):
        window, _ = Window.objects.update_or_create(
            number=number,
            defaults={
                "name": name,
                "name_en": name_en,
                "department": departments.get(department),
                "sort_order": order * 10,
            },
        )
        window.categories.set([categories[c] for c in codes])
        windows.append(window)
    for order, (text, text_en) in enumerate(NOTICES):
        SignageNotice.objects.update_or_create(text=text, defaults={"text_en": text_en, "sort_order": order})
    # Booking slots: the next ten business days, at the life-event, insurance, welfare and childcare windows.
    day = timezone.localdate()
    slots = 0
    for _ in range(10):
        day = next_business_day(day + datetime.timedelta(days=1))
        for window in windows:
            if window.number in ("1", "2"):
                continue
            for hour, minute in SLOT_TIMES:
                start = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=JST)
                _slot, created = VisitSlot.objects.get_or_create(
                    window=window,
                    starts_at=start,
                    defaults={"ends_at": start + datetime.timedelta(minutes=45), "capacity": 2},
                )
                slots += created
    # One past day of tickets (fixed seed), so the wait indicators have data.
    rng = random.Random(70)
    tickets = 0
    for category in categories.values():
        clock = datetime.datetime.combine(HISTORY_DAY, datetime.time(8, 30), tzinfo=JST)
        for number in range(1, 16):
            clock += datetime.timedelta(minutes=rng.randint(3, 20))
            waited = datetime.timedelta(minutes=rng.randint(1, 40))
            served = datetime.timedelta(minutes=rng.randint(3, category.default_service_minutes + 10))
            _ticket, created = Ticket.objects.get_or_create(
                category=category,
                day=HISTORY_DAY,
                number=number,
                defaults={
                    "issued_at": clock,
                    "first_called_at": clock + waited,
                    "called_at": clock + waited,
                    "started_at": clock + waited,
                    "completed_at": clock + waited + served,
                    "status": Ticket.Status.DONE,
                    "window": category.windows.first(),
                },
            )
            tickets += created
    say(f"窓口: 受付区分 {len(categories)}、窓口 {len(windows)}、予約枠 +{slots}、過去の整理券 +{tickets}")
