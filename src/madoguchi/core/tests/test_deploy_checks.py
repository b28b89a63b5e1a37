"""`madoguchi check --deploy` refuses anything demo-like in production."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from .factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

GOOD_SECRET = "x7Gq2" * 12


@pytest.fixture
def production(settings):
    settings.MADOGUCHI_ENV = "production"
    settings.PRODUCTION = True
    settings.DEBUG = False
    settings.SECRET_KEY = GOOD_SECRET
    settings.MADOGUCHI_FIELD_KEYS = [Fernet.generate_key().decode()]
    settings.MADOGUCHI_TEST_IDP_ENABLED = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    settings.ALLOWED_HOSTS = ["madoguchi.city.example.jp"]
    return settings


def _deploy_errors(capsys):
    with pytest.raises(SystemCheckError) as excinfo:
        call_command("check", "--deploy", "--fail-level", "ERROR")
    return str(excinfo.value)


def test_clean_production_passes(production):
    call_command("check", "--deploy", "--fail-level", "ERROR")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"DEBUG": True}, "madoguchi.E002"),
        ({"SECRET_KEY": "madoguchi-demo-secret-key-not-for-production"}, "madoguchi.E003"),
        ({"MADOGUCHI_FIELD_KEYS": []}, "madoguchi.E004"),
        ({"MADOGUCHI_TEST_IDP_ENABLED": True}, "madoguchi.E005"),
        ({"MADOGUCHI_ENV": "demo"}, "madoguchi.E001"),
    ],
)
def test_each_demo_setting_fails(production, change, code, capsys):
    for key, value in change.items():
        setattr(production, key, value)
    assert code in _deploy_errors(capsys)


def test_demo_data_fails(production, capsys):
    MunicipalityFactory(is_demo=True)
    assert "madoguchi.E006" in _deploy_errors(capsys)
