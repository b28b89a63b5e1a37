"""Bench-only endpoints, mounted before the real site (bench/server_settings.py)."""

from django.contrib.auth import login
from django.db import connection
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from madoguchi.config.urls import handler400, handler403, handler404, handler500  # noqa: F401

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS bench_row (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP)",
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


def resident_login(request, n: int):
    """Logs the n-th demo resident in (card level) and returns what the submit scenario needs."""
    from madoguchi.applications.examples import example_data
    from madoguchi.core.models import Person
    from madoguchi.identity.assurance import SESSION_KEY, AssuranceLevel
    from madoguchi.identity.testing import resident_user
    from madoguchi.procedures.models import Procedure

    people = list(Person.objects.filter(is_demo=True, birth_date__year__lt=2006).order_by("pk")[:20])
    user = resident_user(people[n % len(people)])
    login(request, user, backend="madoguchi.core.auth.AccountBackend")
    request.session[SESSION_KEY] = AssuranceLevel.CARD_AUTH.value
    procedures = []
    for procedure in Procedure.objects.filter(is_published=True).exclude(assurance=AssuranceLevel.CARD_SIGN):
        version = procedure.current_version
        if version is not None and procedure.is_online and not procedure.required_attachments:
            procedures.append({"procedure": procedure.code, "data": example_data(version.schema)})
    return JsonResponse({"csrftoken": get_token(request), "procedures": procedures[:5]})


def drill_login(request, n: int):
    """Logs the drill's n-th resident (bench/drill.py `setup`) in at card level; the drill's
    clients then submit through the real API with this session and CSRF token."""
    from django.shortcuts import get_object_or_404

    from madoguchi.core.models import Person
    from madoguchi.identity.assurance import SESSION_KEY, AssuranceLevel
    from madoguchi.identity.testing import resident_user

    person = get_object_or_404(Person, email=f"drill-{n}@example.jp")
    login(request, resident_user(person), backend="madoguchi.core.auth.AccountBackend")
    request.session[SESSION_KEY] = AssuranceLevel.CARD_AUTH.value
    return JsonResponse({"csrftoken": get_token(request)})


urlpatterns = [
    path("bench/insert", insert),
    path("bench/drill/login/<int:n>", drill_login),
    path("bench/login/<int:n>", resident_login),
    path("", include("madoguchi.config.urls")),
]
