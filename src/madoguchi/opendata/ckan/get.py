"""Read actions (like CKAN's `logic/action/get.py`): anyone may call them; a staff token also
shows its department's drafts where an action names one dataset or resource."""

from __future__ import annotations

import contextlib
import re

from django.db.models import Count
from django.utils.translation import gettext as _

from madoguchi.core import jsonsafe
from madoguchi.core.models import Department, Municipality

from .. import queries, services
from ..dictize import group_dict, group_id, organization_dict, package_dict, resource_dict, with_base_text
from ..models import LICENSE_URLS, Dataset, Group, License, Resource, Tag
from .common import (
    ACTIONS,
    MAX_ROWS,
    SCALARS,
    Invalid,
    NotFound,
    RawJSON,
    SearchError,
    bool_param,
    get_dataset,
    get_organization,
    get_resource,
    int_param,
    register,
    text_param,
    texts_param,
    wrong,
)


@register
def package_list(data, context):
    limit = int_param(data, "limit", 0, maximum=MAX_ROWS * 10)
    offset = int_param(data, "offset", 0)
    names = queries.visible_datasets().order_by("name").values_list("name", flat=True)
    names = names[offset : offset + limit] if limit else names[offset:]
    return list(names)


@register
def current_package_list_with_resources(data, context):
    limit = int_param(data, "limit", 10, maximum=MAX_ROWS)
    offset = int_param(data, "offset", 0)
    datasets = (
        queries.visible_datasets()
        .order_by("-updated_at", "name")
        .select_related("organization")
        .prefetch_related("tags", "groups", "resources")[offset : offset + limit]
    )
    return [package_dict(d, context["base"]) for d in datasets]


@register
def package_search(data, context):
    rows = int_param(data, "rows", 10, maximum=MAX_ROWS)
    start = int_param(data, "start", 0)
    facet_fields = texts_param(data, "facet.field")
    if not bool_param(data.get("facet", "true")):
        facet_fields = []
    # CKAN shows private datasets to members of their organization; this catalog has none (a
    # dataset is public once published, and drafts stay out of search as CKAN's drafts do), so
    # the flag is read and checked but finds nothing more
    include_private = text_param(data, "include_private", "false")
    if include_private.lower() not in {"true", "false", "1", "0", "yes", "no", "on", "off"}:
        raise wrong("include_private", _("include_private は true か false で指定してください。"))
    try:
        result = queries.search_datasets(
            text_param(data, "q"),
            fq=text_param(data, "fq"),
            sort=text_param(data, "sort"),
            rows=rows,
            start=start,
            facet_fields=facet_fields,
            facet_limit=int_param(data, "facet.limit", 50, maximum=1000),
            lean=True,
        )
    except queries.SearchQueryError as error:
        raise SearchError(str(error)) from None
    return {
        "count": result.count,
        "sort": data.get("sort") or "score desc, metadata_modified desc",
        "results": [
            RawJSON(with_base_text(d.doc_text, context["base"], d.downloads))
            if d.doc_text and d.doc_text.strip() != "{}"
            else package_dict(Dataset.objects.select_related("organization").get(pk=d.pk), context["base"])
            for d in result.datasets
        ],
        "facets": {name: {value: n for value, _label, n in items} for name, items in result.facets.items()},
        "search_facets": {
            name: {
                "title": name,
                "items": [{"name": value, "display_name": label, "count": n} for value, label, n in items],
            }
            for name, items in result.facets.items()
        },
    }


@register
def package_show(data, context):
    dataset = get_dataset(data, user=context["user"])
    services.record_api_call(dataset)  # 利用状況 (a counter, nothing about the caller)
    return package_dict(dataset, context["base"])


@register
def resource_show(data, context):
    resource = get_resource(data, user=context["user"])
    services.record_api_call(resource.dataset)
    return resource_dict(resource, context["base"])


