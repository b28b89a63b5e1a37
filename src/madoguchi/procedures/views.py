"""Public catalog pages: browse by category, search (kana or kanji), one procedure's page."""

from django.http import Http404
from django.shortcuts import render

from .models import Category, Procedure
from .services import requirement_text, search_procedures


def procedure_list(request):
    query = request.GET.get("q", "")[:100]
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    procedures = list(search_procedures(query, category=category))
    groups = []
    for value, label in Category.choices:
        items = [p for p in procedures if p.category == value]
        if items:
            groups.append((label, items))
    return render(
        request,
        "procedures/list.html",
        {
            "query": query,
            "category": category,
            "categories": Category.choices,
            "groups": groups,
            "count": len(procedures),
        },
    )


def procedure_detail(request, code):
    try:
        procedure = Procedure.objects.select_related("department").get(code=code, is_published=True)
    except Procedure.DoesNotExist:
        raise Http404 from None
    version = procedure.current_version
    # Each document with when it is needed, in words (「「振込先」で「指定の口座」を選んだ場合は必須」).
    attachments = [
        {**spec, "when": requirement_text(spec.get("required"), version.schema if version else {})}
        for spec in procedure.required_attachments or []
    ]
    return render(
        request,
        "procedures/detail.html",
        {"procedure": procedure, "version": version, "attachments": attachments},
    )
