"""The map in a real browser: Leaflet (vendored), our static map.js, points from geo.json."""

import pytest

from madoguchi.opendata import services

from .conftest import evacuation_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_wifi_map_shows_every_spot(page, city, bosai):
    dataset = services.create_dataset(
        by=None, organization=bosai, title="指定緊急避難場所一覧", standard_type="03", name="evac"
    )
    services.add_resource(
        dataset,
        by=None,
        name="CSV",
        content=evacuation_csv([{}, {"緯度": "35.705"}, {"経度": "139.47"}]),
        filename="e.csv",
    )
    services.publish(dataset, by=None)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/opendata/dataset/evac/")
    map_region = page.get_by_role("region", name="地図")
    map_region.wait_for()
    page.wait_for_selector("#dataset-map[data-points='3']")
    assert page.locator(".leaflet-interactive").count() == 3
    assert errors == []
