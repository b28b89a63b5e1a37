"""Draft → review → published; a standard dataset with errors is refused, every error listed."""

import pytest
from django.core.exceptions import PermissionDenied

from madoguchi.core.events import events_for
from madoguchi.identity.testing import login_staff
from madoguchi.opendata import services
from madoguchi.opendata.models import Dataset

from .conftest import evacuation_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def evacuation_draft(bosai, bosai_staff):
    return services.create_dataset(
        by=bosai_staff, organization=bosai, title="指定緊急避難場所一覧", standard_type="03", tags=["避難"]
    )


def test_wrong_column_and_impossible_coordinate_refuse_publishing(evacuation_draft, bosai_staff):
    csv = evacuation_csv([{}, {"緯度": "135.4620", "経度": "35.7001"}])  # latitude and longitude swapped
    csv = csv.replace("想定収容人数".encode(), "収容人数".encode())  # a column not named as the standard
    services.add_resource(
        evacuation_draft, by=bosai_staff, name="避難場所", content=csv, filename="132144_evacuation_space.csv"
    )

    with pytest.raises(services.PublishRefused) as refused:
        services.publish(evacuation_draft, by=bosai_staff)

    messages = [e["message"] for e in refused.value.errors]
    assert any("「収容人数」" in m and "「想定収容人数」" in m for m in messages), messages
    assert any("「緯度」の値 135.462" in m and "日本の範囲外" in m for m in messages), messages
    assert any(e["row"] == 3 and e["field"] == "緯度" for e in refused.value.errors)
    evacuation_draft.refresh_from_db()
    assert evacuation_draft.state == Dataset.State.DRAFT
    assert "publication_refused" in [e.verb for e in events_for(evacuation_draft)]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"全国地方公共団体コード": "132145"}, "検査数字が正しくありません"),
        ({"名称": ""}, "「名称」は必須です"),
        ({"想定収容人数": "たくさん"}, "「想定収容人数」の値「たくさん」は整数として読めません"),
        ({"災害種別_地震": "○"}, "「災害種別_地震」の値「○」はコード表にありません"),
        ({"経度": "200"}, "日本の範囲外"),
    ],
)
def test_each_bad_cell_gets_its_message(evacuation_draft, bosai_staff, row, expected):
    services.add_resource(
        evacuation_draft, by=bosai_staff, name="x", content=evacuation_csv([row]), filename="x.csv"
    )
    errors = services.publication_errors(evacuation_draft)
    assert any(expected in e["message"] for e in errors), errors


def test_clean_standard_csv_goes_through_review_to_published(evacuation_draft, bosai_staff):
    services.add_resource(
        evacuation_draft, by=bosai_staff, name="避難場所", content=evacuation_csv([{}, {}]), filename="a.csv"
    )
    services.submit_for_review(evacuation_draft, by=bosai_staff)
    services.publish(evacuation_draft, by=bosai_staff)
    evacuation_draft.refresh_from_db()
    assert evacuation_draft.state == Dataset.State.PUBLISHED
    assert evacuation_draft.stars == 4  # CSV conforming to a published schema
    assert [e.verb for e in events_for(evacuation_draft)] == [
        "dataset_created",
        "resource_added",
        "submitted_for_review",
        "published",
    ]


def test_staff_of_another_department_cannot_publish(evacuation_draft):
    from madoguchi.core.models import StaffRole
    from madoguchi.core.tests.factories import DepartmentFactory, staff_member

    other = staff_member(DepartmentFactory(code="kyodo"), StaffRole.Role.SYSADMIN, username="kyodo-staff")
    with pytest.raises(PermissionDenied):
        services.publish(evacuation_draft, by=other)


def test_refusal_is_listed_on_the_staff_page(client, evacuation_draft, bosai_staff):
    csv = evacuation_csv([{"緯度": "135.4620"}]).replace("想定収容人数".encode(), "収容人数".encode())
    services.add_resource(evacuation_draft, by=bosai_staff, name="避難場所", content=csv, filename="a.csv")
    login_staff(client, bosai_staff)
    response = client.post(f"/opendata/staff/dataset/{evacuation_draft.name}/publish/", follow=True)
    html = response.content.decode()
    assert "公開できません" in html and "収容人数" in html and "日本の範囲外" in html
