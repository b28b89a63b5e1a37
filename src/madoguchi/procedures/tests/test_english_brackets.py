"""A procedure's page in English uses half-width brackets (issue 29 item 11)."""

import pytest

from madoguchi.core.tests.factories import MunicipalityFactory
from madoguchi.procedures.tests.factories import bundled_procedure, demo_departments

pytestmark = pytest.mark.django_db


def test_phone_and_document_conditions_in_half_width_brackets(client):
    MunicipalityFactory()
    demo_departments()
    procedure = bundled_procedure("jidou-teate-nintei")
    client.cookies["madoguchi_language"] = "en"
    html = client.get(f"/procedures/{procedure.code}/").content.decode()
    assert "Division (Phone 042-" in html
    assert " (Required if you chose" in html
    assert "（Phone" not in html and "（Required" not in html
    client.cookies["madoguchi_language"] = "ja"
    assert "（電話 042-" in client.get(f"/procedures/{procedure.code}/").content.decode()
