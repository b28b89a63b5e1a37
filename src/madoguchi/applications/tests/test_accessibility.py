"""axe-core in a real browser: the catalog, a form step with errors, check-your-answers (JIS X 8341-3 AA)."""

import datetime

import pytest
from playwright.sync_api import expect

from madoguchi.applications.models import Application
from madoguchi.core.models import Department
from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory
from madoguchi.identity.testing import browser_login
from madoguchi.procedures.services import load_procedure_definition
from madoguchi.procedures.tests.factories import DEPARTMENTS, definition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serious(page):
    page.add_script_tag(url="/static/core/vendor/axe.min.js")
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_resident_pages_have_no_serious_accessibility_violations(page, live_server):
    MunicipalityFactory()
    for code, name, name_en, kind, _parent, phone in DEPARTMENTS:
        Department.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "phone": phone}
        )
    load_procedure_definition(definition("jidou-teate-genkyo"))
    resident = PersonFactory(birth_date=datetime.date(1988, 5, 3))
    browser_login(page, live_server.url, resident)
    for url in ["/procedures/", "/procedures/?q=じどうてあて", "/procedures/jidou-teate-genkyo/"]:
        page.goto(url)
        assert _serious(page) == [], url
    page.get_by_role("button", name="オンラインで申請する").click()
    page.get_by_role("button", name="次へ進む").click()  # errors: pension missing
    expect(page.get_by_role("alert").first).to_be_visible()
    assert _serious(page) == [], page.url
    app = Application.objects.get()
    page.goto(f"/applications/{app.public_id}/check/")
    assert _serious(page) == [], page.url
    page.goto("/applications/")
    assert _serious(page) == [], page.url
