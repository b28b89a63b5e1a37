"""The public module of assistant: other apps use assistant only through this (and hooks/signals).

knowledge     FAQs (create, change, publish, review, variants) and the city's synonym groups
retrieval     answer(question) → the best answers and whether the top one is confident
"""

# --- knowledge
from ..retrieval import THRESHOLD, Answer, Result, answer, normalise
from .knowledge import (
    access_faq,
    add_variant,
    create_faq,
    delete_synonyms,
    faqs_for,
    parse_terms,
    publish_faq,
    review_faq,
    save_synonyms,
    search_faqs,
    synonym_groups,
    update_faq,
)

__all__: list[str] = [
    # --- knowledge
    "THRESHOLD",
    "Answer",
    "Result",
    "answer",
    "normalise",
    "access_faq",
    "add_variant",
    "create_faq",
    "delete_synonyms",
    "faqs_for",
    "parse_terms",
    "publish_faq",
    "review_faq",
    "save_synonyms",
    "search_faqs",
    "synonym_groups",
    "update_faq",
]
