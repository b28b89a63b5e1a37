"""Security headers on every page the resolver can serve without arguments, and HSTS in production."""

import json
import os
import subprocess
import sys

import pytest

from madoguchi.core.tests.factories import MunicipalityFactory

from .routes import all_routes

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("i18n/", "admin/", "text-size/")


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response, where: str):
    csp = response.get("Content-Security-Policy", "")
    assert csp, f"{where}: no Content-Security-Policy header"
    directives = parse_csp(csp)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts, f"{where}: CSP has neither script-src nor default-src: {csp}"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, f"{where}: {csp}"
    assert "*" not in scripts and "data:" not in scripts, f"{where}: scripts from anywhere: {csp}"
    assert directives.get("frame-ancestors") in (["'none'"], ["'self'"]), f"{where}: {csp}"
    assert directives.get("object-src") == ["'none'"], f"{where}: {csp}"
    assert response.get("Referrer-Policy") in {"same-origin", "strict-origin", "no-referrer"}, where
    policy = response.get("Permissions-Policy", "")
    assert "microphone=()" in policy and "usb=()" in policy, f"{where}: Permissions-Policy {policy!r}"
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("X-Frame-Options") == "DENY", where


def argument_free_pages():
    for route in all_routes():
        if route.has_object_args or route.regex or route.route.startswith(SKIP_PREFIXES):
            continue
        yield route


def test_home_sends_the_security_headers(client):
    MunicipalityFactory()
    assert_security_headers(client.get("/"), "/")


def test_every_argument_free_page_sends_the_security_headers(client):
    MunicipalityFactory()
    checked, failures = 0, []
    for route in argument_free_pages():
        path = route.sample_path()
        response = client.get(path)
        if response.status_code >= 500:
            failures.append(f"{path}: {response.status_code}")
            continue
        try:
            assert_security_headers(response, path)
        except AssertionError as exc:
            failures.append(str(exc))
        checked += 1
    assert checked >= 2
    assert not failures, "security headers missing:\n" + "\n".join(failures)


def test_error_pages_send_the_security_headers(client):
    assert_security_headers(client.get("/no-such-page/"), "404 page")


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/healthz", secure=True, HTTP_HOST="city.example.jp")
print(json.dumps({"status": response.status_code, "hsts": response.get("Strict-Transport-Security", ""),
                  "secure_cookies": settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE,
                  "redirect": Client().get("/healthz", HTTP_HOST="city.example.jp").status_code}))
"""


def test_production_settings_send_hsts(tmp_path):
    from cryptography.fernet import Fernet

    env = {
        **os.environ,
        "MADOGUCHI_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "madoguchi.config.settings",
        "SECRET_KEY": "x" * 64,
        "MADOGUCHI_FIELD_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "city.example.jp",
        "MADOGUCHI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "CELERY_BROKER_URL": "memory://",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert "max-age=63072000" in probe["hsts"] and "includeSubDomains" in probe["hsts"], probe
    assert probe["secure_cookies"], probe
    assert probe["redirect"] == 301, "plain HTTP must redirect to HTTPS in production"
