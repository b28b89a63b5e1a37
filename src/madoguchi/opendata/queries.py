"""Reading the catalog: package_search (query, filters, facets, paging, sort) and the datastore."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.fields.json import KeyTransform

from madoguchi.core.models import Department

from . import search, standards
from .models import Dataset, DatastoreRow, Group, License, Resource, Tag
from .services import editable_organizations

FACET_FIELDS = ["organization", "groups", "tags", "res_format", "license_id", "standard_type"]
# fields a query may filter on (`fq=res_format:CSV`, `q=tags:防災 …`)
FILTER_FIELDS = {*FACET_FIELDS, "owner_org", "name", "id"}
SORTS = {
    "metadata_modified desc": ["-updated_at", "-name"],
    "metadata_modified asc": ["updated_at", "name"],
    "metadata_created desc": ["-created_at", "name"],
    "metadata_created asc": ["created_at", "name"],
    "title_string asc": ["title", "name"],
    "title_string desc": ["-title", "name"],
    "name asc": ["name"],
    "name desc": ["-name"],
    "views_recent desc": ["-downloads", "name"],
}
FIELD_QUERY_RE = re.compile(r'(?:^|\s)(?:\+)?([a-z_]+):("([^"]*)"|\S+)')


class SearchQueryError(ValueError):
    pass


def parse_filters(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Solr-style `field:value` (and `field:"quoted value"`) pulled out of a query string."""
    filters = []

    def take(match):
        name, raw, quoted = match.group(1), match.group(2), match.group(3)
        if name not in FILTER_FIELDS and name not in {"text", "title"}:
            raise SearchQueryError(f"unknown field {name!r}")
        value = quoted if quoted is not None else raw
        if name in {"text", "title"}:
            return f" {value} "
        filters.append((name, value))
        return " "

    rest = FIELD_QUERY_RE.sub(take, text or "")
    rest = rest.replace("*:*", " ").replace(" AND ", " ")
    return rest.strip(), filters


@dataclass
class SearchResult:
    count: int
    datasets: list
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


def visible_datasets(user=None):
    qs = Dataset.objects.filter(state=Dataset.State.PUBLISHED)
    if user is not None and getattr(user, "is_staff", False):
        qs = Dataset.objects.filter(
            Q(state=Dataset.State.PUBLISHED)
            | Q(
                organization__in=editable_organizations(user),
                state__in=[Dataset.State.DRAFT, Dataset.State.REVIEW],
            )
        )
    return qs


def _filter_keys(filters: list[tuple[str, str]]) -> tuple[list[str] | None, dict]:
    """Facet keys every match must hold, and the plain column filters (name, id). None when a
    filter names something that does not exist, so nothing can match."""
    keys, columns = [], {}
    for name, value in filters:
        if name in {"organization", "owner_org"}:
            pk = Department.objects.filter(code=value).values_list("pk", flat=True).first()
            if pk is None:
                return None, {}
            keys.append(search.facet_key("organization", pk))
        elif name in {"groups", "tags"}:
            model = Group if name == "groups" else Tag
            pk = model.objects.filter(name=value).values_list("pk", flat=True).first()
            if pk is None:
                return None, {}
            keys.append(search.facet_key(name, pk))
        elif name == "res_format":
            keys.append(search.facet_key(name, value.upper()))
        elif name in {"license_id", "standard_type"}:
            keys.append(search.facet_key(name, value))
        elif name == "id":
            try:
                columns.setdefault("dataset_id__in", []).append(uuid.UUID(value))
            except ValueError:
                return None, {}
        else:  # name
            columns.setdefault("name__in", []).append(value)
    for lookup, values in columns.items():  # two different names (or ids) cannot both match
        if len(set(values)) > 1:
            return None, {}
        columns[lookup] = values[:1]
    return list(dict.fromkeys(keys)), columns


