"""Staff pages of the assistant's knowledge: the FAQ list (search), create and edit, publish,
review, and the city's synonym groups. FAQ pages show the departments where the user holds
assistant.manage; an FAQ of another department answers 404. Synonyms are the city's: anyone
holding assistant.manage somewhere edits them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import events_for
from madoguchi.core.httpkit import errors_onto, unless_post
from madoguchi.identity.staff import staff_required

from . import services
from .forms_knowledge import FaqForm, SynonymForm, lines, links_of, links_text


def _require_somewhere(user) -> None:
    if not access.can_anywhere(user, access.ASSISTANT_MANAGE):
        raise PermissionDenied(access.ASSISTANT_MANAGE.refusal)


def _departments(user):
    return list(access.departments_where(user, access.ASSISTANT_MANAGE))


def _department_of(form, departments):
    chosen = next((d for d in departments if str(d.pk) == form.cleaned_data["department"]), None)
    if chosen is None:  # the choices are the user's own departments: only a forged post gets here
        raise PermissionDenied(access.ASSISTANT_MANAGE.refusal)
    return chosen


def _values(data: dict) -> dict:
    return {
        "question": data["question"],
        "question_en": data.get("question_en", ""),
        "answer": data["answer"],
        "answer_en": data.get("answer_en", ""),
        "procedure_codes": lines(data.get("procedure_codes", "")),
        "life_events": lines(data.get("life_events", "")),
        "links": links_of(data.get("links", "")),
        "url": data.get("url", ""),
        "review_on": data.get("review_on"),
    }


@staff_required
def faqs(request):
    _require_somewhere(request.user)
    query = request.GET.get("q", "")[:100]
    page = Paginator(services.search_faqs(request.user, query).prefetch_related("variants"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "assistant/staff/faqs.html", {"page": page, "query": query})


@staff_required
def faq_new(request):
    _require_somewhere(request.user)
    departments = _departments(request.user)
    form = FaqForm(request.POST if request.method == "POST" else None, departments=departments)
    if request.method == "POST" and form.is_valid():
        department = _department_of(form, departments)
        try:
            faq = services.create_faq(
                by=request.user,
                department=department,
                key=form.cleaned_data["key"],
                variants=lines(form.cleaned_data["variants"]),
                **_values(form.cleaned_data),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("FAQを作成しました。公開するまで問合せ案内には出ません。"))
            return redirect("assistant_staff:faq", pk=faq.pk)
    return render(request, "assistant/staff/faq_form.html", {"form": form, "faq": None})


@staff_required
def faq(request, pk: int):
    item = services.access_faq(request.user, pk)
    departments = _departments(request.user)
    initial = {
        "department": str(item.department_id),
        "question": item.question,
        "question_en": item.question_en,
        "answer": item.answer,
        "answer_en": item.answer_en,
        "variants": "\n".join(v.text for v in item.variants.all()),
        "procedure_codes": "\n".join(item.procedure_codes or []),
        "life_events": "\n".join(item.life_events or []),
        "links": links_text(item.links),
        "url": item.url,
        "review_on": item.review_on,
    }
    form = FaqForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        departments=departments,
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        changes = _values(form.cleaned_data)
        department = _department_of(form, departments)
        if department.pk != item.department_id:
            changes["department"] = department
        try:
            services.update_faq(
                item, by=request.user, changes=changes, variants=lines(form.cleaned_data["variants"])
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("FAQを更新しました。"))
            return redirect("assistant_staff:faq", pk=item.pk)
    return render(
        request,
        "assistant/staff/faq_form.html",
        {"form": form, "faq": item, "events": events_for(item).select_related("actor")},
    )


@staff_required
def faq_publish(request, pk: int):
    item = services.access_faq(request.user, pk)
    refused = unless_post(request)
    if refused:
        return refused
    publish = request.POST.get("publish") == "yes"
    services.publish_faq(item, by=request.user, published=publish)
    messages.success(request, _("FAQを公開しました。") if publish else _("FAQを非公開にしました。"))
    return redirect("assistant_staff:faq", pk=item.pk)


@staff_required
def faq_review(request, pk: int):
    item = services.access_faq(request.user, pk)
    refused = unless_post(request)
    if refused:
        return refused
    services.review_faq(item, by=request.user)
    messages.success(request, _("見直しを記録しました。"))
    return redirect("assistant_staff:faq", pk=item.pk)


@staff_required
def synonyms(request):
    _require_somewhere(request.user)
    form = SynonymForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_synonyms(
                by=request.user,
                terms=services.parse_terms(form.cleaned_data["terms"]),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("同義語を登録しました。"))
            return redirect("assistant_staff:synonyms")
    return render(
        request, "assistant/staff/faq_synonyms.html", {"form": form, "groups": services.synonym_groups()}
    )


@staff_required
def synonym(request, pk: int):
    group = services.access_synonyms(request.user, pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        services.delete_synonyms(group, by=request.user)
        messages.success(request, _("同義語を削除しました。"))
        return redirect("assistant_staff:synonyms")
    form = SynonymForm(
        request.POST if request.method == "POST" else None,
        initial={"terms": "、".join(group.terms), "note": group.note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_synonyms(
                by=request.user,
                terms=services.parse_terms(form.cleaned_data["terms"]),
                note=form.cleaned_data["note"],
                group=group,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("同義語を更新しました。"))
            return redirect("assistant_staff:synonyms")
    return render(request, "assistant/staff/faq_synonym.html", {"form": form, "group": group})
