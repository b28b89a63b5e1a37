"""Published FAQs in the site search (core.search): question, its variants and the answer, in
Japanese and English; a hit opens the assistant with that question (the answer, its links and
"start online"), or the FAQ's own page when it names one."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language

from madoguchi.core.search import HEADINGS, Found, Query, SearchHit, SearchSource, ranked

from .models import Faq


def _fields(faq) -> tuple:
    variants = " ".join(v.text for v in faq.variants.all())
    return ((faq.question, 3), (faq.question_en, 3), (variants, 2), (faq.answer, 1), (faq.answer_en, 1))


def _hit(faq, score: float) -> SearchHit:
    english = get_language() == "en"
    japanese_only = not (get_language() or "ja").startswith("ja") and not (english and faq.question_en)
    return SearchHit(
        title=faq.localized_question(),
        url=reverse("assistant:ask") + "?" + urlencode({"q": faq.localized_question()}),
        summary=(faq.answer_en or faq.answer) if english else faq.answer,
        label=faq.department.localized_name(),
        score=score,
        lang="ja" if japanese_only else "",
    )


def find(query: Query, limit: int) -> Found:
    faqs = Faq.objects.filter(is_published=True).select_related("department").prefetch_related("variants")
    return ranked(
        faqs.order_by("department__sort_order", "pk"), lambda c: query.score(*_fields(c)), _hit, limit
    )


def more_url(text: str) -> str:
    return reverse("assistant:ask") + "?" + urlencode({"q": text})


SOURCE = SearchSource(code="faq", title=HEADINGS["faq"], find=find, more_url=more_url, order=30)
