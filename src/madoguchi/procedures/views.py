"""Public catalog pages: browse by category, search (kana or kanji), one procedure's page."""

from django.http import Http404
from django.shortcuts import render

from .models import Category, Procedure
from .services import search_procedures


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
    return render(
        request, "procedures/detail.html", {"procedure": procedure, "version": procedure.current_version}
    )
