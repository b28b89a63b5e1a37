"""Japanese search for the catalog: SudachiPy tokens in one search row per published dataset.

Both the indexed text and the query go through the same tokeniser, so 「避難所」 (避難 + 所, the
suffix 所 dropped) finds 「指定緊急避難場所一覧」 (指定 緊急 避難 場所 一覧). Terms are NFKC-folded and
lower-cased; index terms come from the fine (A) and the coarse (C) split, surface and
normalised form, so 「アクセス」 and 「アクセスポイント」 both match.

The index is `SearchEntry`: one row per *published* dataset with its terms, its facet keys
(`res_format:CSV`, `tags:<tag id>` …) and its sort keys, written by `reindex` whenever a service
changes the dataset. A query is one SQL condition over that row: an FTS5 `MATCH` on SQLite, a GIN
array containment (`@>`) on PostgreSQL (both created by migration 0004). Counting, ordering,
paging and facet counts are then plain SQL over the matching rows; nothing walks rows in Python.

On PostgreSQL facet keys are matched against the row's `SearchFacetSet` (the distinct sets of facet
keys, migration 0009), not against each row's array: `@>` on every row of a large catalog cost
more than the rest of a search (ADR 0006), while the sets are few and the rows are then taken by
`facet_set_id` from a narrow index. Facets are counted per set as well. Results are the same: a
row's set holds exactly the row's keys.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from django.db import connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from madoguchi.core.japanese import sudachi

from . import standards
from .models import Dataset, SearchEntry, SearchFacetSet

SKIP_POS = {"助詞", "助動詞", "補助記号", "空白", "接尾辞", "記号"}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def _tokens(text: str, *, modes) -> list[str]:
    text = fold(text)[:5000]
    if not text:
        return []
    terms: list[str] = []
    tokenizer = sudachi.tokenizer()
    for mode in modes:
        for morpheme in tokenizer.tokenize(text, mode):
            if morpheme.part_of_speech()[0] in SKIP_POS:
                continue
            for form in (morpheme.surface(), morpheme.normalized_form()):
                form = fold(form)
                if form and form.strip() and len(form) <= 60:
                    terms.append(form)
    return list(dict.fromkeys(terms))


@functools.lru_cache(maxsize=4096)
def _text_terms(text: str) -> frozenset[str]:
    """Index terms of one text (department names, group titles and standard keywords repeat)."""
    from sudachipy import SplitMode

    return frozenset(_tokens(text, modes=(SplitMode.A, SplitMode.C)))


def index_terms(*texts: str) -> set[str]:
    terms: set[str] = set()
    for text in texts:
        terms.update(_text_terms(text or ""))
    return terms


def query_terms(query: str) -> list[str]:
    """The terms every match must contain (AND). Fine split, so compounds match their parts."""
    from sudachipy import SplitMode

    result: list[str] = []
    for word in fold(query).split():
        terms = []
        for morpheme in sudachi.tokenizer().tokenize(word, SplitMode.A):
            if morpheme.part_of_speech()[0] in SKIP_POS:
                continue
            terms.append(fold(morpheme.normalized_form()))
        result.extend(terms or ([word] if word.strip() else []))
    return list(dict.fromkeys(result))


def dataset_texts(dataset) -> list[str]:
    texts = [dataset.title, dataset.title_en, dataset.notes, dataset.notes_en, dataset.name.replace("-", " ")]
    texts += [tag.name for tag in dataset.tags.all()]
    texts += [f"{g.title} {g.title_en}" for g in dataset.groups.all()]
    texts += [dataset.organization.name, dataset.organization.name_en]
    texts += [f"{r.name} {r.format}" for r in dataset.resources.all()]
    standard = standards.get(dataset.standard_type)
    if standard:
        texts += [str(standard.title), " ".join(standard.keywords)]
    return texts


# --- tokens as stored ---------------------------------------------------------------------------
# A stored token never holds a space (the separator), a quote or a backslash (FTS5 strings, and
# SQLite's json_each split in `_facet_counts`), `%` (the escape itself) or an upper-case ASCII
# letter (FTS5 would fold it, PostgreSQL would not): those are %-escaped as UTF-8 bytes, so
# `unquote` gives the value back. SQLite's FTS5 table uses the `ascii` tokenizer with every other
# ASCII symbol as a token character, so each stored token is exactly one FTS5 token and matching
# is exact on both databases.

_ESCAPE_RE = re.compile(r"[\sA-Z%\"'\\\x00-\x1f\x7f]")


def token(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: "".join(f"%{b:02x}" for b in m.group().encode()), text)


def facet_key(name: str, value) -> str:
    return token(f"{name}:{value}")


def split_key(key: str) -> tuple[str, str]:
    name, _sep, value = unquote(key).partition(":")
    return name, value


EXTRAS_MAX = 100  # longer extras values (a description) are not filter values


def extras(dataset) -> dict[str, str]:
    """The extras a package dict lists (dictize.package_dict), as `extras_<key>` filters see them."""
    values = {
        "standard_type": dataset.standard_type,
        "frequency": dataset.frequency,
        "spatial_text": dataset.spatial,
        "temporal_start": dataset.temporal_start.isoformat() if dataset.temporal_start else "",
        "temporal_end": dataset.temporal_end.isoformat() if dataset.temporal_end else "",
        "five_stars": str(dataset.stars),
    }
    return {key: value for key, value in values.items() if value and value != "0"}


def entry_fields(dataset) -> dict:
    """The search row of a dataset (related objects through `.all()`, so prefetching works).

    Besides each facet value, `facets` holds `has:<field>` for every field the dataset has a
    value in, so `field:*` is one key like any other."""
    groups, tags = list(dataset.groups.all()), list(dataset.tags.all())
    resources = list(dataset.resources.all())
    keys = [facet_key("organization", dataset.organization_id), facet_key("license_id", dataset.license_id)]
    if dataset.standard_type:
        keys.append(facet_key("standard_type", dataset.standard_type))
    keys += [facet_key("groups", group.pk) for group in groups]
    keys += [facet_key("tags", tag.pk) for tag in tags]
    keys += [facet_key("res_format", r.format) for r in resources if r.format]
    for key, value in extras(dataset).items():
        if len(value) <= EXTRAS_MAX:
            keys.append(facet_key(f"extras_{key}", value))
        keys.append(facet_key("has", f"extras_{key}"))
    keys += [facet_key("has", name) for name in {split_key(k)[0] for k in keys if not k.startswith("has:")}]
    return {
        # sorted, so datasets with the same facet values have the same `facets` string
        "facets": " ".join(sorted(set(keys))),
        "terms": " ".join(sorted({token(term) for term in index_terms(*dataset_texts(dataset))})),
        "name": dataset.name,
        "title": dataset.title,
        "created_at": dataset.created_at,
        "updated_at": dataset.updated_at,
        "downloads": dataset.downloads,
        "num_resources": len(resources),
        "num_tags": len(tags),
    }


def facet_sets(facets: list[str]) -> dict[str, int]:
    """{facets string: SearchFacetSet id}, creating the sets not yet stored (rows with the same
    facet keys share one set; see SearchFacetSet)."""
    digests = {hashlib.sha256(value.encode()).hexdigest(): value for value in dict.fromkeys(facets)}
    known = dict(SearchFacetSet.objects.filter(digest__in=digests).values_list("digest", "id"))
    missing = [SearchFacetSet(digest=d, facets=v) for d, v in digests.items() if d not in known]
    if missing:  # another writer may store the same set meanwhile: keep theirs
        SearchFacetSet.objects.bulk_create(missing, ignore_conflicts=True)
        known = dict(SearchFacetSet.objects.filter(digest__in=digests).values_list("digest", "id"))
    return {value: known[digest] for digest, value in digests.items()}


def reindex(dataset) -> None:
    """Bring the dataset's search row in line with it: written while published, removed otherwise."""
    if dataset.state != Dataset.State.PUBLISHED:
        SearchEntry.objects.filter(dataset_id=dataset.pk).delete()
        return
    getattr(dataset, "_prefetched_objects_cache", {}).clear()  # labels or resources just changed
    fields = entry_fields(dataset)
    with transaction.atomic():
        fields["facet_set_id"] = facet_sets([fields["facets"]])[fields["facets"]]
        SearchEntry.objects.update_or_create(dataset_id=dataset.pk, defaults=fields)


