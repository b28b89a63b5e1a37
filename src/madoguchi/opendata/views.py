"""Public pages of the catalog (search, dataset, resource preview, map data, DCAT) and of the data
requests (データ公開の要望). Thin: they read through `queries` and change things through `services`."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from madoguchi.core.events import events_for
from madoguchi.core.httpkit import unless_post

from . import dcat, queries, services, standards
from .events import PUBLIC_HISTORY, Verb
from .forms import DataRequestForm
from .models import DataRequest, Dataset, DatastoreRow, Resource

PAGE_SIZE = 20
FACET_TITLES = {
    "organization": gettext_noop("担当部署"),
    "groups": gettext_noop("分類"),
    "tags": gettext_noop("タグ"),
    "res_format": gettext_noop("ファイル形式"),
    "license_id": gettext_noop("ライセンス"),
    "standard_type": gettext_noop("標準データセット"),
}
SORT_CHOICES = [
    ("metadata_modified desc", gettext_noop("更新日の新しい順")),
    ("title_string asc", gettext_noop("タイトル順")),
    ("views_recent desc", gettext_noop("ダウンロードの多い順")),
]


def _crumbs(*items):
    return [(_("オープンデータ"), reverse("opendata:index")), *items]


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _visible(request):
    return queries.visible_datasets(request.user if request.user.is_authenticated else None)


@require_GET
def index(request):
    q = request.GET.get("q", "").strip()[:200]
    filters = [
        (name, value) for name in queries.FACET_FIELDS for value in request.GET.getlist(name) if value
    ][:10]
    sort = request.GET.get("sort", "")
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    try:
        result = queries.search_datasets(
            q,
            filters=filters,
            sort=sort,
            rows=PAGE_SIZE,
            start=(page_number - 1) * PAGE_SIZE,
            facet_fields=queries.FACET_FIELDS,
        )
        error = ""
    except queries.SearchQueryError:
        result, error = (
            queries.SearchResult(count=0, datasets=[]),
            _("検索条件を読み取れませんでした。言葉を変えてお試しください。"),
        )
    paginator = Paginator(range(result.count), PAGE_SIZE)
    page_obj = paginator.get_page(page_number)
    active = set(filters)
    facets = [
        {
            "name": name,
            "title": _(FACET_TITLES[name]),
            "items": [
                {"value": v, "label": label, "count": n, "active": (name, v) in active}
                for v, label, n in items
            ],
        }
        for name, items in result.facets.items()
        if items
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "q": q,
            "result": result,
            "datasets": result.datasets,
            "facets": facets,
            "filters": [{"name": n, "title": _(FACET_TITLES[n]), "value": v} for n, v in filters],
            "page_obj": page_obj,
            "crumbs": [(_("オープンデータ"), "")],
            "error": error,
            "sort": sort,
            "sort_choices": [(value, _(label)) for value, label in SORT_CHOICES],
        },
    )


def _dataset_or_404(request, name: str) -> Dataset:
    dataset = _visible(request).filter(name=name).select_related("organization").first()
    if dataset is None:
        raise Http404(_("データセットが見つかりません。"))
    return dataset


def _map_resource(dataset: Dataset) -> Resource | None:
    for resource in dataset.resources.all():
        names = {f["id"] for f in resource.datastore_fields}
        if resource.datastore_active and {"緯度", "経度"} <= names:
            return resource
    return None


@require_GET
def dataset(request, name: str):
    dataset = _dataset_or_404(request, name)
    resources = list(dataset.resources.all())
    standard = standards.get(dataset.standard_type)
    history = [
        {"time": e.time, "label": Verb(e.verb).label} for e in events_for(dataset) if e.verb in PUBLIC_HISTORY
    ]
    base = _base(request)
    usage = services.monthly_usage(dataset)
    return render(
        request,
        "opendata/dataset.html",
        {
            "dataset": dataset,
            "showcases": list(services.showcases_of(dataset)) if dataset.is_published else [],
            "usage": usage,
            "usage_totals": {
                "downloads": sum(m.downloads for m in usage),
                "api_calls": sum(m.api_calls for m in usage),
            },
            "resources": resources,
            "standard_title": standards.title(dataset.standard_type) if dataset.standard_type else "",
            "standard": standard,
            "map_resource": _map_resource(dataset),
            "stars": range(dataset.stars),
            "no_stars": range(5 - dataset.stars),
            "history": history[-10:],
            "api_show": f"{base}/api/3/action/package_show?id={dataset.name}",
            "crumbs": _crumbs((dataset.localized_title(), "")),
            "can_edit": request.user.is_authenticated
            and services.can_edit(request.user, dataset.organization),
        },
    )


TITLE_COLUMNS = ("名称", "イベント名")
ADDRESS_COLUMNS = ("所在地_連結表記", "住所", "所在地")
PLACES_LISTED = 300  # beside the map; the table and the download hold the rest


def _preview_columns(request, columns: list[str]) -> list[str]:
    """The columns the reader chose (?col=…), else all; the place's name first, so the sticky
    first column of a wide table says which row is which."""
    chosen = [c for c in request.GET.getlist("col") if c in columns] or list(columns)
    title = next((c for c in TITLE_COLUMNS if c in chosen), None)
    if title:
        chosen.remove(title)
        chosen.insert(0, title)
    return chosen


def _places(resource, columns: list[str]) -> list[tuple[str, str]]:
    """(name, address) of each place, for the list beside the map."""
    title = next((c for c in TITLE_COLUMNS if c in columns), None)
    address = next((c for c in ADDRESS_COLUMNS if c in columns), None)
    if not title:
        return []
    rows = DatastoreRow.objects.filter(resource=resource).order_by("number")[:PLACES_LISTED]
    return [(str(r.data.get(title) or ""), str(r.data.get(address) or "") if address else "") for r in rows]


@require_GET
def resource(request, name: str, resource_id):
    dataset = _dataset_or_404(request, name)
    resource = get_object_or_404(Resource, pk=resource_id, dataset=dataset)
    all_columns = [f["id"] for f in resource.datastore_fields]
    columns = _preview_columns(request, all_columns)
    page_obj = None
    rows = []
    if resource.datastore_active:
        paginator = Paginator(DatastoreRow.objects.filter(resource=resource).order_by("number"), 50)
        page_obj = paginator.get_page(request.GET.get("page"))
        rows = [[row.data.get(c) if row.data.get(c) is not None else "" for c in columns] for row in page_obj]
    has_map = {"緯度", "経度"} <= set(all_columns)
    base = _base(request)
    return render(
        request,
        "opendata/resource.html",
        {
            "dataset": dataset,
            "resource": resource,
            "columns": columns,
            "all_columns": all_columns,
            "chosen_columns": set(columns) if len(columns) < len(all_columns) else set(),
            "rows": rows,
            "page_obj": page_obj,
            "has_map": has_map,
            "places": _places(resource, all_columns) if has_map and resource.datastore_active else [],
            "crumbs": _crumbs(
                (dataset.localized_title(), reverse("opendata:dataset", args=[dataset.name])),
                (resource.name, ""),
            ),
            "api_search": f"{base}/api/3/action/datastore_search?resource_id={resource.id}&limit=5",
            "standard_title": standards.title(resource.standard_type) if resource.standard_type else "",
        },
    )


@require_GET
def download(request, name: str, resource_id):
    dataset = _dataset_or_404(request, name)
    resource = get_object_or_404(Resource, pk=resource_id, dataset=dataset)
    if dataset.is_published:
        services.record_download(resource)
    if not resource.file:
        if not resource.url:
            raise Http404
        return HttpResponseRedirect(resource.url)
    filename = resource.file.name.rsplit("/", 1)[-1]
    response = FileResponse(resource.file.open("rb"), as_attachment=True, filename=filename)
    if resource.format == "CSV":
        response["Content-Type"] = "text/csv; charset=utf-8"
    return response


@require_GET
def geojson(request, name: str):
    """Points of a dataset with 緯度/経度 columns, for the map (and anyone else)."""
    dataset = _dataset_or_404(request, name)
    resource = _map_resource(dataset)
    features = []
    if resource is not None:
        label = next((f["id"] for f in resource.datastore_fields if f["id"] in {"名称", "イベント名"}), None)
        for row in DatastoreRow.objects.filter(resource=resource).order_by("number")[:5000]:
            try:
                lat, lon = float(row.data.get("緯度")), float(row.data.get("経度"))
            except (TypeError, ValueError):
                continue
            properties = {k: v for k, v in row.data.items() if v not in (None, "")}
            properties["_title"] = str(row.data.get(label) or "") if label else ""
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": properties,
                }
            )
    return JsonResponse(
        {"type": "FeatureCollection", "name": dataset.title, "features": features},
        json_dumps_params={"ensure_ascii": False},
        content_type="application/geo+json",
    )


@require_GET
def schema(request, code: str):
    standard = standards.get(code)
    if standard is None:
        raise Http404
    return JsonResponse(standard.table_schema(), json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
def catalog_rdf(request, fmt: str):
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    graph = dcat.catalog_graph(_base(request), page=page)
    return HttpResponse(dcat.serialize(graph, fmt), content_type=f"{dcat.CONTENT_TYPES[fmt]}; charset=utf-8")


@require_GET
def dataset_rdf(request, name: str, fmt: str):
    if fmt not in dcat.FORMATS:
        raise Http404
    dataset = get_object_or_404(Dataset, name=name, state=Dataset.State.PUBLISHED)
    graph = dcat.new_graph()
    dcat.add_dataset(graph, dataset, _base(request))
    return HttpResponse(dcat.serialize(graph, fmt), content_type=f"{dcat.CONTENT_TYPES[fmt]}; charset=utf-8")


@require_GET
def api_version(request):
    return HttpResponse(json.dumps({"version": 3}), content_type="application/json")


@require_GET
def api_guide(request):
    base = _base(request)
    example = Dataset.objects.filter(state=Dataset.State.PUBLISHED, resources__datastore_active=True).first()
    resource_id = example.resources.filter(datastore_active=True).first().id if example else "RESOURCE_ID"
    return render(
        request,
        "opendata/api.html",
        {
            "base": base,
            "example": example,
            "resource_id": resource_id,
            "catalog_ttl": base + reverse("dcat_catalog", args=["ttl"]),
            "crumbs": _crumbs((_("APIとDCATの使い方"), "")),
        },
    )


# --- データ公開の要望 -------------------------------------------------------------------------------

REQUEST_PAGE_SIZE = 20


@require_GET
def requests(request):
    """The public list of data requests with their status (filter with ?status=)."""
    status = request.GET.get("status", "")
    qs = (
        DataRequest.objects.select_related("department", "dataset")
        .annotate(followers=Count("follows"))
        .order_by("-created_at", "-pk")
    )
    if status in DataRequest.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page_obj = Paginator(qs, REQUEST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "opendata/requests/index.html",
        {
            "page_obj": page_obj,
            "data_requests": page_obj.object_list,
            "status": status,
            "statuses": DataRequest.Status.choices,
            "crumbs": _crumbs((_("データ公開の要望"), "")),
        },
    )


def request_new(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data_request = services.submit_data_request(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("要望を受け付けました。担当部署が回答したらメールでお知らせします。"))
            return redirect(data_request)
    return render(
        request,
        "opendata/requests/form.html",
        {
            "form": form,
            "crumbs": _crumbs((_("データ公開の要望"), reverse("opendata:requests")), (_("要望する"), "")),
        },
    )


@require_GET
def request_detail(request, pk: int):
    data_request = get_object_or_404(DataRequest.objects.select_related("department", "dataset"), pk=pk)
    following = request.user.is_authenticated and data_request.follows.filter(user=request.user).exists()
    return render(
        request,
        "opendata/requests/detail.html",
        {
            "data_request": data_request,
            "following": following,
            "followers": data_request.follows.count(),
            "collaborations": data_request.collaborations.select_related("department"),
            "crumbs": _crumbs(
                (_("データ公開の要望"), reverse("opendata:requests")), (data_request.title, "")
            ),
        },
    )


def request_follow(request, pk: int):
    data_request = get_object_or_404(DataRequest, pk=pk)
    if (refused := unless_post(request)) is not None:
        return refused
    if not request.user.is_authenticated:
        messages.error(request, _("フォローするにはログインしてください。"))
    elif request.POST.get("action") == "unfollow":
        services.unfollow_data_request(data_request, user=request.user)
        messages.success(request, _("フォローをやめました。"))
    else:
        services.follow_data_request(data_request, user=request.user)
        messages.success(request, _("フォローしました。担当部署が回答したらメールでお知らせします。"))
    return redirect(data_request)
