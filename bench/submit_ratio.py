"""Submit throughput against a bare Django view that does one INSERT — same server, database and run.

    .venv/bin/python bench/submit_ratio.py [--requests 300] [--database-url postgres://…]

Both endpoints are served by the same Django WSGI application (full middleware stack: sessions,
CSRF, CSP, locale, auth) and hit the same database, alternating in rounds so both see the same
conditions. "submit" is `POST /api/v1/applications/` (児童手当の現況届, JSON Schema validation with
Japanese formats, receipt number under a row lock, the application, its "submitted" Event and
audit-chain entry, the confirmation notification, an Idempotency-Key). The baseline is a view that
parses the same JSON body and INSERTs it as one row. Prints requests/s for both and the ratio
(goal ≥ 0.6). Notifications are queued to an in-memory broker, as a worker would take them.
Without --database-url a throw-away SQLite database is used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

GOAL = 0.6


def setup_django(database_url: str | None = None) -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


# --- the baseline: a bare view doing one INSERT ---------------------------------------------------


def _create_table() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_insert (id BIGSERIAL PRIMARY KEY, payload JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL)"
            )
        else:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS bench_insert (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL, created_at TEXT NOT NULL)"
            )


def bare_insert(request):
    from django.db import connection
    from django.http import JsonResponse
    from django.utils import timezone

    payload = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_insert (payload, created_at) VALUES (%s, %s)",
            [json.dumps(payload, ensure_ascii=False), timezone.now().isoformat()],
        )
    return JsonResponse({"ok": True}, status=201)


def _urlpatterns():
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt

    return [path("bench/insert/", csrf_exempt(bare_insert)), path("", include("madoguchi.config.urls"))]


urlpatterns: list = []  # filled by prepare(); this module is the bench's ROOT_URLCONF


# --- setup and measurement ------------------------------------------------------------------------


PROCEDURE = "jidou-teate-genkyo"


def bench_city(procedure_code: str) -> None:
    """The city, its departments and one published procedure (idempotent); also used by the drill."""
    from madoguchi.core.demo import DEPARTMENTS
    from madoguchi.core.models import Department, Municipality
    from madoguchi.procedures.services import DATA_DIR, load_procedure_definition

    if not Municipality.objects.exists():
        Municipality.objects.create(
            code="132144",
            name="国分寺市",
            prefecture="東京都",
            postal_code="185-8501",
            address="国分寺市泉町二丁目2番18号",
            phone="042-325-0111",
        )
    for code, name, name_en, kind, _parent, phone in DEPARTMENTS:
        Department.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "phone": phone}
        )
    definition = json.loads((DATA_DIR / f"{procedure_code}.json").read_text(encoding="utf-8"))
    load_procedure_definition(definition)


def prepare():
    """The procedure, a resident logged in with the card, the baseline table. Returns a client."""
    import datetime

    from django.test import Client

    from madoguchi.core.models import Person
    from madoguchi.identity.testing import login_resident

    global urlpatterns
    urlpatterns = _urlpatterns()
    _create_table()
    bench_city(PROCEDURE)
    person, _ = Person.objects.get_or_create(
        family_name="計測",
        given_name="花子",
        defaults={
            "family_name_kana": "ケイソク",
            "given_name_kana": "ハナコ",
            "birth_date": datetime.date(1988, 5, 3),
            "email": "bench@example.jp",
        },
    )
    client = Client()
    login_resident(client, person)
    return client


def payload() -> dict:
    return {
        "procedure": "jidou-teate-genkyo",
        "data": {
            "recipient": {
                "full_name": "計測　花子",
                "full_name_kana": "ケイソク　ハナコ",
                "birth_date": "1988-05-03",
                "postal_code": "185-0012",
                "address": "東京都国分寺市本町二丁目1番1号",
                "phone": "042-325-0111",
                "pension": "厚生年金",
            },
            "status": {
                "filing_reason": "住民票の住所が児童と異なる",
                "has_spouse": False,
                "list": [
                    {
                        "full_name": "計測　陽菜",
                        "full_name_kana": "ケイソク　ヒナ",
                        "birth_date": "2018-04-10",
                        "relationship": "子",
                        "living": "同居",
                        "age_group": "高校生年代まで",
                    }
                ],
            },
            "declarations": {"records_consent": True, "truthful": True},
        },
    }


def measure(client, requests: int = 300, rounds: int = 5) -> dict:
    """Alternate rounds of each endpoint; requests/s over all rounds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    body = json.dumps(payload(), ensure_ascii=False)
    per_round = max(1, requests // rounds)
    totals = {"submit": 0.0, "bare": 0.0}
    queries = {}
    with override_settings(ROOT_URLCONF=__name__):
        for endpoint in ("bare", "submit"):  # warm up both (imports, caches, first connection)
            _call(client, endpoint, body)
        for endpoint in ("bare", "submit"):  # what each request costs the database
            with CaptureQueriesContext(connection) as captured:
                _call(client, endpoint, body)
            queries[endpoint] = len(captured.captured_queries)
        for _ in range(rounds):
            for endpoint in ("bare", "submit"):
                started = time.perf_counter()
                for _ in range(per_round):
                    _call(client, endpoint, body)
                totals[endpoint] += time.perf_counter() - started
    n = per_round * rounds
    submit_rps, bare_rps = n / totals["submit"], n / totals["bare"]
    return {
        "requests": n,
        "submit_rps": submit_rps,
        "bare_rps": bare_rps,
        "ratio": submit_rps / bare_rps,
        "queries": queries,
    }


def _call(client, endpoint: str, body: str) -> None:
    if endpoint == "bare":
        response = client.post("/bench/insert/", body, content_type="application/json")
    else:
        response = client.post(
            "/api/v1/applications/",
            body,
            content_type="application/json",
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
    if response.status_code != 201:
        raise RuntimeError(f"{endpoint}: HTTP {response.status_code} {response.content[:300]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-") as tmp:
        os.environ.setdefault("MADOGUCHI_VAR_DIR", tmp)
        setup_django(args.database_url or f"sqlite:///{tmp}/bench.sqlite3")
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        call_command("migrate", verbosity=0)
        client = prepare()
        result = measure(client, args.requests)
        vendor = connection.vendor
    print(f"database: {vendor}, {result['requests']} requests each, alternating rounds, same WSGI app")
    q = result["queries"]
    print(f"  bare view, one INSERT:        {result['bare_rps']:8.1f} req/s  {q['bare']:3d} SQL statements")
    print(
        f"  submit (POST applications/):  {result['submit_rps']:8.1f} req/s  {q['submit']:3d} SQL statements"
    )
    print(f"submit / bare = {result['ratio']:.2f}  (goal ≥ {GOAL})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