@register
def resource_search(data, context):
    query = data.get("query") or []
    if isinstance(query, str):
        query = [query]
    if not isinstance(query, list) or not all(isinstance(item, str) for item in query):
        raise wrong("query", _("query は「項目:値」の文字列か、そのリストで指定してください。"))
    qs = Resource.objects.filter(dataset__in=queries.visible_datasets()).select_related("dataset")
    for item in query:
        if ":" not in item:
            raise Invalid("Field not found", query=["must be field:value"])
        name, value = item.split(":", 1)
        if name not in {"name", "format", "description", "url"}:
            raise Invalid(f"Field {name!r} not supported", query=["field not supported"])
        qs = qs.filter(**{f"{name}__icontains": value})
    count = qs.count()
    offset = int_param(data, "offset", 0)
    limit = int_param(data, "limit", 100, maximum=MAX_ROWS)
    return {
        "count": count,
        "results": [resource_dict(r, context["base"]) for r in qs.order_by("pk")[offset : offset + limit]],
    }


def _published_counts(field: str) -> dict:
    rows = (
        Dataset.objects.filter(state=Dataset.State.PUBLISHED)
        .values(field)
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {row[field]: row["n"] for row in rows}


@register
def organization_list(data, context):
    counts = _published_counts("organization")
    departments = (
        Department.objects.filter(pk__in=list(counts))
        if not bool_param(data.get("all", ""))
        else Department.objects.all()
    )
    departments = list(departments.order_by("code"))
    if bool_param(data.get("all_fields", False)):
        return [organization_dict(d, dataset_count=counts.get(d.pk, 0)) for d in departments]
    return [d.code for d in departments]


@register
def organization_show(data, context):
    department = get_organization(str(data.get("id", "")))
    count = queries.visible_datasets().filter(organization=department).count()
    result = organization_dict(department, dataset_count=count)
    if bool_param(data.get("include_datasets", False)):
        datasets = queries.visible_datasets().filter(organization=department).order_by("name")[:MAX_ROWS]
        result["packages"] = [package_dict(d, context["base"]) for d in datasets]
    return result


@register
def group_list(data, context):
    counts = _published_counts("groups")
    groups = list(Group.objects.order_by("name"))
    if bool_param(data.get("all_fields", False)):
        return [group_dict(g, dataset_count=counts.get(g.pk, 0)) for g in groups]
    return [g.name for g in groups]


@register
def group_show(data, context):
    key = str(data.get("id", ""))
    group = next((g for g in Group.objects.all() if key in {g.name, group_id(g)}), None)
    if group is None:
        raise NotFound("Group not found")
    return group_dict(group, dataset_count=queries.visible_datasets().filter(groups=group).count())


@register
def tag_list(data, context):
    qs = Tag.objects.filter(datasets__state=Dataset.State.PUBLISHED).distinct().order_by("name")
    if query := text_param(data, "query"):
        qs = qs.filter(name__icontains=query)
    if bool_param(data.get("all_fields", False)):
        return [{"id": str(t.pk), "name": t.name, "display_name": t.name} for t in qs]
    return [t.name for t in qs]


@register
def license_list(data, context):
    return [
        {
            "id": code,
            "title": str(title),
            "url": LICENSE_URLS.get(code, ""),
            "status": "active",
            "od_conformance": "approved",
        }
        for code, title in License.choices
    ]


@register
def status_show(data, context):
    city = Municipality.current()
    return {
        "site_title": f"{city.name if city else 'Madoguchi'} オープンデータ",
        "site_description": "Madoguchi open data catalog",
        "site_url": context["base"],
        "ckan_version": "2.10.0",
        "locale_default": "ja",
        "extensions": ["datastore", "dcat", "madoguchi"],
    }


@register
def help_show(data, context):
    name = text_param(data, "name")
    if name not in ACTIONS:
        raise NotFound("Action not found")
    return (ACTIONS[name].__doc__ or name).strip()


@register
def site_read(data, context):
    return True


@register
def datastore_search(data, context):
    resource = get_resource(data, "resource_id", user=context["user"])
    if not resource.datastore_active:
        raise NotFound(f'Resource "{resource.id}" was not found.')
    filters = data.get("filters") or {}
    if isinstance(filters, str):
        try:
            filters = jsonsafe.loads(filters)
        except ValueError:
            raise Invalid("filters: Cannot parse JSON", filters=["Cannot parse JSON"]) from None
    if not isinstance(filters, dict) or not all(
        isinstance(v, SCALARS) or (isinstance(v, list) and all(isinstance(i, SCALARS) for i in v))
        for v in filters.values()
    ):
        raise wrong("filters", _('filters は {"列名": 値} か {"列名": [値, …]} の形で指定してください。'))
    q = data.get("q") if isinstance(data.get("q"), dict) else text_param(data, "q")
    if isinstance(q, str) and q.startswith("{"):
        with contextlib.suppress(ValueError):
            q = jsonsafe.loads(q)
    if not isinstance(q, str | dict):
        raise wrong("q", _('q は検索語か {"列名": 検索語} の形で指定してください。'))
    fields = texts_param(data, "fields")
    limit = int_param(data, "limit", 100, maximum=32000)
    offset = int_param(data, "offset", 0)
    try:
        total, records, field_info = queries.datastore_rows(
            resource,
            filters=filters,
            q=q,
            fields=fields or None,
            sort=text_param(data, "sort"),
            limit=limit,
            offset=offset,
        )
    except queries.DatastoreError as error:
        raise Invalid(str(error)) from None
    services.record_api_call(resource.dataset)  # counted once the call is answered
    return {
        "resource_id": str(resource.id),
        "fields": field_info,
        "records": records,
        "total": total,
        "total_was_estimated": False,
        "limit": limit,
        "offset": offset,
        "_links": {
            "start": f"/api/3/action/datastore_search?resource_id={resource.id}",
            "next": f"/api/3/action/datastore_search?resource_id={resource.id}&offset={offset + limit}",
        },
    }


SQL_RE = re.compile(
    r'^\s*select\s+\*\s+from\s+"(?P<rid>[0-9a-f-]{36})"'
    r'(?:\s+where\s+"(?P<field>[^"]+)"\s*=\s*\'(?P<value>[^\']*)\')?'
    r"(?:\s+limit\s+(?P<limit>\d+))?\s*;?\s*$",
    re.IGNORECASE,
)


@register
def datastore_search_sql(data, context):
    """A safe subset: SELECT * FROM "<resource id>" [WHERE "field" = 'value'] [LIMIT n]."""
    match = SQL_RE.match(str(data.get("sql", "")))
    if not match:
        raise Invalid(
            'Only SELECT * FROM "<resource_id>" [WHERE "field" = \'value\'] [LIMIT n] is supported',
            sql=["unsupported query"],
        )
    resource = get_resource({"id": match["rid"]}, user=context["user"])
    filters = {match["field"]: match["value"]} if match["field"] else {}
    try:
        _total, records, field_info = queries.datastore_rows(
            resource, filters=filters, limit=min(int(match["limit"] or 100), 32000)
        )
    except queries.DatastoreError as error:
        raise Invalid(str(error)) from None
    services.record_api_call(resource.dataset)
    return {"records": records, "fields": field_info, "sql": data.get("sql")}


@register
def datastore_info(data, context):
    resource = get_resource(data, "id", user=context["user"])
    if not resource.datastore_active:
        raise NotFound("Resource not in the datastore")
    services.record_api_call(resource.dataset)
    return {
        "meta": {"count": resource.rows.count(), "table_type": "BASE TABLE"},
        "fields": [
            {"id": f["id"], "type": f["type"], "schema": {"native_type": f["type"]}}
            for f in resource.datastore_fields
        ],
    }
