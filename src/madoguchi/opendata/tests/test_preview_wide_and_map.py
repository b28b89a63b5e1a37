"""The resource preview (issue 29 item 10): a wide table scrolls sideways in a focusable region
with the place's name as its sticky first column, the reader may choose columns, and a dataset
with coordinates lists its places beside the map."""

import re

import pytest
from django.urls import reverse

from madoguchi.opendata import services

from .conftest import evacuation_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelters(city, bosai, bosai_staff):
    dataset = services.create_dataset(
        by=bosai_staff, organization=bosai, title="指定緊急避難場所一覧", standard_type="03", tags=["避難"]
    )
    resource = services.add_resource(
        dataset,
        by=bosai_staff,
        name="避難場所",
        content=evacuation_csv(
            [
                {"名称": "第一小学校", "所在地_連結表記": "東京都国分寺市本町二丁目1番24号"},
                {"名称": "武蔵国分寺公園", "所在地_連結表記": "東京都国分寺市泉町二丁目"},
            ]
        ),
        filename="132144_evacuation_space.csv",
    )
    services.submit_for_review(dataset, by=bosai_staff)
    services.publish(dataset, by=bosai_staff)
    return dataset, resource


def _page(client, shelters, **query):
    dataset, resource = shelters
    url = reverse("opendata:resource", args=[dataset.name, resource.id])
    return client.get(url, query).content.decode()


def test_wide_table_scrolls_in_a_focusable_region_with_the_name_first(client, shelters):
    html = _page(client, shelters)
    region = re.search(r'<div class="table-wrap od-preview" role="region"[^>]*>', html)
    assert region and 'tabindex="0"' in region.group(0) and "aria-label=" in region.group(0)
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert headers[0] == "名称" and "全国地方公共団体コード" in headers  # every column, the name first
    assert '<th scope="row">第一小学校</th>' in html  # each row is named by its first cell


def test_the_reader_chooses_columns(client, shelters):
    html = _page(client, shelters, col=["所在地_連結表記", "名称", "no-such-column"])
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert headers == ["名称", "所在地_連結表記"]
    assert '<th scope="row">第一小学校</th><td>東京都国分寺市本町二丁目1番24号</td>' in html
    assert 'value="名称" id="col-4" checked' in html  # the choice is kept in the form
    assert "すべての列を表示する" in html


def test_only_unknown_columns_mean_all_columns(client, shelters):
    headers = re.findall(r'<th scope="col">([^<]*)</th>', _page(client, shelters, col="x"))
    assert len(headers) > 20


def test_places_are_listed_beside_the_map(client, shelters):
    html = _page(client, shelters)
    layout = html[html.index('<div class="od-map-layout">') :]
    assert 'id="dataset-map"' in layout.split('<section class="od-places"')[0]
    places = re.search(r'<section class="od-places".*?</section>', layout, re.S).group(0)
    assert "一覧（2か所）" in places
    assert places.index("第一小学校") < places.index("武蔵国分寺公園")
    assert "東京都国分寺市泉町二丁目" in places
    assert 'role="region"' in places and 'tabindex="0"' in places


def test_a_table_without_coordinates_has_no_map_or_list(client, city, bosai, bosai_staff):
    dataset = services.create_dataset(by=bosai_staff, organization=bosai, title="人口", tags=["人口"])
    resource = services.add_resource(
        dataset, by=bosai_staff, name="人口", content="町名,人口\n本町,1000\n".encode(), filename="p.csv"
    )
    services.submit_for_review(dataset, by=bosai_staff)
    services.publish(dataset, by=bosai_staff)
    html = _page(client, (dataset, resource))
    assert "od-map-layout" not in html and "od-places" not in html
    assert '<th scope="row">本町</th>' in html


def test_the_preview_controls_in_english(client, shelters):
    client.cookies["madoguchi_language"] = "en"
    html = _page(client, shelters)
    assert "Places (2)" in html and "Choose the columns to show" in html
    assert "表示する列を選ぶ" not in html
