"""The demo city's knowledge: 300+ FAQ entries for 国分寺市 (faqs/*.yaml), the synonym groups
(synonyms.yaml) and the departments the FAQs name that the core demo does not create.

Idempotent: FAQs are matched by key, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from django.db import transaction

from madoguchi.core.demo import DemoLoader
from madoguchi.core.models import Department

from ..models import Faq, FaqVariant, SynonymGroup
from ..retrieval import invalidate

DEMO_DIR = Path(__file__).resolve().parent
FIELDS = {"q": "question", "q_en": "question_en", "a": "answer", "a_en": "answer_en", "url": "url"}


def faq_entries() -> list[dict]:
    """Every demo FAQ entry, in file order (also read by the evaluation and latency benches)."""
    entries: list[dict] = []
    for path in sorted((DEMO_DIR / "faqs").glob("*.yaml")):
        entries.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return entries


def synonym_entries() -> list[list[str]]:
    return yaml.safe_load((DEMO_DIR / "synonyms.yaml").read_text(encoding="utf-8")) or []


def _departments() -> dict[str, Department]:
    for item in yaml.safe_load((DEMO_DIR / "departments.yaml").read_text(encoding="utf-8")):
        parent = Department.objects.filter(code=item["parent"]).first() if item.get("parent") else None
        Department.objects.get_or_create(
            code=item["code"],
            defaults={"name": item["name"], "name_en": item["name_en"], "kind": "ka", "parent": parent},
        )
    return {d.code: d for d in Department.objects.all()}


@transaction.atomic
def load_knowledge(*, today: datetime.date | None = None) -> int:
    """Load the demo FAQs and synonyms; returns the number of FAQs."""
    departments = _departments()
    today = today or datetime.date.today()
    entries = faq_entries()
    for entry in entries:
        values = {field: entry.get(key, "") or "" for key, field in FIELDS.items()}
        faq, _created = Faq.objects.update_or_create(
            key=entry["key"],
            defaults={
                **values,
                "department": departments[entry["dept"]],
                "procedure_codes": entry.get("proc") or [],
                "life_events": entry.get("events") or [],
                "is_published": True,
                "review_on": today + datetime.timedelta(days=365),
            },
        )
        wanted = [v for v in entry.get("v") or [] if v]
        faq.variants.exclude(text__in=wanted).delete()
        have = set(faq.variants.values_list("text", flat=True))
        FaqVariant.objects.bulk_create(
            [FaqVariant(faq=faq, text=t) for t in dict.fromkeys(wanted) if t not in have]
        )
    groups = {g.terms[0]: g for g in SynonymGroup.objects.all() if g.terms}  # by the city's own word
    for terms in synonym_entries():
        group = groups.get(terms[0])
        if group is None:
            SynonymGroup.objects.create(terms=terms)
        elif group.terms != terms:
            group.terms = terms
            group.save(update_fields=["terms", "updated_at"])
    invalidate()
    return len(entries)


def load(say) -> None:
    count = load_knowledge()
    say(f"問合せ案内: FAQ {count} 件, 同義語 {SynonymGroup.objects.count()} 組")


LOADER = DemoLoader("assistant-knowledge", 96, load)
