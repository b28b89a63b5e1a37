"""The CKAN Action API (/api/3/action/<name> and /api/action/<name>), so ckanapi, CKAN's
harvester and the Tokyo catalog work unchanged.

Envelope: {"help": …, "success": true, "result": …}; errors {"success": false, "error":
{"__type": "Not Found Error", "message": …}} with the matching HTTP status. Write actions need a
staff API token in the Authorization (or X-CKAN-API-Key) header.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime
import re
import uuid

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from madoguchi.core import access, jsonsafe
from madoguchi.core.models import Department

from . import queries, services, standards
from .models import LICENSE_URLS, Dataset, Group, License, Resource, Tag

MAX_ROWS = 1000
MAX_INTEGER = 2**31 - 1  # far beyond any catalog; larger OFFSETs overflow the database's integers
SCALARS = (str, int, float, bool, type(None))
ORG_NAMESPACE = uuid.UUID("6f1d7a0e-5c7b-4c8e-9d15-132144000000")


class ActionError(Exception):
    status = 400
    kind = "Validation Error"

    def __init__(self, message, **extra):
        super().__init__(message)
        self.message = message
        self.extra = extra


class NotFound(ActionError):
    status, kind = 404, "Not Found Error"


class NotAuthorized(ActionError):
    status, kind = 403, "Authorization Error"


class Invalid(ActionError):
    status, kind = 409, "Validation Error"


class SearchError(ActionError):
    status, kind = 409, "Search Query Error"


# --- dicts as CKAN returns them -----------------------------------------------------------------


def _iso(value) -> str | None:
    return timezone.make_naive(value, datetime.UTC).isoformat() if value else None


def org_id(department: Department) -> str:
    return str(uuid.uuid5(ORG_NAMESPACE, f"org:{department.code}"))


def group_id(group: Group) -> str:
    return str(uuid.uuid5(ORG_NAMESPACE, f"group:{group.name}"))


def organization_dict(department: Department, *, dataset_count: int | None = None) -> dict:
    data = {
        "id": org_id(department),
        "name": department.code,
        "title": department.name,
        "display_name": department.name,
        "title_translated": {"ja": department.name, "en": department.name_en},
        "description": "",
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
    }
    if dataset_count is not None:
        data["package_count"] = dataset_count
    return data


def group_dict(group: Group, *, dataset_count: int | None = None) -> dict:
    data = {
        "id": group_id(group),
        "name": group.name,
        "title": group.title,
        "display_name": group.title,
        "title_translated": {"ja": group.title, "en": group.title_en},
        "description": group.description,
        "type": "group",
        "is_organization": False,
        "state": "active",
        "image_display_url": "",
    }
    if dataset_count is not None:
        data["package_count"] = dataset_count
    return data


def resource_dict(resource: Resource, base_url: str) -> dict:
    download = base_url + reverse("opendata:download", args=[resource.dataset.name, resource.id])
    standard = standards.get(resource.standard_type)
    return {
        "id": str(resource.id),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "url": download if resource.file else resource.url,
        "url_type": "upload" if resource.file else "",
        "format": resource.format,
        "mimetype": resource.mimetype or None,
        "size": resource.size,
        "created": _iso(resource.created_at),
        "last_modified": _iso(resource.last_modified),
        "metadata_modified": _iso(resource.last_modified),
        "position": resource.position,
        "state": "active",
        "datastore_active": resource.datastore_active,
        "schema": base_url + reverse("opendata:schema", args=[standard.code]) if standard else "",
        "conforms_to": standard.code if standard else "",
        "downloads": resource.downloads,
    }


def with_base(doc: dict, base_url: str, downloads: int | None = None) -> dict:
    """A stored (site-relative) package dict with absolute URLs for this request."""
    doc = {**doc, "url": base_url + doc["url"]}
    doc["resources"] = [
        {
            **r,
            "url": base_url + r["url"] if r.get("url_type") == "upload" else r["url"],
            "schema": base_url + r["schema"] if r.get("schema") else "",
        }
        for r in doc["resources"]
    ]
    if downloads is not None:
        doc["download_count"] = downloads
    return doc


def package_dict(dataset: Dataset, base_url: str) -> dict:
    tags = list(dataset.tags.all())
    resources = list(dataset.resources.all())
    for r in resources:
        r.dataset = dataset
    licenses = dict(License.choices)
    standard = standards.get(dataset.standard_type)
    extras = {
        "standard_type": dataset.standard_type,
        "standard_type_title": str(standard.title) if standard else "",
        "frequency": dataset.frequency,
        "spatial_text": dataset.spatial,
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        "five_stars": str(dataset.stars),
        "title_en": dataset.title_en,
    }
    return {
        "id": str(dataset.id),
        "name": dataset.name,
        "title": dataset.title,
        "title_translated": {"ja": dataset.title, "en": dataset.title_en},
        "notes": dataset.notes,
        "notes_translated": {"ja": dataset.notes, "en": dataset.notes_en},
        "type": "dataset",
        "state": dataset.ckan_state,
        "private": False,
        "author": dataset.organization.name,
        "author_email": None,
        "maintainer": dataset.contact_name or dataset.organization.name,
        "maintainer_email": dataset.contact_email or dataset.organization.email or None,
        "license_id": dataset.license_id,
        "license_title": str(licenses.get(dataset.license_id, dataset.license_id)),
        "license_url": LICENSE_URLS.get(dataset.license_id, ""),
        "isopen": True,
        "url": base_url + reverse("opendata:dataset", args=[dataset.name]),
        "version": None,
        "metadata_created": _iso(dataset.created_at),
        "metadata_modified": _iso(dataset.updated_at),
        "owner_org": org_id(dataset.organization),
        "organization": organization_dict(dataset.organization),
        "groups": [group_dict(g) for g in dataset.groups.all()],
        "tags": [{"id": str(t.pk), "name": t.name, "display_name": t.name, "state": "active"} for t in tags],
        "num_tags": len(tags),
        "resources": [resource_dict(r, base_url) for r in resources],
        "num_resources": len(resources),
        "extras": [{"key": k, "value": v} for k, v in extras.items() if v],
        **{k: v for k, v in extras.items() if k != "title_en"},
        "download_count": dataset.downloads,
    }


# --- helpers ------------------------------------------------------------------------------------


def _int(data: dict, key: str, default: int, *, maximum: int | None = None) -> int:
    value = data.get(key, default)
    try:
        value = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ActionError(f"{key}: Invalid integer", **{key: ["Invalid integer"]}) from None
    if value < 0:
        raise ActionError(f"{key}: Must be a natural number", **{key: ["Must be a natural number"]})
    if maximum:
        return min(value, maximum)
    if value > MAX_INTEGER:
        message = _("%(key)s は %(max)d 以下の整数で指定してください。") % {"key": key, "max": MAX_INTEGER}
        raise ActionError(message, **{key: [message]})
    return value


def _wrong(key: str, message: str) -> ActionError:
    return ActionError(message, **{key: [message]})


def _text(data: dict, key: str, default: str | None = "") -> str | None:
    """One text value; a list (a repeated query parameter) or an object is refused."""
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, list | dict):
        raise _wrong(key, _("%(key)s は文字列で1つだけ指定してください。") % {"key": key})
    return str(value)


def _texts(data: dict, key: str) -> list[str]:
    """A list of texts: a JSON list, a JSON list in a string, comma-separated or repeated."""
    values = _list(data.get(key))
    if not isinstance(values, list) or not all(isinstance(v, SCALARS) and v is not None for v in values):
        raise _wrong(key, _("%(key)s は文字列のリストで指定してください。") % {"key": key})
    return [str(v) for v in values]


def _bool(value) -> bool:
    return str(value).lower() in {"true", "1", "yes", "on"}


def _list(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        try:
            return jsonsafe.loads(value)
        except ValueError:
            pass
    return [v for v in str(value).split(",") if v]


def _dataset(data: dict, *, user=None) -> Dataset:
    key = _text(data, "id") or _text(data, "name_or_id") or _text(data, "name")
    if not key:
        raise Invalid("Missing value: id", id=["Missing value"])
    qs = queries.visible_datasets(user).exclude(state=Dataset.State.DELETED)
    try:
        uuid.UUID(str(key))
        dataset = qs.filter(Q(pk=key) | Q(name=key)).first()
    except ValueError:
        dataset = qs.filter(name=key).first()
    if dataset is None:
        raise NotFound("Not found")
    return dataset


def _resource(data: dict, key: str = "id", *, user=None) -> Resource:
    value = _text(data, key)
    if not value:
        raise Invalid(f"Missing value: {key}", **{key: ["Missing value"]})
    try:
        uuid.UUID(str(value))
    except ValueError:
        raise NotFound("Resource was not found.") from None
    resource = (
        Resource.objects.select_related("dataset", "dataset__organization")
        .filter(pk=value, dataset__in=queries.visible_datasets(user))
        .first()
    )
    if resource is None:
        raise NotFound("Resource was not found.")
    return resource


def _organization(key: str) -> Department:
    if not key:
        raise Invalid("Missing value: id", id=["Missing value"])
    for department in Department.objects.all():
        if key in {department.code, org_id(department), str(department.pk)}:
            return department
    raise NotFound("Organization not found")


def _require_user(context):
    if context["user"] is None:
        raise NotAuthorized("Action requires an API token (Authorization header) of a staff member.")
    return context["user"]


# --- read actions -------------------------------------------------------------------------------


def package_list(data, context):
    limit = _int(data, "limit", 0, maximum=MAX_ROWS * 10)
    offset = _int(data, "offset", 0)
    names = queries.visible_datasets().order_by("name").values_list("name", flat=True)
    names = names[offset : offset + limit] if limit else names[offset:]
    return list(names)


def current_package_list_with_resources(data, context):
    limit = _int(data, "limit", 10, maximum=MAX_ROWS)
    offset = _int(data, "offset", 0)
    datasets = (
        queries.visible_datasets()
        .order_by("-updated_at", "name")
        .select_related("organization")
        .prefetch_related("tags", "groups", "resources")[offset : offset + limit]
    )
    return [package_dict(d, context["base"]) for d in datasets]


def package_search(data, context):
    rows = _int(data, "rows", 10, maximum=MAX_ROWS)
    start = _int(data, "start", 0)
    facet_fields = _texts(data, "facet.field")
    if not _bool(data.get("facet", "true")):
        facet_fields = []
    try:
        result = queries.search_datasets(
            _text(data, "q"),
            fq=_text(data, "fq"),
            sort=_text(data, "sort"),
            rows=rows,
            start=start,
            facet_fields=facet_fields,
            facet_limit=_int(data, "facet.limit", 50, maximum=1000),
            lean=True,
        )
    except queries.SearchQueryError as error:
        raise SearchError(str(error)) from None
    return {
        "count": result.count,
        "sort": data.get("sort") or "score desc, metadata_modified desc",
        "results": [
            with_base(d.search_doc, context["base"], d.downloads)
            if d.search_doc
            else package_dict(d, context["base"])
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


def package_show(data, context):
    return package_dict(_dataset(data, user=context["user"]), context["base"])


def resource_show(data, context):
    return resource_dict(_resource(data, user=context["user"]), context["base"])


def resource_search(data, context):
    query = data.get("query") or []
    if isinstance(query, str):
        query = [query]
    if not isinstance(query, list) or not all(isinstance(item, str) for item in query):
        raise _wrong("query", _("query は「項目:値」の文字列か、そのリストで指定してください。"))
    qs = Resource.objects.filter(dataset__in=queries.visible_datasets()).select_related("dataset")
    for item in query:
        if ":" not in item:
            raise Invalid("Field not found", query=["must be field:value"])
        name, value = item.split(":", 1)
        if name not in {"name", "format", "description", "url"}:
            raise Invalid(f"Field {name!r} not supported", query=["field not supported"])
        qs = qs.filter(**{f"{name}__icontains": value})
    count = qs.count()
    offset = _int(data, "offset", 0)
    limit = _int(data, "limit", 100, maximum=MAX_ROWS)
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


def organization_list(data, context):
    counts = _published_counts("organization")
    departments = (
        Department.objects.filter(pk__in=list(counts))
        if not _bool(data.get("all", ""))
        else Department.objects.all()
    )
    departments = list(departments.order_by("code"))
    if _bool(data.get("all_fields", False)):
        return [organization_dict(d, dataset_count=counts.get(d.pk, 0)) for d in departments]
    return [d.code for d in departments]


def organization_show(data, context):
    department = _organization(str(data.get("id", "")))
    count = queries.visible_datasets().filter(organization=department).count()
    result = organization_dict(department, dataset_count=count)
    if _bool(data.get("include_datasets", False)):
        datasets = queries.visible_datasets().filter(organization=department).order_by("name")[:MAX_ROWS]
        result["packages"] = [package_dict(d, context["base"]) for d in datasets]
    return result


def group_list(data, context):
    counts = _published_counts("groups")
    groups = list(Group.objects.order_by("name"))
    if _bool(data.get("all_fields", False)):
        return [group_dict(g, dataset_count=counts.get(g.pk, 0)) for g in groups]
    return [g.name for g in groups]


def group_show(data, context):
    key = str(data.get("id", ""))
    group = next((g for g in Group.objects.all() if key in {g.name, group_id(g)}), None)
    if group is None:
        raise NotFound("Group not found")
    return group_dict(group, dataset_count=queries.visible_datasets().filter(groups=group).count())


def tag_list(data, context):
    qs = Tag.objects.filter(datasets__state=Dataset.State.PUBLISHED).distinct().order_by("name")
    if query := _text(data, "query"):
        qs = qs.filter(name__icontains=query)
    if _bool(data.get("all_fields", False)):
        return [{"id": str(t.pk), "name": t.name, "display_name": t.name} for t in qs]
    return [t.name for t in qs]


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


def status_show(data, context):
    from madoguchi.core.models import Municipality

    city = Municipality.current()
    return {
        "site_title": f"{city.name if city else 'Madoguchi'} オープンデータ",
        "site_description": "Madoguchi open data catalog",
        "site_url": context["base"],
        "ckan_version": "2.10.0",
        "locale_default": "ja",
        "extensions": ["datastore", "dcat", "madoguchi"],
    }


def help_show(data, context):
    name = _text(data, "name")
    if name not in ACTIONS:
        raise NotFound("Action not found")
    return (ACTIONS[name].__doc__ or name).strip()


def site_read(data, context):
    return True


def datastore_search(data, context):
    resource = _resource(data, "resource_id", user=context["user"])
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
        raise _wrong("filters", _('filters は {"列名": 値} か {"列名": [値, …]} の形で指定してください。'))
    q = data.get("q") if isinstance(data.get("q"), dict) else _text(data, "q")
    if isinstance(q, str) and q.startswith("{"):
        with contextlib.suppress(ValueError):
            q = jsonsafe.loads(q)
    if not isinstance(q, str | dict):
        raise _wrong("q", _('q は検索語か {"列名": 検索語} の形で指定してください。'))
    fields = _texts(data, "fields")
    limit = _int(data, "limit", 100, maximum=32000)
    offset = _int(data, "offset", 0)
    try:
        total, records, field_info = queries.datastore_rows(
            resource,
            filters=filters,
            q=q,
            fields=fields or None,
            sort=_text(data, "sort"),
            limit=limit,
            offset=offset,
        )
    except queries.DatastoreError as error:
        raise Invalid(str(error)) from None
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


def datastore_search_sql(data, context):
    """A safe subset: SELECT * FROM "<resource id>" [WHERE "field" = 'value'] [LIMIT n]."""
    match = SQL_RE.match(str(data.get("sql", "")))
    if not match:
        raise Invalid(
            'Only SELECT * FROM "<resource_id>" [WHERE "field" = \'value\'] [LIMIT n] is supported',
            sql=["unsupported query"],
        )
    resource = _resource({"id": match["rid"]}, user=context["user"])
    filters = {match["field"]: match["value"]} if match["field"] else {}
    try:
        _total, records, field_info = queries.datastore_rows(
            resource, filters=filters, limit=min(int(match["limit"] or 100), 32000)
        )
    except queries.DatastoreError as error:
        raise Invalid(str(error)) from None
    return {"records": records, "fields": field_info, "sql": data.get("sql")}


def datastore_info(data, context):
    resource = _resource(data, "id", user=context["user"])
    if not resource.datastore_active:
        raise NotFound("Resource not in the datastore")
    return {
        "meta": {"count": resource.rows.count(), "table_type": "BASE TABLE"},
        "fields": [
            {"id": f["id"], "type": f["type"], "schema": {"native_type": f["type"]}}
            for f in resource.datastore_fields
        ],
    }


# --- write actions ------------------------------------------------------------------------------


def _check_package_input(data: dict) -> None:
    """Refuse values of the wrong shape before any of them is used (each would be a 500)."""
    for key in (
        "name", "title", "notes", "license_id", "maintainer", "maintainer_email", "owner_org",
        "state", "standard_type", "frequency", "title_en", "notes_en",
    ):  # fmt: skip
        _text(data, key)
    translated = data.get("title_translated")
    if translated is not None and not (
        isinstance(translated, dict) and all(isinstance(v, str | None) for v in translated.values())
    ):
        raise _wrong(
            "title_translated", _('title_translated は {"ja": "…", "en": "…"} の形で指定してください。')
        )
    extras = data.get("extras")
    if extras is not None and not (
        isinstance(extras, list)
        and all(
            isinstance(e, dict)
            and isinstance(e.get("key"), str | None)
            and isinstance(e.get("value"), str | None)
            for e in extras
        )
    ):
        raise _wrong("extras", _('extras は {"key": "…", "value": "…"} のリストで指定してください。'))
    for key, names in (("tags", ("name",)), ("groups", ("name", "id"))):  # a group may be given by id
        items = data.get(key)
        if items is not None and not (
            isinstance(items, list)
            and all(
                isinstance(i, str) or (isinstance(i, dict) and any(isinstance(i.get(n), str) for n in names))
                for i in items
            )
        ):
            message = _("%(key)s は名前（文字列）か %(example)s のリストで指定してください。")
            raise _wrong(key, message % {"key": key, "example": '{"name": "…"}'})
    resources = data.get("resources")
    if resources is not None and not (
        isinstance(resources, list)
        and all(
            isinstance(r, dict)
            and all(isinstance(r.get(k), str | None) for k in ("id", "name", "url", "format"))
            for r in resources
        )
    ):
        message = _('resources は {"name": "…", "url": "…", "format": "…"} のリストで指定してください。')
        raise _wrong("resources", message)


def _fits(model, values: dict, keys: dict | None = None) -> None:
    """Refuse text longer than its column: SQLite stores it, PostgreSQL refuses it at save (a 500).
    `keys` maps a model field to the CKAN name the caller used, for the message."""
    for name, value in values.items():
        try:
            max_length = model._meta.get_field(name).max_length
        except FieldDoesNotExist:
            continue
        if isinstance(value, str) and max_length and len(value) > max_length:
            key = (keys or {}).get(name, name)
            raise _wrong(
                key, _("%(key)s は %(max)d 文字以内で指定してください。") % {"key": key, "max": max_length}
            )


def _dataset_fields(data: dict) -> dict:
    _check_package_input(data)
    fields = {}
    mapping = {
        "title": "title",
        "notes": "notes",
        "license_id": "license_id",
        "maintainer": "contact_name",
        "maintainer_email": "contact_email",
    }
    for key, target in mapping.items():
        if key in data and data[key] is not None:
            fields[target] = data[key]
    translated = data.get("title_translated") or {}
    if translated.get("en"):
        fields["title_en"] = translated["en"]
    if translated.get("ja"):
        fields.setdefault("title", translated["ja"])
    for extra in data.get("extras") or []:
        if extra.get("key") in {"standard_type", "frequency", "title_en", "notes_en"}:
            fields[extra["key"]] = extra.get("value", "")
    for key in ("standard_type", "frequency", "title_en", "notes_en"):
        if key in data and data[key] is not None:
            fields[key] = data[key]
    if "license_id" in fields and fields["license_id"] not in dict(License.choices):
        raise Invalid("license_id: unknown licence", license_id=["unknown licence"])
    _fits(Dataset, {**fields, "name": _text(data, "name")}, {v: k for k, v in mapping.items()})
    for item in data.get("resources") or []:
        _fits(Resource, {k: item.get(k) for k in ("name", "url", "format")})
    return fields


def _labels(data: dict):
    _check_package_input(data)
    tags = (
        [t["name"] if isinstance(t, dict) else t for t in data["tags"]]
        if data.get("tags") is not None
        else None
    )
    groups = None
    if data.get("groups") is not None:  # null: leave them as they are
        groups = []
        for g in data["groups"]:
            key = str(g.get("name") or g.get("id")) if isinstance(g, dict) else g
            group = next((x for x in Group.objects.all() if key in {x.name, group_id(x)}), None)
            if group is None:
                raise Invalid(f"groups: group {key!r} not found", groups=["not found"])
            groups.append(group)
    return tags, groups


def _guard(call):
    try:
        return call()
    except PermissionDenied as error:
        raise NotAuthorized(str(error) or "Not authorized") from None
    except services.PublishRefused as error:
        raise Invalid(
            "公開できません: 検証エラーがあります。", validation=[e["message"] for e in error.errors]
        ) from None
    except ValidationError as error:
        raise Invalid("; ".join(error.messages)) from None


def _ensure_may_change_state(user, organization, current_state, data) -> None:
    """Publishing or returning to draft is decided before anything is written: a call refused
    for it changes nothing (the edits sent with it, or the draft it would create, are not kept)."""
    state = data.get("state")
    publishes = state == "active" and current_state != Dataset.State.PUBLISHED
    unpublishes = state == "draft" and current_state == Dataset.State.PUBLISHED
    if (publishes or unpublishes) and not services.can_publish(user, organization):
        raise NotAuthorized(str(access.DATASET_PUBLISH.refusal))


def _apply_state(dataset, data, user):
    state = data.get("state")
    if state == "active" and dataset.state != Dataset.State.PUBLISHED:
        _guard(lambda: services.publish(dataset, by=user))
    elif state == "draft" and dataset.state == Dataset.State.PUBLISHED:
        _guard(lambda: services.return_to_draft(dataset, by=user, reason="API"))


def package_create(data, context):
    user = _require_user(context)
    organization = _organization(str(data.get("owner_org", "")))
    tags, groups = _labels(data)
    fields = _dataset_fields(data)
    _ensure_may_change_state(user, organization, Dataset.State.DRAFT, data)
    dataset = _guard(
        lambda: services.create_dataset(
            by=user,
            organization=organization,
            name=_text(data, "name"),
            tags=tags,
            groups=groups,
            **{"title": "", **fields},
        )
    )
    for item in data.get("resources") or []:
        _guard(
            lambda item=item: services.add_resource(
                dataset,
                by=user,
                name=item.get("name") or "",
                url=item.get("url") or "",
                format=item.get("format") or "",
            )
        )
    _apply_state(dataset, data, user)
    dataset.refresh_from_db()
    return package_dict(dataset, context["base"])


def package_update(data, context, *, patch: bool = False):
    user = _require_user(context)
    dataset = _dataset(data, user=user)
    tags, groups = _labels(data)
    fields = _dataset_fields(data)
    organization = _organization(str(data["owner_org"])) if data.get("owner_org") else None
    _ensure_may_change_state(user, dataset.organization, dataset.state, data)
    _guard(
        lambda: services.update_dataset(
            dataset, by=user, tags=tags, groups=groups, organization=organization, **fields
        )
    )
    if not patch and data.get("resources") is not None:
        keep = {str(r.get("id")) for r in data["resources"] if r.get("id")}
        for resource in list(dataset.resources.all()):
            if str(resource.id) not in keep:
                _guard(lambda resource=resource: services.delete_resource(resource, by=user))
        for item in data["resources"]:
            if not item.get("id"):
                _guard(
                    lambda item=item: services.add_resource(
                        dataset,
                        by=user,
                        name=item.get("name") or "",
                        url=item.get("url") or "",
                        format=item.get("format") or "",
                    )
                )
    _apply_state(dataset, data, user)
    dataset.refresh_from_db()
    return package_dict(dataset, context["base"])


def package_patch(data, context):
    return package_update(data, context, patch=True)


def package_delete(data, context):
    user = _require_user(context)
    dataset = _dataset(data, user=user)
    _guard(lambda: services.delete_dataset(dataset, by=user))
    return None


def _upload(context) -> tuple[bytes | None, str]:
    upload = context["files"].get("upload")
    if upload is None:
        return None, ""
    return upload.read(), upload.name


def resource_create(data, context):
    user = _require_user(context)
    dataset = _dataset({"id": data.get("package_id")}, user=user)
    content, filename = _upload(context)
    if content is None and data.get("upload_base64"):
        try:
            content = base64.b64decode(_text(data, "upload_base64"))
        except (binascii.Error, ValueError):
            raise Invalid("upload_base64: not base64") from None
        filename = _text(data, "filename", "upload.csv")
    _fits(Resource, {k: _text(data, k) for k in ("name", "url", "format", "description", "standard_type")})
    resource = _guard(
        lambda: services.add_resource(
            dataset,
            by=user,
            name=_text(data, "name"),
            content=content,
            filename=filename,
            url=_text(data, "url") if content is None else "",
            format=_text(data, "format"),
            description=_text(data, "description"),
            standard_type=_text(data, "standard_type", None),
        )
    )
    return resource_dict(resource, context["base"])


def resource_update(data, context):
    user = _require_user(context)
    resource = _resource(data, user=user)
    content, filename = _upload(context)
    fields = {
        k: _text(data, k, None)
        for k in ("name", "description", "url", "format", "standard_type")
        if k in data
    }
    _fits(Resource, fields)
    resource = _guard(
        lambda: services.update_resource(resource, by=user, content=content, filename=filename, **fields)
    )
    return resource_dict(resource, context["base"])


def resource_delete(data, context):
    user = _require_user(context)
    resource = _resource(data, user=user)
    _guard(lambda: services.delete_resource(resource, by=user))
    return None


ACTIONS = {
    f.__name__: f
    for f in [
        package_list,
        current_package_list_with_resources,
        package_search,
        package_show,
        resource_show,
        resource_search,
        organization_list,
        organization_show,
        group_list,
        group_show,
        tag_list,
        license_list,
        status_show,
        help_show,
        site_read,
        datastore_search,
        datastore_search_sql,
        datastore_info,
        package_create,
        package_update,
        package_patch,
        package_delete,
        resource_create,
        resource_update,
        resource_delete,
    ]
}
WRITE_ACTIONS = {name for name in ACTIONS if name.endswith(("_create", "_update", "_patch", "_delete"))}


def _request_data(request: HttpRequest) -> dict:
    """The action's parameters, from the query string, a JSON body or a form; text with control
    characters is refused here, once for every action (PostgreSQL cannot store NUL)."""
    data = _parameters(request)
    try:
        jsonsafe.check_text(data)
    except jsonsafe.JSONInputError as error:
        raise ActionError(error.message) from None
    return data


def _parameters(request: HttpRequest) -> dict:
    if request.method == "GET":
        data = {}
        for key in request.GET:
            values = request.GET.getlist(key)
            data[key] = values if len(values) > 1 else values[0]
        return data
    if request.content_type == "application/json" or (request.body[:1] in (b"{", b"[") and not request.FILES):
        try:
            body = jsonsafe.loads(request.body or b"{}")  # refuses deep nesting before parsing
        except jsonsafe.JSONInputError as error:
            raise ActionError(error.message) from None
        if not isinstance(body, dict):
            raise ActionError("JSON Error: the body must be an object")
        return body
    return {key: request.POST.get(key) for key in request.POST}


@csrf_exempt
def action(request: HttpRequest, name: str):
    help_url = request.build_absolute_uri(f"/api/3/action/help_show?name={name}")
    if request.method not in {"GET", "POST"}:
        return JsonResponse(
            {"success": False, "error": {"__type": "Bad request", "message": "GET or POST"}}, status=405
        )
    try:
        function = ACTIONS.get(name)
        if function is None:
            raise ActionError(f"Action name not known: {name}")
        if name in WRITE_ACTIONS and request.method != "POST":
            raise ActionError("Write actions need POST")
        data = _request_data(request)
        token = request.headers.get("Authorization") or request.headers.get("X-CKAN-API-Key") or ""
        user = services.user_for_token(token.removeprefix("Bearer ").strip()) if token else None
        if token and user is None:
            raise NotAuthorized("API token not valid")
        context = {"user": user, "base": request.build_absolute_uri("/").rstrip("/"), "files": request.FILES}
        result = function(data, context)
    except ActionError as error:
        return JsonResponse(
            {
                "help": help_url,
                "success": False,
                "error": {"__type": error.kind, "message": error.message, **error.extra},
            },
            status=error.status,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(
        {"help": help_url, "success": True, "result": result},
        json_dumps_params={"ensure_ascii": False},
        safe=False,
    )
