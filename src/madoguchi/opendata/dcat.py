"""DCAT (DCAT-AP v3 vocabulary) for the catalog and each dataset: Turtle, RDF/XML, JSON-LD.

Paged like ckanext-dcat: `?page=N`, with hydra:PagedCollection links to the other pages.
"""

from __future__ import annotations

from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from madoguchi.core.models import Municipality

from . import standards
from .models import FREQUENCY_URIS, LICENSE_URLS, Dataset

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
PAGE_SIZE = 100
FORMATS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld"}
CONTENT_TYPES = {
    "ttl": "text/turtle",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
MEDIA_TYPES = {
    "CSV": "text/csv",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "PDF": "application/pdf",
    "JSON": "application/json",
    "GEOJSON": "application/geo+json",
}


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("hydra", HYDRA),
        ("adms", ADMS),
    ):
        graph.bind(prefix, ns)
    return graph


def _dt(value):
    return Literal(value.isoformat(), datatype=XSD.dateTime)


def add_dataset(graph: Graph, dataset: Dataset, base: str) -> URIRef:
    node = URIRef(base + reverse("opendata:dataset", args=[dataset.name]))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(str(dataset.id))))
    graph.add((node, DCTERMS.title, Literal(dataset.title, lang="ja")))
    if dataset.title_en:
        graph.add((node, DCTERMS.title, Literal(dataset.title_en, lang="en")))
    if dataset.notes:
        graph.add((node, DCTERMS.description, Literal(dataset.notes, lang="ja")))
    if dataset.notes_en:
        graph.add((node, DCTERMS.description, Literal(dataset.notes_en, lang="en")))
    graph.add((node, DCAT.landingPage, node))
    graph.add((node, DCTERMS.issued, _dt(dataset.published_at or dataset.created_at)))
    graph.add((node, DCTERMS.modified, _dt(dataset.updated_at)))
    graph.add(
        (node, DCTERMS.language, URIRef("http://publications.europa.eu/resource/authority/language/JPN"))
    )
    for tag in dataset.tags.all():
        graph.add((node, DCAT.keyword, Literal(tag.name, lang="ja")))
    for group in dataset.groups.all():
        graph.add((node, DCAT.theme, URIRef(base + reverse("opendata:index") + f"?groups={group.name}")))
    publisher = URIRef(base + reverse("opendata:index") + f"?organization={dataset.organization.code}")
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(dataset.organization.name, lang="ja")))
    if dataset.organization.name_en:
        graph.add((publisher, FOAF.name, Literal(dataset.organization.name_en, lang="en")))
    contact = BNode()
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(dataset.contact_name or dataset.organization.name)))
    email = dataset.contact_email or dataset.organization.email
    if email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    if dataset.frequency in FREQUENCY_URIS:
        graph.add((node, DCTERMS.accrualPeriodicity, URIRef(FREQUENCY_URIS[dataset.frequency])))
    if dataset.spatial:
        place = BNode()
        graph.add((node, DCTERMS.spatial, place))
        graph.add((place, RDF.type, DCTERMS.Location))
        graph.add(
            (
                place,
                URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
                Literal(dataset.spatial, lang="ja"),
            )
        )
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        graph.add((node, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            graph.add(
                (period, DCAT.startDate, Literal(dataset.temporal_start.isoformat(), datatype=XSD.date))
            )
        if dataset.temporal_end:
            graph.add((period, DCAT.endDate, Literal(dataset.temporal_end.isoformat(), datatype=XSD.date)))
    standard = standards.get(dataset.standard_type)
    if standard:
        graph.add((node, DCTERMS.conformsTo, URIRef(base + reverse("opendata:schema", args=[standard.code]))))
    licence = URIRef(LICENSE_URLS.get(dataset.license_id, LICENSE_URLS["cc-by-4.0"]))
    for resource in dataset.resources.all():
        dist = URIRef(base + reverse("opendata:resource", args=[dataset.name, resource.id]))
        graph.add((node, DCAT.distribution, dist))
        graph.add((dist, RDF.type, DCAT.Distribution))
        graph.add((dist, DCTERMS.identifier, Literal(str(resource.id))))
        graph.add((dist, DCTERMS.title, Literal(resource.name, lang="ja")))
        if resource.description:
            graph.add((dist, DCTERMS.description, Literal(resource.description, lang="ja")))
        download = (
            base + reverse("opendata:download", args=[dataset.name, resource.id])
            if resource.file
            else resource.url
        )
        graph.add((dist, DCAT.accessURL, URIRef(download)))
        if resource.file:
            graph.add((dist, DCAT.downloadURL, URIRef(download)))
        if resource.format:
            graph.add((dist, DCTERMS["format"], Literal(resource.format)))
        if resource.format.upper() in MEDIA_TYPES:
            graph.add(
                (
                    dist,
                    DCAT.mediaType,
                    URIRef(
                        f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[resource.format.upper()]}"
                    ),
                )
            )
        if resource.size:
            graph.add((dist, DCAT.byteSize, Literal(resource.size, datatype=XSD.nonNegativeInteger)))
        graph.add((dist, DCTERMS.license, licence))
        graph.add((dist, DCTERMS.modified, _dt(resource.last_modified)))
        if resource.standard_type and standards.get(resource.standard_type):
            graph.add(
                (
                    dist,
                    DCTERMS.conformsTo,
                    URIRef(base + reverse("opendata:schema", args=[resource.standard_type])),
                )
            )
    return node


def catalog_graph(base: str, *, page: int = 1, page_size: int = PAGE_SIZE) -> Graph:
    graph = new_graph()
    city = Municipality.current()
    catalog = URIRef(base + reverse("opendata:index"))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add(
        (catalog, DCTERMS.title, Literal(f"{city.name if city else ''}オープンデータカタログ", lang="ja"))
    )
    if city and city.name_en:
        graph.add((catalog, DCTERMS.title, Literal(f"{city.name_en} Open Data Catalog", lang="en")))
    graph.add(
        (catalog, DCTERMS.description, Literal("Madoguchi open data catalog (CKAN API, DCAT)", lang="en"))
    )
    graph.add((catalog, FOAF.homepage, catalog))
    graph.add(
        (catalog, DCTERMS.language, URIRef("http://publications.europa.eu/resource/authority/language/JPN"))
    )
    qs = (
        Dataset.objects.filter(state=Dataset.State.PUBLISHED)
        .select_related("organization")
        .prefetch_related("tags", "groups", "resources")
        .order_by("-updated_at", "name")
    )
    total = qs.count()
    if total:
        latest = qs.first()
        graph.add((catalog, DCTERMS.modified, _dt(latest.updated_at)))
    for dataset in qs[(page - 1) * page_size : page * page_size]:
        graph.add((catalog, DCAT.dataset, add_dataset(graph, dataset, base)))
    last = max(1, -(-total // page_size))
    if last > 1:
        url = base + "/catalog.ttl"
        paging = URIRef(f"{url}?page={page}")
        graph.add((paging, RDF.type, HYDRA.PagedCollection))
        graph.add((paging, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
        graph.add((paging, HYDRA.itemsPerPage, Literal(page_size, datatype=XSD.integer)))
        graph.add((paging, HYDRA.firstPage, Literal(f"{url}?page=1")))
        graph.add((paging, HYDRA.lastPage, Literal(f"{url}?page={last}")))
        if page < last:
            graph.add((paging, HYDRA.nextPage, Literal(f"{url}?page={page + 1}")))
        if page > 1:
            graph.add((paging, HYDRA.previousPage, Literal(f"{url}?page={page - 1}")))
    return graph


def serialize(graph: Graph, fmt: str) -> str:
    if FORMATS[fmt] == "json-ld":
        return graph.serialize(format="json-ld", indent=1, auto_compact=True)
    return graph.serialize(format=FORMATS[fmt])
