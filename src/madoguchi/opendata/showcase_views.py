"""Public pages of the showcases (活用事例: the list, one showcase, the submission form) and the open
CSV of usage (利用状況). Thin: they read and change through `services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from madoguchi.core import csvsafe
from madoguchi.core.httpkit import errors_onto

from . import services
from .forms import ShowcaseForm
from .models import Showcase

PAGE_SIZE = 20


def _crumbs(*items):
    return [
        (_("オープンデータ"), reverse("opendata:index")),
        (_("活用事例"), reverse("opendata:showcases")),
        *items,
    ]


@require_GET
def showcases(request):
    """Approved showcases, newest first (?kind= narrows to one kind)."""
    kind = request.GET.get("kind", "")
    qs = services.approved_showcases().prefetch_related("datasets")
    if kind in Showcase.Kind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "opendata/showcases/index.html",
        {
            "page_obj": page_obj,
            "showcases": page_obj.object_list,
            "kind": kind,
            "kinds": Showcase.Kind.choices,
            "crumbs": [(_("オープンデータ"), reverse("opendata:index")), (_("活用事例"), "")],
        },
    )


@require_GET
def showcase(request, pk):
    found = services.approved_showcases().filter(pk=pk).first()
    if found is None:
        raise Http404(_("活用事例が見つかりません。"))
    return render(
        request,
        "opendata/showcases/detail.html",
        {
            "showcase": found,
            "datasets": services.showcase_datasets(found).order_by("title"),
            "crumbs": _crumbs((found.title, "")),
        },
    )


def showcase_new(request):
    """活用事例を投稿する: open to anyone, signed in or not (shown once staff approve it)."""
    initial = {"datasets": " ".join(services.dataset_names(request.GET.get("dataset", "")))[:500]}
    form = ShowcaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.submit_showcase(
                by=request.user if request.user.is_authenticated else None,
                datasets=services.dataset_names(data.pop("datasets")),
                **data,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                _(
                    "活用事例の投稿を受け付けました。市の担当者が確認してから掲載します。結果はメールでお知らせします。"
                ),
            )
            return redirect("opendata:showcases")
    return render(
        request,
        "opendata/showcases/form.html",
        {"form": form, "crumbs": _crumbs((_("投稿する"), ""))},
    )


@require_GET
def usage_csv(request):
    """利用状況 as open data: downloads and API calls per published dataset and month."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="opendata-usage.csv"'
    response.write("\ufeff")  # BOM: Excel opens UTF-8 Japanese correctly
    writer = csvsafe.writer(response)  # titles are typed by staff: no formulas
    writer.writerow(
        [_("月"), _("識別名"), _("データセット"), _("担当部署"), _("ダウンロード数"), _("API利用回数")]
    )
    writer.writerows(services.usage_csv_rows())
    return response
