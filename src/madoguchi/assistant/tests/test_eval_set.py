"""The evaluation set and the demo knowledge exist at the size the issue asks for, and the demo
loads (idempotently) with every question's expected FAQ among its entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from madoguchi.assistant.demo import faq_entries, load_knowledge, synonym_entries

DATA = Path(__file__).resolve().parents[4] / "bench" / "data"


def _questions(name):
    return [
        json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def test_the_evaluation_set_has_at_least_100_questions_with_a_held_out_part():
    tuning = _questions("assistant_questions.jsonl")
    held_out = _questions("assistant_questions_heldout.jsonl")
    assert len(tuning) + len(held_out) >= 100
    assert len(held_out) >= 0.25 * (len(tuning) + len(held_out))
    assert all(q["q"].strip() and (q.get("faq") or q.get("procedure")) for q in tuning + held_out)


def test_the_demo_has_at_least_300_faqs_with_stable_keys_and_english():
    entries = faq_entries()
    assert len(entries) >= 300
    keys = [e["key"] for e in entries]
    assert len(set(keys)) == len(keys)
    assert all(e["q"] and e["a"] and e["q_en"] and e["a_en"] for e in entries)
    labelled = {k for q in _questions("assistant_questions.jsonl") for k in q.get("faq", [])}
    labelled |= {k for q in _questions("assistant_questions_heldout.jsonl") for k in q.get("faq", [])}
    assert labelled <= set(keys)
    assert len(synonym_entries()) >= 20


@pytest.mark.django_db
def test_the_demo_loads_twice_without_changing(django_assert_max_num_queries):
    from madoguchi.assistant.models import Faq, FaqVariant, SynonymGroup
    from madoguchi.assistant.retrieval import answer
    from madoguchi.procedures.tests.factories import demo_departments

    demo_departments()
    count = load_knowledge()
    first = (Faq.objects.count(), FaqVariant.objects.count(), SynonymGroup.objects.count())
    load_knowledge()
    assert (Faq.objects.count(), FaqVariant.objects.count(), SynonymGroup.objects.count()) == first
    assert count == first[0] >= 300
    assert Faq.objects.filter(is_published=True).count() == count
    assert answer("粗大ごみを出したい").answers[0].faq_id == Faq.objects.get(key="sodai-gomi").pk
