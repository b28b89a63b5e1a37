"""The public module of assistant: other apps use assistant only through this (and hooks/signals).

knowledge     FAQs (create, change, publish, review, variants) and the city's synonym groups
retrieval     answer(question) → the best answers and whether the top one is confident
conversation  ask (masked log), feedback, hand-off to staff (inquiry / callback) and its handling
learning      the week's unanswered questions grouped for FAQ authors; add one to an FAQ
retention     保存期間 of the hand-offs (privacy's purge) and the 開示請求 export
"""

# (imports sorted; the blocks of __all__ below say whose names are whose)
from ..retrieval import THRESHOLD, Answer, Result, answer, normalise
from . import retention
from .conversation import (
    MAX_QUESTION,
    Asked,
    as_payload,
    ask,
    callbacks_for,
    clean_question,
    close_inquiry,
    easy_answer,
    hand_off,
    handoff_departments,
    inquiries_for,
    inquiries_of,
    is_staffed,
    log_from_token,
    log_token,
    mark_callback_done,
    next_opening,
    record_feedback,
    reply_texts,
    reply_to_inquiry,
    request_callback,
)
from .knowledge import (
    access_faq,
    access_synonyms,
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
from .learning import (
    Cluster,
    add_question_to_faq,
    cluster_questions,
    dismiss_question,
    faqs_editable_by,
    questions_to_learn_from,
    record_week,
    variant_text,
    week_bounds,
    weekly_clusters,
)

__all__: list[str] = [
    "retention",
    # --- knowledge
    "THRESHOLD",
    "Answer",
    "Result",
    "answer",
    "normalise",
    "access_faq",
    "access_synonyms",
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
    # --- conversation
    "MAX_QUESTION",
    "Asked",
    "as_payload",
    "ask",
    "callbacks_for",
    "clean_question",
    "close_inquiry",
    "easy_answer",
    "hand_off",
    "handoff_departments",
    "inquiries_for",
    "inquiries_of",
    "is_staffed",
    "log_from_token",
    "log_token",
    "mark_callback_done",
    "next_opening",
    "record_feedback",
    "reply_texts",
    "reply_to_inquiry",
    "request_callback",
    "Cluster",
    "add_question_to_faq",
    "cluster_questions",
    "dismiss_question",
    "faqs_editable_by",
    "questions_to_learn_from",
    "record_week",
    "variant_text",
    "week_bounds",
    "weekly_clusters",
]
