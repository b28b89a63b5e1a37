"""DCAT: /catalog.ttl, .rdf and .jsonld parse with rdflib and describe every published dataset."""

import pytest
from rdflib import Graph
from rdflib import namespace as ns

pytestmark = pytest.mark.django_db


def _datasets(graph):
    return set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))


def test_catalog_in_three_serialisations_holds_the_demo_datasets(client, demo_catalog, monkeypatch):
    response = client.get("/catalog.ttl")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.content.decode(), format="turtle")
    datasets = _datasets(graph)
    assert len(datasets) >= 20
    evacuation = next(d for d in datasets if str(d).endswith("/opendata/dataset/132144-evacuation-space/"))
    assert "指定緊急避難場所一覧" in {str(t) for t in graph.objects(evacuation, ns.DCTERMS.title)}
    distribution = graph.value(evacuation, ns.DCAT.distribution)
    assert str(graph.value(distribution, ns.DCTERMS["format"])) == "CSV"
    assert graph.value(distribution, ns.DCAT.downloadURL) is not None
    assert str(graph.value(evacuation, ns.DCTERMS.conformsTo)).endswith("/opendata/schemas/03.json")

    for path, fmt in (("/catalog.rdf", "xml"), ("/catalog.jsonld", "json-ld")):
        assert len(_datasets(Graph().parse(data=client.get(path).content.decode(), format=fmt))) == len(
            datasets
        )

    one = Graph().parse(
        data=client.get("/opendata/dataset/132144-public-wireless-lan.ttl").content.decode(), format="turtle"
    )
    assert len(_datasets(one)) == 1

    # paged like ckanext-dcat
    from madoguchi.opendata import dcat

    original = dcat.catalog_graph
    monkeypatch.setattr(dcat, "catalog_graph", lambda base, page=1: original(base, page=page, page_size=10))
    text = client.get("/catalog.ttl?page=2").content.decode()
    assert len(_datasets(Graph().parse(data=text, format="turtle"))) == 10
    assert "hydra:nextPage" in text and "hydra:previousPage" in text


def test_every_demo_page_renders(client, demo_catalog):
    """One demo load for every public page of the demo catalog (the DCAT test has its own)."""
    from madoguchi.opendata.models import Dataset

    datasets = Dataset.objects.filter(state=Dataset.State.PUBLISHED)
    assert datasets.count() >= 20
    assert {"07", "L01", "03", "04", "05", "08", "12", "13", "24", "01"} <= set(
        datasets.values_list("standard_type", flat=True)
    )
    for dataset in datasets:
        html = client.get(f"/opendata/dataset/{dataset.name}/").content.decode()
        assert dataset.title in html
        for resource in dataset.resources.all():
            assert client.get(f"/opendata/dataset/{dataset.name}/resource/{resource.id}/").status_code == 200
    wifi = client.get("/opendata/dataset/132144-public-wireless-lan/geo.json").json()
    terminals = client.get("/opendata/dataset/132144-public-internet-terminal/geo.json").json()
    assert len(wifi["features"]) >= 10 and len(terminals["features"]) >= 5
    assert all(validated for validated in datasets.filter(standard_type="07").values_list("stars", flat=True))
    assert client.get("/opendata/", {"q": "Wi-Fi"}).content.decode().count("公衆無線LAN") >= 1