def search_datasets(
    q: str = "",
    *,
    fq: str = "",
    filters: list[tuple[str, str]] | None = None,
    sort: str = "",
    rows: int = 10,
    start: int = 0,
    facet_fields: list[str] | tuple = (),
    facet_limit: int = 50,
    lean: bool = False,
) -> SearchResult:
    """Published datasets matching `q` (every Sudachi term) and the filters, through the search
    rows (`search.py`): count, one ordered page and the facet counts, each one SQL statement.

    `lean`: fetch only the dataset rows (the API answers from their stored package dicts).
    """
    q, q_filters = parse_filters(q)
    _rest, fq_filters = parse_filters(fq)
    terms = search.query_terms(q)
    keys, columns = _filter_keys([*q_filters, *fq_filters, *(filters or [])])
    wanted = [name for name in dict.fromkeys(facet_fields) if name in FACET_FIELDS]
    if keys is None:
        return SearchResult(count=0, datasets=[], facets={name: [] for name in wanted})
    found = search.find(
        terms,
        keys,
        columns=columns,
        order=SORTS.get((sort or "").strip().lower(), SORTS["metadata_modified desc"]),
        start=start,
        rows=rows,
        facets=bool(wanted),
    )
    datasets = Dataset.objects.filter(pk__in=found.ids)
    if not lean:
        datasets = datasets.select_related("organization").prefetch_related("resources")
    by_id = {d.pk: d for d in datasets} if found.ids else {}
    return SearchResult(
        count=found.count,
        datasets=[by_id[pk] for pk in found.ids if pk in by_id],
        facets={name: _facet_items(name, found.facets.get(name, {}), facet_limit) for name in wanted},
    )


def _facet_items(name: str, counts: dict[str, int], limit: int) -> list[tuple[str, str, int]]:
    """(value, display name, count), most datasets first, for one facet."""
    if name in {"organization", "groups", "tags"}:
        model = {"organization": Department, "groups": Group, "tags": Tag}[name]
        objects = model.objects.in_bulk([int(pk) for pk in counts])
        if name == "organization":
            labelled = {d.code: (d.localized_name(), counts[str(pk)]) for pk, d in objects.items()}
        elif name == "groups":
            labelled = {g.name: (g.localized_title(), counts[str(pk)]) for pk, g in objects.items()}
        else:
            labelled = {t.name: (t.name, counts[str(pk)]) for pk, t in objects.items()}
    elif name == "license_id":
        labels = dict(License.choices)
        labelled = {value: (str(labels.get(value, value)), n) for value, n in counts.items()}
    elif name == "standard_type":
        labelled = {value: (f"{value} {standards.title(value)}", n) for value, n in counts.items()}
    else:
        labelled = {value: (value, n) for value, n in counts.items()}
    ranked = sorted(labelled.items(), key=lambda item: (-item[1][1], item[0]))
    return [(value, label, n) for value, (label, n) in ranked[:limit]]


# --- datastore ----------------------------------------------------------------------------------


class DatastoreError(ValueError):
    pass


def datastore_rows(
    resource: Resource,
    *,
    filters: dict | None = None,
    q: str = "",
    fields: list[str] | None = None,
    sort: str = "",
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[dict], list[dict]]:
    """(total, records, fields) as datastore_search returns them."""
    known = [f["id"] for f in resource.datastore_fields]
    qs = DatastoreRow.objects.filter(resource=resource)
    for key, value in (filters or {}).items():
        if key not in known:
            raise DatastoreError(f"field {key!r} not in table")
        values = value if isinstance(value, list) else [value]
        condition = Q()
        for item in values:
            condition |= Q(**{f"data__{key}": item})
            if isinstance(item, str):
                try:
                    number = float(item)
                    condition |= Q(**{f"data__{key}": int(number) if number.is_integer() else number})
                except ValueError:
                    pass
        qs = qs.filter(condition)
    if isinstance(q, dict):
        for key, value in q.items():
            if key not in known:
                raise DatastoreError(f"field {key!r} not in table")
            qs = qs.filter(**{f"data__{key}__icontains": str(value)})
    else:
        for word in search.fold(q).split():
            qs = qs.filter(text__contains=word)
    order = ["number"]
    if sort:
        order = []
        for part in sort.split(","):
            bits = part.strip().strip('"').split()
            if not bits:
                continue
            name = bits[0].strip('"')
            descending = len(bits) > 1 and bits[1].lower() == "desc"
            if name == "_id":
                order.append("-number" if descending else "number")
                continue
            if name not in known:
                raise DatastoreError(f"cannot sort by unknown field {name!r}")
            expression = KeyTransform(name, "data")
            order.append(expression.desc() if descending else expression.asc())
    total = qs.count()
    selected = fields or ["_id", *known]
    unknown = [f for f in selected if f != "_id" and f not in known]
    if unknown:
        raise DatastoreError(f"fields not in table: {', '.join(unknown)}")
    records = []
    for row in qs.order_by(*order)[offset : offset + limit]:
        record = {"_id": row.number, **row.data}
        records.append({key: record.get(key) for key in selected})
    field_info = [{"id": "_id", "type": "int"}] + list(resource.datastore_fields)
    field_info = [f for f in field_info if f["id"] in selected]
    return total, records, field_info
