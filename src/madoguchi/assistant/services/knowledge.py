"""The assistant's knowledge, as the departments edit it: FAQs (create, change, publish, review,
variants) and the city's synonym groups. Every change checks assistant.manage for the FAQ's
department (synonyms: in any department), writes an Event and makes the index stale.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.models import Department

from ..events import Verb
from ..models import Faq, FaqVariant, SynonymGroup
from ..retrieval import invalidate
from ..retrieval.normalise import fold

if TYPE_CHECKING:
    from madoguchi.core.models import User

FAQ_FIELDS = (
    "question",
    "question_en",
    "answer",
    "answer_en",
    "procedure_codes",
    "life_events",
    "links",
    "url",
    "review_on",
)
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
_TERM_SPLIT_RE = re.compile(r"[、,・/／\n]+")


def _page_url(url: str) -> bool:
    return (url.startswith("/") and not url.startswith("//")) or url.startswith("https://")


def _check(values: dict) -> None:
    errors: dict[str, list[str]] = {}
    if not (values.get("question") or "").strip():
        errors["question"] = [_("質問を入力してください。")]
    if not (values.get("answer") or "").strip():
        errors["answer"] = [_("回答を入力してください。")]
    url = values.get("url") or ""
    if url and not _page_url(url):
        errors["url"] = [_("URLは / で始まる市のページか https:// で始まるアドレスにしてください。")]
    links = values.get("links") or []
    if any(not isinstance(link, dict) or not _page_url(str(link.get("url", ""))) for link in links):
        errors["links"] = [_("関連するページは「題名 | URL」の形で、URLは / か https:// で始めてください。")]
    if errors:
        raise ValidationError(errors)


def faqs_for(user: User) -> QuerySet[Faq]:
    """The FAQs `user` may edit: their departments' (assistant.manage)."""
    return Faq.objects.filter(department__in=access.departments_where(user, access.ASSISTANT_MANAGE))


def search_faqs(user: User, query: str = "") -> QuerySet[Faq]:
    """The editor's list: `user`'s FAQs whose question, variants or answer contain `query`."""
    qs = faqs_for(user).select_related("department")
    for word in fold(query).split():
        qs = qs.filter(
            Q(question__icontains=word)
            | Q(answer__icontains=word)
            | Q(key__icontains=word)
            | Q(variants__text__icontains=word)
        )
    return qs.distinct().order_by("department__sort_order", "key")


def access_faq(user: User, pk: int) -> Faq:
    """The FAQ `pk` if `user` may edit it; missing and forbidden are both 404."""
    return access.load(Faq.objects.select_related("department"), user, access.ASSISTANT_MANAGE, pk=pk)


