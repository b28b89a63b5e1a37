"""The assistant's retrieval: a question as residents type it → the city's best answers.

`answer()` ranks FAQs, procedures, life events and counter information (retrieval/index.py) and
says whether the best one is good enough (`confident`); below the threshold the conversation
offers the choices or a person instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from .index import get_index, invalidate, search
from .normalise import normalise

__all__ = ["THRESHOLD", "Answer", "Result", "answer", "get_index", "invalidate", "normalise"]

THRESHOLD = 0.5  # confidence below which the top answer is offered as a choice, not as the answer
MIN_SCORE = 0.2  # below this an answer shares nothing meaningful with the question: not offered


@dataclass(frozen=True)
class Answer:
    title: str
    answer: str
    url: str
    score: float  # 0–1: how much of the question this answer covers
    source: str  # "faq" | "procedure" | "life_event" | "counter"
    faq_id: int | None = None
    procedure_slug: str | None = None
    department_id: int | None = None
    start_url: str | None = None  # "start online" when the procedure can be applied for online


@dataclass(frozen=True)
class Result:
    answers: list[Answer]
    confident: bool  # the top answer is above THRESHOLD


def answer(question: str, *, language: str = "ja", limit: int = 3) -> Result:
    """The best `limit` answers to `question`, in `language` where an English text exists."""
    english = language.startswith("en")
    answers = []
    for doc, _score, confidence in search(question or "", limit=max(limit, 1)):
        if confidence < MIN_SCORE:
            continue
        answers.append(
            Answer(
                title=(doc.title_en or doc.title) if english else doc.title,
                answer=(doc.answer_en or doc.answer) if english else doc.answer,
                url=doc.url,
                score=round(min(max(confidence, 0.0), 1.0), 3),
                source=doc.source,
                faq_id=doc.faq_id,
                procedure_slug=doc.procedure_slug,
                department_id=doc.department_id,
                start_url=doc.start_url,
            )
        )
    confident = bool(answers) and answers[0].score >= THRESHOLD
    return Result(answers=answers, confident=confident)
