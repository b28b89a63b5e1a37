"""Fixtures for open data: the city, its departments, staff, a published standard dataset."""

import pytest

from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member


@pytest.fixture
def city():
    return MunicipalityFactory()


@pytest.fixture
def bosai():
    return DepartmentFactory(
        code="bosai", name="防災安全課", name_en="Disaster Prevention and Safety Division"
    )


@pytest.fixture
def bosai_staff(bosai):
    """A 防災安全課 member who may publish (システム管理: no personal data, so no MFA needed)."""
    return staff_member(bosai, StaffRole.Role.SYSADMIN, username="bosai-opendata")


@pytest.fixture
def demo_catalog(city, django_db_blocker):
    from madoguchi.core.demo import load_city
    from madoguchi.opendata import demo

    load_city(lambda line: None)
    demo.load(lambda line: None)


EVACUATION_HEADER = None


def evacuation_csv(rows: list[dict]) -> bytes:
    """A CSV in the 03 指定緊急避難場所一覧 layout; each row dict overrides columns by name."""
    from madoguchi.opendata import standards, tables

    header = standards.get("03").field_names()
    lines = []
    for index, row in enumerate(rows, start=1):
        values = {
            "全国地方公共団体コード": "132144",
            "ID": f"1321440300{index:02d}",
            "地方公共団体名": "国分寺市",
            "名称": f"避難場所{index}",
            "緯度": "35.7001",
            "経度": "139.4620",
            **row,
        }
        lines.append([values.get(name, "") for name in header])
    return tables.write_csv(header, lines).encode("utf-8")
