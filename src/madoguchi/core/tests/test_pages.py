"""Home, language, text size, health, API schema, error pages and security headers."""

from unittest import mock

import pytest
import yaml
from django.db import DatabaseError

from .factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return MunicipalityFactory()


def test_home_is_japanese_by_default(client, city):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja"' in html and "国分寺市" in html and "本文へ移動" in html


def test_home_in_english_for_accept_language(client, city):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html and "Kokubunji City" in html and "Skip to main content" in html


def test_visible_language_switch_sets_the_language(client, city):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en"' in client.get("/").content.decode()


def test_text_size_switch_works_without_javascript(client, city):
    response = client.get("/text-size/large/?next=/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert 'class="text-large"' in client.get("/").content.decode()


def test_text_size_refuses_offsite_redirects(client):
    response = client.get("/text-size/large/?next=https://evil.example/")
    assert response["Location"] == "/"


def test_readyz_reports_database_migrations_cache_and_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
        "broker": "ok",
    }


def test_readyz_is_503_and_healthz_still_live_when_the_database_is_down(client):
    with mock.patch(
        "madoguchi.core.monitoring.readiness.connection.cursor", side_effect=DatabaseError("down")
    ):
        ready = client.get("/readyz")
        live = client.get("/healthz")
    assert ready.status_code == 503 and ready.json()["database"].startswith("error")
    assert ready.json()["migrations"] == "unknown"
    assert live.status_code == 200  # liveness: a restart would not bring the database back


def test_readyz_names_unapplied_migrations(client):
    from madoguchi.core.monitoring import readiness

    with mock.patch.object(
        readiness.MigrationExecutor, "migration_plan", return_value=[("core", "0099_new")]
    ):
        readiness._applied = False
        response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["migrations"] == "pending: 1"


def test_openapi_schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_security_headers(client, city):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "microphone=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_script_or_style(client, city):
    html = client.get("/").content.decode()
    assert "<script>" not in html and "style=" not in html


def test_unknown_page_is_a_calm_404_in_the_users_language(client, city):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_unhandled_error_shows_a_reference_number(client, city, settings):
    settings.ROOT_URLCONF = "madoguchi.core.tests.broken_urls"
    client.raise_request_exception = False
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500 and "受付番号" in html and "042-325-0111" in html


def test_a_404_raised_by_a_view_is_not_logged_as_an_error(client, city, settings, caplog):
    settings.ROOT_URLCONF = "madoguchi.core.tests.broken_urls"
    client.raise_request_exception = False
    with caplog.at_level("ERROR", logger="madoguchi.errors"):
        assert client.get("/missing/").status_code == 404
        assert client.get("/broken/").status_code == 500
    assert [r.getMessage().split(" on ")[1] for r in caplog.records if r.name == "madoguchi.errors"] == [
        "/broken/"
    ]


def test_error_page_renders_when_the_session_store_is_down(client, city, settings, monkeypatch):
    """A database outage also breaks the session store: the error page must still be the city's."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    from madoguchi.core.tests.factories import PersonFactory
    from madoguchi.identity.testing import login_resident

    login_resident(client, PersonFactory())
    settings.ROOT_URLCONF = "madoguchi.core.tests.broken_urls"
    client.raise_request_exception = False

    def down(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(SessionStore, "load", down)
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500 and "ただいま処理できません" in html and "受付番号" in html
