"""What the assistant answers from, read fresh on every index build: published FAQs, the
published procedure catalog, the life-event navigator and the counter's categories and hours.

Other apps are read through their public services only; a procedure published today is in the
next build (the procedures' saves bump the index version, see retrieval/index.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import translation


@dataclass
class Doc:
    """One answerable thing. `questions` are the ways it is asked (title, FAQ question and
    variants); `body` is the answer text, scored with less weight."""

    source: str
    title: str
    answer: str
    url: str = ""
    title_en: str = ""
    answer_en: str = ""
    questions: list[str] = field(default_factory=list)
    body: str = ""
    faq_id: int | None = None
    procedure_slug: str | None = None
    department_id: int | None = None
    start_url: str | None = None
    linked: tuple[str, ...] = ()  # the procedures an FAQ links (their own docs are then left out)


def _reverse(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _procedures() -> dict[str, object]:
    from madoguchi.procedures.services import search_procedures

    return {p.code: p for p in search_procedures("")}


def _fee_text(procedure, *, english: bool) -> str:
    if not procedure.fee:
        return "Free of charge." if english else "手数料はかかりません。"
    return f"Fee: {procedure.fee} yen." if english else f"手数料は{procedure.fee}円です。"


def procedure_docs(procedures: dict) -> list[Doc]:
    docs = []
    for procedure in procedures.values():
        attachments = [a.get("name") or a.get("label") or "" for a in procedure.required_attachments or []]
        online = procedure.is_online
        bring = "、".join(a for a in attachments if a)
        answer = " ".join(
            part
            for part in (
                procedure.description,
                f"必要なもの: {bring}。" if bring else "",
                _fee_text(procedure, english=False),
                "オンラインで申請できます。" if online else "",
            )
            if part
        )
        answer_en = " ".join(
            part
            for part in (
                procedure.description_en,
                _fee_text(procedure, english=True),
                "You can apply online." if online else "",
            )
            if part
        )
        docs.append(
            Doc(
                source="procedure",
                title=procedure.name,
                title_en=procedure.name_en,
                answer=answer,
                answer_en=answer_en,
                url=_reverse("procedures:detail", procedure.code),
                start_url=_reverse("procedures:form", procedure.code) if online else None,
                questions=[procedure.name, procedure.kana, procedure.name_en, *(procedure.keywords or [])],
                body=" ".join([answer, procedure.eligibility or "", bring]),
                procedure_slug=procedure.code,
                department_id=procedure.department_id,
            )
        )
    return docs


def life_event_docs(procedures: dict) -> list[Doc]:
    from madoguchi.lifeevents.services import life_events

    docs = []
    for event in life_events():
        names = [procedures[s.code].name for s in event.steps if s.code in procedures]
        with translation.override("ja"):
            title, description = str(event.title), str(event.description)
        with translation.override("en"):
            title_en, description_en = str(event.title), str(event.description)
        listed = "、".join(names)
        answer = f"{description} 主な手続: {listed}。" if listed else description
        docs.append(
            Doc(
                source="life_event",
                title=title,
                title_en=title_en,
                answer=answer,
                answer_en=description_en,
                url=_reverse("lifeevents:questions", event.code),
                questions=[title, title_en],
                body=answer,
            )
        )
    return docs


def counter_docs() -> list[Doc]:
    from madoguchi.core.models import Municipality
    from madoguchi.counter.services import current_waits

    city = Municipality.current()
    hours = city.opening_hours if city else ""
    docs = []
    for wait in current_waits():
        category = wait.category
        windows = "・".join(w.number for w in category.windows.all())
        with translation.override("ja"):
            answer = f"{category.name}は市役所の窓口で受け付けています。"
            if windows:
                answer += f"窓口: {windows}番。"
            if hours:
                answer += f"受付時間: {hours}。"
            answer += "混み具合は「窓口の待ち状況」で確かめられます。"
        answer_en = f"{category.name_en or category.name}: at the city hall counters"
        answer_en += f" (windows {windows})." if windows else "."
        docs.append(
            Doc(
                source="counter",
                title=f"{category.name}の窓口",
                title_en=f"{category.name_en} desk" if category.name_en else "",
                answer=answer,
                answer_en=answer_en,
                url=_reverse("counter:waits"),
                questions=[f"{category.name}の窓口", f"{category.name} 受付時間 待ち時間"],
                body=answer,
                department_id=category.department_id,
            )
        )
    if hours:
        docs.append(
            Doc(
                source="counter",
                title="市役所の開庁時間",
                title_en="City hall opening hours",
                answer=f"市役所の開庁時間は{hours}です（土日・祝日・年末年始は閉庁）。",
                answer_en=f"City hall is open {hours} (closed at weekends, on holidays and over New Year).",
                url=_reverse("counter:waits"),
                questions=["市役所の開庁時間", "市役所 何時から何時まで 営業時間 受付時間"],
                body=hours,
            )
        )
    return docs


def faq_docs(procedures: dict) -> list[Doc]:
    from ..models import Faq

    docs = []
    faqs = Faq.objects.filter(is_published=True).prefetch_related("variants").order_by("pk")
    for faq in faqs:
        linked = [procedures[c] for c in faq.procedure_codes or [] if c in procedures]
        url = faq.url or (_reverse("procedures:detail", linked[0].code) if linked else "")
        if not url and faq.life_events:
            url = _reverse("lifeevents:questions", faq.life_events[0])
        online = next((p for p in linked if p.is_online), None)
        docs.append(
            Doc(
                source="faq",
                title=faq.question,
                title_en=faq.question_en,
                answer=faq.answer,
                answer_en=faq.answer_en,
                url=url,
                start_url=_reverse("procedures:form", online.code) if online else None,
                questions=[faq.question, faq.question_en, *(v.text for v in faq.variants.all())],
                body=faq.answer,
                faq_id=faq.pk,
                procedure_slug=linked[0].code if linked else None,
                department_id=faq.department_id,
                linked=tuple(p.code for p in linked),
            )
        )
    return docs


def all_docs() -> list[Doc]:
    procedures = _procedures()
    return [
        *faq_docs(procedures),
        *procedure_docs(procedures),
        *life_event_docs(procedures),
        *counter_docs(),
    ]


def synonym_groups() -> list[list[str]]:
    from ..models import SynonymGroup

    return [list(g.terms) for g in SynonymGroup.objects.order_by("pk") if g.terms]