def rebuild(*, chunk: int = 1000) -> int:
    """Rewrite every search row from the datasets (after a bulk import). Returns rows written."""
    published = Dataset.objects.filter(state=Dataset.State.PUBLISHED)
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    written = 0
    with transaction.atomic():
        SearchEntry.objects.exclude(dataset__in=published).delete()
        for offset in range(0, len(ids), chunk):
            part = ids[offset : offset + chunk]
            datasets = (
                Dataset.objects.filter(pk__in=part)
                .select_related("organization")
                .prefetch_related("tags", "groups", "resources")
            )
            SearchEntry.objects.filter(dataset_id__in=part).delete()
            entries = [SearchEntry(dataset=d, **entry_fields(d)) for d in datasets]
            sets = facet_sets([entry.facets for entry in entries])
            for entry in entries:
                entry.facet_set_id = sets[entry.facets]
            written += len(SearchEntry.objects.bulk_create(entries, batch_size=500))
        SearchFacetSet.objects.exclude(pk__in=SearchEntry.objects.values("facet_set_id")).delete()
    return written


# --- querying the index -------------------------------------------------------------------------
# SQLite's planner knows nothing of how many rows an FTS5 MATCH returns, so `find` counts them
# first (cheap: the doclists only) and picks the plan itself. A MATCH that keeps most of the
# catalog is probed row by row while walking the sort index (`EXISTS`, stops after one page);
# a narrower one is read as a list of rowids (`IN`). PostgreSQL has statistics on the `text[]`
# columns and plans both cases itself.

