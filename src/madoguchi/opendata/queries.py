"""Reading the catalog: package_search (query, filters, facets, paging, sort) and the datastore."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import Q, TextField
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast

from madoguchi.core.models import Department

from . import search, solr, standards
from .dictize import group_id, org_id
from .models import Dataset, DatastoreRow, Group, License, Resource, Tag
from .services import editable_organizations

FACET_FIELDS = ["organization", "groups", "tags", "res_format", "license_id", "standard_type"]
SearchQueryError = solr.SearchQueryError
# sort orders served by an index of SearchEntry in exactly these directions (search.INDEXED_ORDERS)
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
# any other `sort`: comma-separated `field asc|desc` over these (CKAN's sortable fields)
SORT_COLUMNS = {
    "metadata_modified": "updated_at",
    "metadata_created": "created_at",
    "title_string": "title",
    "title": "title",
    "name": "name",
    "id": "dataset_id",
    "num_resources": "num_resources",
    "num_tags": "num_tags",
    "views_recent": "downloads",
    "views_total": "downloads",
}
RANGE_COLUMNS = {
    "metadata_modified": "updated_at",
    "metadata_created": "created_at",
    "num_resources": "num_resources",
    "num_tags": "num_tags",
}
# fields every dataset has a value for: `field:*` matches all
ALWAYS_SET = {
    *solr.TEXT_FIELDS,
    *solr.DATE_FIELDS,
    *solr.NUMBER_FIELDS,
    "name",
    "id",
    "organization",
    "owner_org",
}


def sort_order(sort: str) -> list[str]:
    """SearchEntry ordering for CKAN's `sort` (`metadata_modified desc`, `id asc`, `score desc,
    name asc` …); relevance (`score`) is not computed, so it orders nothing."""
    text = " ".join((sort or "").lower().split())
    if text in SORTS:
        return SORTS[text]
    order: list[str] = []
    for part in text.split(","):
        bits = part.split()
        if not bits or bits[0] == "score":
            continue
        if len(bits) > 2 or (len(bits) == 2 and bits[1] not in {"asc", "desc"}):
            raise SearchQueryError(
                f"cannot parse sort {part.strip()!r}: write it as 'field asc' or 'field desc'"
            )
        column = SORT_COLUMNS.get(bits[0])
        if column is None:
            raise SearchQueryError(f"can not sort on undefined field {bits[0]}")
        order.append(f"-{column}" if len(bits) == 2 and bits[1] == "desc" else column)
    if not order:
        return SORTS["metadata_modified desc"]
    return order if order[-1].lstrip("-") in {"name", "dataset_id"} else [*order, "name"]


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


# --- from the query tree to conditions on the search rows ----------------------------------------


def _organization_pk(value: str):
    """A department by its code (CKAN's organization name), its CKAN id or its pk."""
    for department in Department.objects.all():
        if value in {department.code, str(department.pk), org_id(department)}:
            return department.pk
    return None


def _key(node: solr.Field) -> str | None:
    """The facet key a `field:value` stands for; None when no dataset can hold it."""
    name, value = node.name, node.value
    if name in {"organization", "owner_org"}:
        pk = _organization_pk(value)
        return None if pk is None else search.facet_key("organization", pk)
    if name in {"groups", "tags"}:
        model = Group if name == "groups" else Tag
        pk = model.objects.filter(name=value).values_list("pk", flat=True).first()
        if pk is None and name == "groups":
            pk = next((g.pk for g in Group.objects.all() if group_id(g) == value), None)
        return None if pk is None else search.facet_key(name, pk)
    if name == "res_format":
        return search.facet_key(name, value.upper())
    return search.facet_key(name, value)  # license_id, standard_type, extras_<key>


def _leaf(node):
    """Q (or True / False) for one leaf of the tree."""
    if isinstance(node, solr.All):
        return True
    if isinstance(node, solr.Text):
        terms = search.query_terms(node.text)
        return search.terms_condition(terms) if terms else True
    if isinstance(node, solr.Exists):
        if node.name in ALWAYS_SET or node.name == "license_id":
            return True
        return search.keys_condition([search.facet_key("has", node.name)])
    if isinstance(node, solr.Range):
        column = RANGE_COLUMNS[node.name]
        condition = Q()
        if node.low is not None:
            condition &= Q(**{f"{column}__{'gte' if node.include_low else 'gt'}": node.low})
        if node.high is not None:
            condition &= Q(**{f"{column}__{'lte' if node.include_high else 'lt'}": node.high})
        return condition if condition else True
    if node.name == "name":
        return Q(name=node.value)
    if node.name == "id":
        try:
            return Q(dataset_id=uuid.UUID(node.value))
        except ValueError:
            return False
    key = _key(node)
    return False if key is None else search.keys_condition([key])


def condition(node):
    """The whole tree as one Q (or True: everything, False: nothing)."""
    if isinstance(node, solr.Not):
        inner = condition(node.node)
        return (not inner) if isinstance(inner, bool) else ~inner
    if isinstance(node, solr.And | solr.Or):
        is_and = isinstance(node, solr.And)
        result = None
        for child in node.nodes:
            part = condition(child)
            if isinstance(part, bool):
                if part != is_and:  # False in an AND, True in an OR decides it
                    return part
                continue
            result = part if result is None else (result & part if is_and else result | part)
        return is_and if result is None else result
    return _leaf(node)


def _match(node) -> str | None:
    """The boolean combination of terms and facet keys under `node` as one full-text expression of
    the index (SQLite's FTS5: `(terms : "a" OR facets : "b") NOT facets : "c"`), so `tags:* AND
    -organization:x` or `organization:a OR organization:b` is one index lookup instead of one
    subquery per leaf; None when a leaf is something else (a range, a name, `*:*`)."""
    if isinstance(node, solr.Text):
        terms = search.query_terms(node.text)
        return search.match_expression(terms, []) if terms else None
    if isinstance(node, solr.Exists):
        if node.name in ALWAYS_SET or node.name == "license_id":
            return None
        return search.match_expression([], [search.facet_key("has", node.name)])
    if isinstance(node, solr.Field) and node.name not in {"name", "id"}:
        key = _key(node)
        return search.match_expression([], [key]) if key is not None else None
    if isinstance(node, solr.Not):
        inner = _match(node.node)
        return None if inner is None else f"({search.match_expression([], [search.EVERY_ROW])} NOT {inner})"
    if isinstance(node, solr.And | solr.Or):
        parts = [_match(child) for child in node.nodes]
        if any(part is None for part in parts):
            return None
        return "(" + (" AND " if isinstance(node, solr.And) else " OR ").join(parts) + ")"  # type: ignore[arg-type]
    return None


def plan(nodes: list) -> tuple[list[str], list[str], Q | bool, list[str]]:
    """The conjunction of `nodes` split into what the index matches fastest (the Sudachi terms and
    facet keys every match must hold, and on SQLite any boolean combination of them as one full-text
    expression) and the rest as a condition; False when nothing can match."""
    terms: list[str] = []
    keys: list[str] = []
    expressions: list[str] = []
    rest: list = []
    pending = [n for n in nodes if n is not None]
    while pending:
        node = pending.pop(0)
        if isinstance(node, solr.And):
            pending[:0] = list(node.nodes)
        elif isinstance(node, solr.Text):
            terms += search.query_terms(node.text)
        elif isinstance(node, solr.Field) and node.name not in {"name", "id"}:
            key = _key(node)
            if key is None:
                return [], [], False, []
            keys.append(key)
        elif search.uses_match_expressions() and (expression := _match(node)) is not None:
            expressions.append(expression)
        else:
            rest.append(node)
    where = condition(solr.And(tuple(rest))) if rest else True
    return list(dict.fromkeys(terms)), list(dict.fromkeys(keys)), where, expressions


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
    """Published datasets matching `q` and `fq` (Solr syntax, `solr.py`) and the page's facet
    `filters`, through the search rows (`search.py`): count, one ordered page and the facet counts,
    each one SQL statement.

    `lean`: fetch only what the API answers with: the stored package dict as JSON text (`doc_text`)
    and the download count; any other field is read on first use.
    """
    order = sort_order(sort)
    nodes = [solr.parse(q), solr.parse(fq), *(solr.Field(name, value) for name, value in filters or [])]
    for name, _value in filters or []:
        if name not in FACET_FIELDS:
            raise SearchQueryError(f"undefined field {name}")
    terms, keys, where, expressions = plan(nodes)
    wanted = [name for name in dict.fromkeys(facet_fields) if name in FACET_FIELDS]
    if where is False:
        return SearchResult(count=0, datasets=[], facets={name: [] for name in wanted})
    found = search.find(
        terms,
        keys,
        expressions=expressions,
        where=None if where is True else where,
        order=order,
        start=start,
        rows=rows,
        facets=bool(wanted),
    )
    datasets = Dataset.objects.filter(pk__in=found.ids)
    if lean:  # the stored package dict as JSON text: the API splices it in undecoded
        datasets = datasets.only("id", "downloads").annotate(doc_text=Cast("search_doc", TextField()))
    else:
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
