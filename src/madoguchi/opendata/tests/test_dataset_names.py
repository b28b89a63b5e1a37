"""A new standard dataset is named after the installed city (全国地方公共団体コード-<standard>)."""

import pytest

from madoguchi.core.japanese import lg_check_digit
from madoguchi.core.tests.factories import MunicipalityFactory
from madoguchi.opendata import services, standards

pytestmark = pytest.mark.django_db

MITAKA = "13204" + str(lg_check_digit("13204"))  # 三鷹市
SLUG = standards.get("03").slug  # 指定緊急避難場所一覧


def _evacuation_dataset(bosai, bosai_staff):
    return services.create_dataset(
        by=bosai_staff, organization=bosai, title="指定緊急避難場所一覧", standard_type="03"
    )


def test_another_city_names_its_datasets_with_its_own_code(bosai, bosai_staff):
    MunicipalityFactory(
        code=MITAKA, name="三鷹市", name_en="Mitaka City", address="東京都三鷹市野崎一丁目1番1号"
    )
    first = _evacuation_dataset(bosai, bosai_staff)
    again = _evacuation_dataset(bosai, bosai_staff)
    assert (first.name, again.name) == (f"{MITAKA}-{SLUG}", f"{MITAKA}-{SLUG}-2")
    assert "132144" not in first.name


def test_kokubunji_keeps_its_code(city, bosai, bosai_staff):
    assert _evacuation_dataset(bosai, bosai_staff).name == f"132144-{SLUG}"


def test_without_a_city_configured_the_standard_name_alone(bosai, bosai_staff):
    assert _evacuation_dataset(bosai, bosai_staff).name == SLUG