# sort orders that an index of SearchEntry serves in exactly these directions: only these may be
# walked in order while probing the MATCH (any other order would probe every row before sorting)
INDEXED_ORDERS = {
    ("-updated_at", "-name"),
    ("updated_at", "name"),
    ("-created_at", "name"),
    ("title", "name"),
    ("-downloads", "name"),
    ("name",),
    ("-name",),
    ("created_at", "name"),
    ("dataset_id",),
    ("-num_resources", "name"),
}
PROBE_COST = 30  # one EXISTS probe of FTS5 costs about as much as 30 rowids read into an IN list
MATCH_COUNT = "SELECT COUNT(*) FROM opendata_searchentry_fts WHERE opendata_searchentry_fts MATCH %s"
ROWS_BOUND = 'SELECT MAX("id") FROM "opendata_searchentry"'  # distinct ids from 1: >= the row count
IN_MATCH = (
    '"opendata_searchentry"."id" IN '
    "(SELECT rowid FROM opendata_searchentry_fts WHERE opendata_searchentry_fts MATCH %s)"
)
EXISTS_MATCH = (
    "EXISTS (SELECT 1 FROM opendata_searchentry_fts WHERE opendata_searchentry_fts MATCH %s"
    ' AND rowid = "opendata_searchentry"."id")'
)
# the facets of the matching rows: over a quarter of the catalog, read the facets index in order
# (no sort); fewer rows, fetch each by rowid
FACETS_WIDE = (
    'SELECT "facets" FROM "opendata_searchentry" INDEXED BY opendata_search_facets WHERE "id" IN '
    "(SELECT rowid FROM opendata_searchentry_fts WHERE opendata_searchentry_fts MATCH %s)"
)
FACETS_NARROW = (
    'SELECT "facets" FROM "opendata_searchentry" NOT INDEXED WHERE "id" IN '
    "(SELECT rowid FROM opendata_searchentry_fts WHERE opendata_searchentry_fts MATCH %s)"
)
# {inner} selects the matching rows' `facets` (SQLite) or `facet_set_id` (PostgreSQL); rows with the
# same facet values are counted together first, then split into their keys (PostgreSQL: the set's
# text[]; SQLite: a JSON array of the string)
FACET_COUNTS = {
    "postgresql": "SELECT k.key, SUM(c.n) FROM (SELECT s.facet_set_id, COUNT(*) AS n FROM ({inner}) s"
    " GROUP BY s.facet_set_id) c JOIN opendata_searchfacetset f ON f.id = c.facet_set_id"
    " CROSS JOIN unnest(f.facets) AS k(key) GROUP BY k.key",
    "sqlite": "SELECT k.value, SUM(m.n) FROM (SELECT s.facets, COUNT(*) AS n FROM ({inner}) s"
    " GROUP BY s.facets) m CROSS JOIN json_each('[\"' || replace(m.facets, ' ', '\",\"') || '\"]') AS k"
    " GROUP BY k.value",
}


@dataclass
class Found:
    count: int
    ids: list  # dataset ids of the requested page, in order
    facets: dict[str, dict[str, int]]  # {facet name: {value: datasets}}


def _fts_query(terms: list[str], keys: list[str], expressions: list[str] = ()) -> str:
    parts = [f'terms : "{token(term)}"' for term in terms] + [f'facets : "{key}"' for key in keys]
    return " AND ".join([*parts, *expressions])


