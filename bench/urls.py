"""Bench-only endpoints, mounted before the real site (bench/server_settings.py)."""

import json

from django.contrib.auth import login
from django.db import connection, transaction
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from madoguchi.config.urls import handler400, handler403, handler404, handler500  # noqa: F401

from .tasks import apply_effect

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS bench_row (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP)",
    "CREATE TABLE IF NOT EXISTS bench_receipt (id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP)",
    "CREATE TABLE IF NOT EXISTS bench_effect (key TEXT PRIMARY KEY, applied_at TIMESTAMPTZ, attempts INTEGER NOT NULL DEFAULT 0)",
]


def create_tables() -> None:
    with connection.cursor() as cursor:
        for statement in SCHEMA:
            if connection.vendor == "sqlite":
                statement = statement.replace("BIGSERIAL PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT")
                statement = statement.replace("TIMESTAMPTZ", "TIMESTAMP")
            cursor.execute(statement)


@csrf_exempt
@require_POST
def insert(request):
    """The baseline: a bare Django view doing one INSERT."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (payload) VALUES (%s)", [request.body[:200].decode(errors="replace")]
        )
    return JsonResponse({"ok": True}, status=201)


@csrf_exempt
@require_POST
def receipt(request):
    """The drill's submit: one row per key (a retry returns the same receipt), then a task."""
    key = json.loads(request.body)["key"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_receipt (key) VALUES (%s) ON CONFLICT (key) DO NOTHING", [key])
        cursor.execute("SELECT id FROM bench_receipt WHERE key = %s", [key])
        number = cursor.fetchone()[0]
        transaction.on_commit(lambda: apply_effect.delay(key))
    return JsonResponse({"receipt": number, "key": key}, status=201)


def resident_login(request, n: int):
    """Logs the n-th demo resident in (card level) and returns what the submit scenario needs."""
    from madoguchi.applications.examples import example_data
    from madoguchi.core.models import Person
    from madoguchi.identity.assurance import SESSION_KEY, AssuranceLevel
    from madoguchi.identity.testing import resident_user
    from madoguchi.procedures.models import Procedure

    people = list(Person.objects.filter(is_demo=True, birth_date__year__lt=2006).order_by("pk")[:20])
    user = resident_user(people[n % len(people)])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = AssuranceLevel.CARD_AUTH.value
    procedures = []
    for procedure in Procedure.objects.filter(is_published=True).exclude(assurance=AssuranceLevel.CARD_SIGN):
        version = procedure.current_version
        if version is not None and procedure.is_online and not procedure.required_attachments:
            procedures.append({"procedure": procedure.code, "data": example_data(version.schema)})
    return JsonResponse({"csrftoken": get_token(request), "procedures": procedures[:5]})


urlpatterns = [
    path("bench/insert", insert),
    path("bench/receipt", receipt),
    path("bench/login/<int:n>", resident_login),
    path("", include("madoguchi.config.urls")),
]
