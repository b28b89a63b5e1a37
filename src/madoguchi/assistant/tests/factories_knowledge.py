"""FAQs and synonym groups for tests (written directly, as the demo loader does)."""

from __future__ import annotations

from madoguchi.assistant.models import Faq, FaqVariant, SynonymGroup
from madoguchi.core.tests.factories import DepartmentFactory


def faq(
    key: str = "", *, question: str, answer: str = "", variants=(), department=None, published=True, **extra
):
    department = department or DepartmentFactory(code="shimin", name="市民課")
    item = Faq.objects.create(
        key=key or f"faq-{Faq.objects.count() + 1}",
        department=department,
        question=question,
        answer=answer or f"{question}についてのご案内です。",
        is_published=published,
        **extra,
    )
    for text in variants:
        FaqVariant.objects.create(faq=item, text=text)
    return item


def synonyms(*terms: str) -> SynonymGroup:
    return SynonymGroup.objects.create(terms=list(terms))