def match_expression(terms: list[str], keys: list[str]) -> str:
    """The FTS5 expression for rows holding all these terms and keys (`queries._match` combines
    them with OR and NOT)."""
    return "(" + _fts_query(terms, keys) + ")"


# every search row holds this key (each dataset has an organization): the left side of a NOT
EVERY_ROW = facet_key("has", "organization")


def uses_match_expressions() -> bool:
    """Boolean combinations of terms and keys become one FTS5 expression on SQLite; PostgreSQL
    combines its GIN conditions itself."""
    return connection.vendor == "sqlite"


def _condition(sql: str, params: list) -> RawSQL:
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 (constant SQL, values as params)


def terms_condition(terms: list[str]) -> Q:
    """Search rows holding every one of these Sudachi terms (one leaf of a boolean query)."""
    if connection.vendor == "postgresql":
        return Q(_condition('"opendata_searchentry"."terms" @> %s::text[]', [[token(t) for t in terms]]))
    return Q(_condition(IN_MATCH, [_fts_query(terms, [])]))


# PostgreSQL: the facet sets holding the keys (a few rows, GIN-indexed), then the search rows by set
IN_FACET_SETS = (
    '"opendata_searchentry"."facet_set_id" IN '
    '(SELECT "id" FROM "opendata_searchfacetset" WHERE "facets" @> %s::text[])'
)


def keys_condition(keys: list[str]) -> Q:
    """Search rows holding every one of these facet keys."""
    if connection.vendor == "postgresql":
        return Q(_condition(IN_FACET_SETS, [keys]))
    return Q(_condition(IN_MATCH, [_fts_query([], keys)]))


def find(
    terms: list[str],
    keys: list[str],
    *,
    where: Q | None = None,
    order: list[str],
    start: int = 0,
    rows: int = 10,
    facets: bool = False,
    expressions: list[str] = (),
) -> Found:
    """Search rows holding every query term and facet key (and matching `where`: names, date
    ranges, boolean combinations): their number, one page of dataset ids in `order` (SearchEntry
    fields) and the facet counts."""
    entries = SearchEntry.objects.filter(where) if where is not None else SearchEntry.objects.all()
    query = _fts_query(terms, keys, expressions)  # expressions: SQLite only (queries.plan)
    if connection.vendor == "postgresql":
        if terms:
            tokens = [token(term) for term in terms]
            entries = entries.filter(_condition('"opendata_searchentry"."terms" @> %s::text[]', [tokens]))
        if keys:
            entries = entries.filter(_condition(IN_FACET_SETS, [keys]))
    elif query and where is not None:  # the other conditions narrow it: match as a list of rowids
        entries = entries.filter(_condition(IN_MATCH, [query]))
    if connection.vendor == "postgresql" or where is not None or not query:
        column = "facet_set_id" if connection.vendor == "postgresql" else "facets"
        counts = _facet_counts(*entries.order_by().values(column).query.sql_with_params()) if facets else {}
        count = sum(counts.get("organization", {}).values()) if facets else entries.count()
        return Found(count, _page(entries, count, order, start, rows), counts)

    with connection.cursor() as cursor:
        cursor.execute(MATCH_COUNT, [query])
        count = cursor.fetchone()[0]
        cursor.execute(ROWS_BOUND)
        size = cursor.fetchone()[0] or 0
    if not count:
        return Found(0, [], {})
    # most rows match and an index gives the order: walk it, probing each row, until the page is full
    probe = tuple(order) in INDEXED_ORDERS and (start + rows) * size * PROBE_COST < count * count
    ids = _page(
        entries.filter(_condition(EXISTS_MATCH if probe else IN_MATCH, [query])), count, order, start, rows
    )
    counts = _facet_counts(FACETS_WIDE if count * 4 >= size else FACETS_NARROW, [query]) if facets else {}
    return Found(count, ids, counts)


def _page(entries, count: int, order: list[str], start: int, rows: int) -> list:
    if count <= start or not rows:
        return []
    return list(entries.order_by(*order).values_list("dataset_id", flat=True)[start : start + rows])


def _facet_counts(inner: str, params) -> dict[str, dict[str, int]]:
    """{facet name: {value: datasets}} over the search rows whose `facets` `inner` selects."""
    sql = FACET_COUNTS[connection.vendor].format(inner=inner)  # inner: SQL from the ORM or above
    result: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for stored, n in cursor.fetchall():
            name, value = split_key(stored)
            result.setdefault(name, {})[value] = int(n)
    return result