def _new_key() -> str:
    base = "faq"
    number = Faq.objects.count() + 1
    while Faq.objects.filter(key=f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"


@transaction.atomic
def create_faq(*, by: User, department: Department, key: str = "", variants=(), **values) -> Faq:
    """A new FAQ (unpublished until `publish_faq`)."""
    access.require(by, access.ASSISTANT_MANAGE, department)
    unknown = set(values) - set(FAQ_FIELDS)
    if unknown:
        raise ValueError(f"not FAQ fields: {sorted(unknown)}")
    _check(values)
    key = key or _new_key()
    if not _KEY_RE.match(key):
        raise ValidationError({"key": [_("識別子は半角英小文字・数字・ハイフンで入力してください。")]})
    if Faq.objects.filter(key=key).exists():
        raise ValidationError({"key": [_("この識別子はもう使われています。")]})
    faq = Faq.objects.create(key=key, department=department, **values)
    for text in variants:
        _add_variant(faq, text)
    record_event(faq, verb=Verb.FAQ_CREATED, actor=by, data={"key": faq.key})
    invalidate()
    return faq


@transaction.atomic
def update_faq(faq: Faq, *, by: User, changes: dict, variants=None) -> Faq:
    """Change an FAQ's fields (and, when given, replace its variants with `variants`)."""
    access.require(by, access.ASSISTANT_MANAGE, faq.department_id)
    unknown = set(changes) - set(FAQ_FIELDS) - {"department"}
    if unknown:
        raise ValueError(f"not FAQ fields: {sorted(unknown)}")
    if "department" in changes:
        access.require(by, access.ASSISTANT_MANAGE, changes["department"])
    stored = Faq.objects.select_for_update().get(pk=faq.pk)
    _check({**{f: getattr(stored, f) for f in FAQ_FIELDS}, **changes})
    changed = sorted(k for k, v in changes.items() if getattr(stored, k) != v)
    for key in changed:
        setattr(stored, key, changes[key])
    if changed:
        stored.save()
    if variants is not None:
        wanted = list(dict.fromkeys(t.strip() for t in variants if t.strip()))
        existing = {v.text: v for v in stored.variants.all()}
        for text, variant in existing.items():
            if text not in wanted:
                variant.delete()
        for text in wanted:
            if text not in existing:
                _add_variant(stored, text)
        if set(wanted) != set(existing):
            changed.append("variants")
    if changed:
        record_event(stored, verb=Verb.FAQ_CHANGED, actor=by, data={"fields": changed})
        invalidate()
    return stored


@transaction.atomic
def publish_faq(faq: Faq, *, by: User, published: bool = True) -> Faq:
    access.require(by, access.ASSISTANT_MANAGE, faq.department_id)
    if faq.is_published != published:
        faq.is_published = published
        faq.save(update_fields=["is_published", "updated_at"])
        record_event(faq, verb=Verb.FAQ_PUBLISHED if published else Verb.FAQ_UNPUBLISHED, actor=by)
        invalidate()
    return faq


@transaction.atomic
def review_faq(faq: Faq, *, by: User, next_review: datetime.date | None = None) -> Faq:
    """見直し: `by` checked the FAQ today; the next review is due `next_review` (default a year)."""
    access.require(by, access.ASSISTANT_MANAGE, faq.department_id)
    today = to_jst_date(timezone.now())
    faq.reviewed_on = today
    faq.reviewer = by
    faq.review_on = next_review or today.replace(year=today.year + 1)
    faq.save(update_fields=["reviewed_on", "reviewer", "review_on", "updated_at"])
    record_event(faq, verb=Verb.FAQ_REVIEWED, actor=by, data={"next": faq.review_on.isoformat()})
    return faq


def _add_variant(faq: Faq, text: str) -> FaqVariant | None:
    text = " ".join(text.split())[:200]
    if not text or text == faq.question:
        return None
    try:
        with transaction.atomic():
            return FaqVariant.objects.create(faq=faq, text=text)
    except IntegrityError:
        return None  # already a variant


@transaction.atomic
def add_variant(faq: Faq, *, text: str, by: User) -> FaqVariant | None:
    """Add another way of asking `faq` (the learning loop's one click); None when it already has it."""
    access.require(by, access.ASSISTANT_MANAGE, faq.department_id)
    if not (text or "").strip():
        raise ValidationError({"text": [_("言い換えを入力してください。")]})
    variant = _add_variant(faq, text)
    if variant is not None:
        record_event(faq, verb=Verb.VARIANT_ADDED, actor=by, data={"variant": variant.pk})
        invalidate()
    return variant


def access_synonyms(user: User, pk: int) -> SynonymGroup:
    """The synonym group `pk` for an FAQ editor (any department); missing and refused are both 404."""
    if not access.can_anywhere(user, access.ASSISTANT_MANAGE):
        raise Http404
    try:
        return SynonymGroup.objects.get(pk=pk)
    except SynonymGroup.DoesNotExist:
        raise Http404 from None


def synonym_groups() -> QuerySet[SynonymGroup]:
    return SynonymGroup.objects.order_by("pk")


def parse_terms(text: str) -> list[str]:
    """「保育園、保育所、保育施設」 (or one a line) → the terms, trimmed, without repeats."""
    return list(dict.fromkeys(t.strip() for t in _TERM_SPLIT_RE.split(text or "") if t.strip()))


@transaction.atomic
def save_synonyms(
    *, by: User, terms: list[str], note: str = "", group: SynonymGroup | None = None
) -> SynonymGroup:
    """Create or change one synonym group; synonyms are the city's, so any FAQ editor may."""
    access.require_anywhere(by, access.ASSISTANT_MANAGE)
    terms = list(dict.fromkeys(t.strip() for t in terms if t and t.strip()))
    if len(terms) < 2:
        raise ValidationError({"terms": [_("同じ意味の語を2つ以上入力してください。")]})
    if any(len(t) > 40 for t in terms):
        raise ValidationError({"terms": [_("1つの語は40文字以内にしてください。")]})
    group = group or SynonymGroup()
    group.terms, group.note, group.updated_by = terms, note, by
    group.save()
    record_event(group, verb=Verb.SYNONYMS_SAVED, actor=by, data={"terms": terms})
    invalidate()
    return group


@transaction.atomic
def delete_synonyms(group: SynonymGroup, *, by: User) -> None:
    access.require_anywhere(by, access.ASSISTANT_MANAGE)
    record_event(group, verb=Verb.SYNONYMS_DELETED, actor=by, data={"terms": group.terms})
    group.delete()
    invalidate()
