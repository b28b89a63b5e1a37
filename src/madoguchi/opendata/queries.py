"""Reading the catalog: package_search (query, filters, facets, paging, sort) and the datastore."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, Value
from django.db.models.functions import Concat

from . import search, standards
from .models import Dataset, DatastoreRow, Group, Resource, SearchTerm, Tag

FACET_FIELDS = ["organization", "groups", "tags", "res_format", "license_id", "standard_type"]
FILTER_LOOKUPS = {
    "organization": "organization__code",
    "owner_org": "organization__code",
    "groups": "groups__name",
    "tags": "tags__name",
    "res_format": "resources__format__iexact",
    "license_id": "license_id",
    "standard_type": "standard_type",
    "name": "name",
    "id": "id",
}
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
        if name not in FILTER_LOOKUPS and name not in {"text", "title"}:
            raise SearchQueryError(f"unknown field {name!r}")
        value = quoted if quoted is not None else raw
        if name in {"text", "title"}:
            return f" {value} "
        filters.append((name, value))
        return " "

    rest = FIELD_QUERY_RE.sub(take, text or "")
    rest = rest.replace("*:*", " ").replace(" AND ", " ")
    return rest.strip(), filters


ID_LIST_LIMIT = 2000


def _match_terms(qs, terms: list[str], *, public: bool):
    """Datasets holding every term. The matching ids are intersected from the covering index on
    (term, dataset) first, so the database looks up a short list of keys instead of checking
    every dataset against each term (the plan SQLite picks for `IN (subquery)`)."""
    if not terms:
        return qs
    counts = dict(
        SearchTerm.objects.filter(term__in=terms)
        .values("term")
        .annotate(n=Count("pk"))
        .values_list("term", "n")
    )
    if len(counts) < len(terms):
        return qs.none()  # a term nobody holds
    terms = sorted(terms, key=counts.get)  # rarest first; the others only narrow that short list
    ids: set | None = None
    for term in terms:
        rows = SearchTerm.objects.filter(term=term)
        if ids is not None:
            if len(ids) > ID_LIST_LIMIT:
                break
            rows = rows.filter(dataset_id__in=list(ids))
        ids = set(rows.values_list("dataset_id", flat=True))
        if not ids:
            return qs.none()
    if len(ids) <= ID_LIST_LIMIT:
        if public:
            # `state || ''` hides the state column from the planner, so it looks the few ids up
            # by key instead of walking every published dataset through the state index.
            return (
                Dataset.objects.filter(pk__in=list(ids))
                .alias(_state_text=Concat("state", Value("")))
                .filter(_state_text=Dataset.State.PUBLISHED)
            )
        return qs.filter(pk__in=list(ids))
    for term in terms:  # a very common word: let the database do it
        qs = qs.filter(pk__in=SearchTerm.objects.filter(term=term).values("dataset_id"))
    return qs


def _filter(qs, name: str, value: str):
    """To-many filters as indexed subqueries, so no DISTINCT over the whole catalog is needed."""
    if name == "res_format":
        return qs.filter(pk__in=Resource.objects.filter(format=value.upper()).values("dataset_id"))
    if name == "tags":
        return qs.filter(pk__in=Dataset.tags.through.objects.filter(tag__name=value).values("dataset_id"))
    if name == "groups":
        return qs.filter(pk__in=Dataset.groups.through.objects.filter(group__name=value).values("dataset_id"))
    return qs.filter(**{FILTER_LOOKUPS[name]: value})


@dataclass
class SearchResult:
    count: int
    datasets: list
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


def visible_datasets(user=None):
    qs = Dataset.objects.filter(state=Dataset.State.PUBLISHED)
    if user is not None and getattr(user, "is_staff", False):
        from .services import editable_organizations

        qs = Dataset.objects.filter(
            Q(state=Dataset.State.PUBLISHED)
            | Q(
                organization__in=editable_organizations(user),
                state__in=[Dataset.State.DRAFT, Dataset.State.REVIEW],
            )
        )
    return qs


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
    base=None,
    lean: bool = False,
) -> SearchResult:
    """`lean`: fetch only the dataset rows (the API answers from their stored package dicts)."""
    q, q_filters = parse_filters(q)
    _rest, fq_filters = parse_filters(fq)
    qs = _match_terms(
        base if base is not None else visible_datasets(), search.query_terms(q), public=base is None
    )
    for name, value in [*q_filters, *fq_filters, *(filters or [])]:
        qs = _filter(qs, name, value)
    order = SORTS.get((sort or "").strip().lower(), ["-updated_at", "-name"])
    count = qs.count()
    page = (
        list(qs.order_by(*order)[start : start + rows])
        if lean
        else list(
            qs.order_by(*order)
            .select_related("organization")
            .prefetch_related("tags", "groups", "resources")[start : start + rows]
        )
    )
    facets = {name: facet_counts(qs, name, facet_limit) for name in facet_fields if name in FACET_FIELDS}
    return SearchResult(count=count, datasets=page, facets=facets)


def facet_counts(qs, name: str, limit: int = 50) -> list[tuple[str, str, int]]:
    """(value, display name, count) for one facet over the matching datasets."""
    ids = qs.order_by().values("pk")
    if name == "organization":
        from madoguchi.core.models import Department

        rows = (
            Department.objects.filter(datasets__in=ids)
            .annotate(n=Count("datasets", distinct=True))
            .order_by("-n", "code")
        )
        return [(d.code, d.localized_name(), d.n) for d in rows[:limit]]
    if name == "groups":
        rows = (
            Group.objects.filter(datasets__in=ids)
            .annotate(n=Count("datasets", distinct=True))
            .order_by("-n", "name")
        )
        return [(g.name, g.localized_title(), g.n) for g in rows[:limit]]
    if name == "tags":
        rows = (
            Tag.objects.filter(datasets__in=ids)
            .annotate(n=Count("datasets", distinct=True))
            .order_by("-n", "name")
        )
        return [(t.name, t.name, t.n) for t in rows[:limit]]
    if name == "res_format":
        rows = (
            Resource.objects.filter(dataset__in=ids)
            .exclude(format="")
            .values("format")
            .annotate(n=Count("dataset", distinct=True))
            .order_by("-n", "format")
        )
        return [(r["format"], r["format"], r["n"]) for r in rows[:limit]]
    if name == "license_id":
        from .models import License

        rows = qs.order_by().values("license_id").annotate(n=Count("pk")).order_by("-n")
        labels = dict(License.choices)
        return [
            (r["license_id"], str(labels.get(r["license_id"], r["license_id"])), r["n"]) for r in rows[:limit]
        ]
    if name == "standard_type":
        rows = (
            qs.order_by()
            .exclude(standard_type="")
            .values("standard_type")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        out = []
        for r in rows[:limit]:
            out.append(
                (r["standard_type"], f"{r['standard_type']} {standards.title(r['standard_type'])}", r["n"])
            )
        return out
    return []


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
            from django.db.models.fields.json import KeyTransform

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
