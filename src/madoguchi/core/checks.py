"""`madoguchi check --deploy`: production refuses demo-like settings and data.

These are errors, not warnings, so the command exits non-zero (Django fails on ERROR).
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def production_is_not_a_demo(app_configs, **kwargs):
    errors = []
    if settings.MADOGUCHI_ENV != "production":
        errors.append(
            Error(
                "MADOGUCHI_ENV is not 'production'.",
                hint="Set MADOGUCHI_ENV=production.",
                id="madoguchi.E001",
            )
        )
    if settings.DEBUG:
        errors.append(Error("DEBUG is on.", hint="Set DEBUG=false.", id="madoguchi.E002"))
    generated = getattr(settings, "MADOGUCHI_GENERATED_SECRET_KEY", "")
    if settings.SECRET_KEY in {settings.DEMO_SECRET_KEY, generated} or len(settings.SECRET_KEY) < 50:
        errors.append(
            Error(
                "SECRET_KEY is the demo default, generated on this server (not set), or too short.",
                hint="Set a random SECRET_KEY of 50+ characters, the same on every server.",
                id="madoguchi.E003",
            )
        )
    if not settings.MADOGUCHI_FIELD_KEYS:
        errors.append(
            Error(
                "MADOGUCHI_FIELD_KEYS is empty: My Numbers would be encrypted with a key derived from SECRET_KEY.",
                hint="Set one or more Fernet keys (newest first).",
                id="madoguchi.E004",
            )
        )
    if getattr(settings, "MADOGUCHI_TEST_IDP_ENABLED", False):
        errors.append(
            Error(
                "The test identity provider (/idp/) is enabled.",
                hint="Set MADOGUCHI_TEST_IDP_ENABLED=false.",
                id="madoguchi.E005",
            )
        )
    errors.extend(_demo_data())
    return errors


def _demo_data():
    from .models import Municipality, Person

    try:
        demo = (
            Municipality.objects.filter(is_demo=True).exists() or Person.objects.filter(is_demo=True).exists()
        )
    except DatabaseError:
        return []  # not migrated yet: nothing to refuse
    if demo:
        return [
            Error(
                "The database holds the demo city.",
                hint="Use a fresh database for production.",
                id="madoguchi.E006",
            )
        ]
    return []
