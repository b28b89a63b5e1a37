"""The Wi-Fi and terminal finder (1-エ): every place in the city's published lists, ordered by
distance from the middle of the resident's 町 without asking for their location."""

import pytest

from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory
from madoguchi.opendata import demo, services
from madoguchi.opendata.models import DatastoreRow, Resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    MunicipalityFactory()
    for code in ("digital", "shimin", "bosai", "kyodo", "somu"):
        DepartmentFactory(code=code)
    demo.load(lambda line: None)


def _dataset_rows(standard):
    resource = Resource.objects.get(standard_type=standard, dataset__name__startswith="132144-public-")
    return list(DatastoreRow.objects.filter(resource=resource).values_list("data", flat=True))


def test_the_finder_lists_every_wifi_spot_and_terminal_in_the_catalog(client, catalog):
    wifi, terminals = _dataset_rows("07"), _dataset_rows("L01")
    page = client.get("/opendata/connect/?kind=wifi").content.decode()
    assert len(services.connection_spots(kind="wifi")) == len(wifi) > 5
    for row in wifi:
        assert row["名称"] in page
    every = services.connection_spots()
    assert len(every) == len(wifi) + len(terminals)
    geo = client.get("/opendata/connect/geo.json").json()
    assert len(geo["features"]) == len(every)
    assert {f["properties"]["_title"] for f in geo["features"]} >= {r["名称"] for r in terminals}


def test_near_me_orders_by_the_distance_from_the_towns_middle(client, catalog):
    centres = services.town_centres()
    assert "泉町" in centres and "東恋ケ窪" in centres
    page = client.get("/opendata/connect/").content.decode()
    assert (
        page.index('value="泉町"') < page.index('value="東恋ケ窪"') < page.index('value="本町"')
    )  # あいうえお順
    spots = services.connection_spots(town="東恋ケ窪")
    distances = [s.distance_m for s in spots]
    assert distances == sorted(distances) and distances[0] < 1500
    assert spots[0].town == "東恋ケ窪" or distances[0] < 500
    page = client.get("/opendata/connect/", {"town": "東恋ケ窪"}).content.decode()
    assert '<th scope="col">町の中心からの距離</th>' in page and f"{distances[0]} m" in page
    unknown = client.get("/opendata/connect/", {"town": "存在しない町"}).content.decode()
    assert (
        "その町名の場所は見つかりませんでした" in unknown
        and '<th scope="col">町の中心からの距離</th>' not in unknown
    )
