"""Published datasets in the site search (core.search).

Titles and tags are ranked with the site search's reading-aware matching (ひなんじょ finds
避難所); the catalog's own index (search.py: descriptions, resources, organisations) adds the
datasets it finds for the same words, ranked below a title match."""

from urllib.parse import urlencode

from django.urls import reverse

from madoguchi.core.search import HEADINGS, Found, Query, SearchHit, SearchSource, ranked

from . import queries
from .models import Dataset

CATALOG_MATCH = 0.5  # the score of a dataset the catalog's index finds and no title or tag matched


def _catalog_ids(text: str) -> set:
    try:
        result = queries.search_datasets(text, rows=500, lean=True)
    except queries.SearchQueryError:  # words the catalog's Solr syntax cannot read
        return set()
    return {dataset.pk for dataset in result.datasets}


def find(query: Query, limit: int) -> Found:
    datasets = list(
        Dataset.objects.filter(state=Dataset.State.PUBLISHED)
        .select_related("organization")
        .prefetch_related("tags")
        .order_by("-updated_at", "name")
    )
    in_catalog = _catalog_ids(query.text)

    def fields(dataset) -> tuple:
        tags = " ".join(tag.name for tag in dataset.tags.all())
        return ((dataset.title, 3), (dataset.title_en, 3), (tags, 2), (dataset.notes[:300], 1))

    def score(dataset) -> float:
        found = query.score(*fields(dataset))
        return found or (CATALOG_MATCH if dataset.pk in in_catalog else 0.0)

    def hit(dataset, score: float) -> SearchHit:
        return SearchHit(
            title=dataset.localized_title(),
            url=reverse("opendata:dataset", args=[dataset.name]),
            summary=dataset.localized_notes(),
            label=dataset.organization.localized_name(),
            score=score,
        )

    return ranked(datasets, score, hit, limit)


def more_url(text: str) -> str:
    return reverse("opendata:index") + "?" + urlencode({"q": text})


SOURCE = SearchSource(code="datasets", title=HEADINGS["datasets"], find=find, more_url=more_url, order=40)
