"""Issue 30's must-shows: /metrics after a submit, /metrics refused in production, one request id
in the web log and the Celery task's log, and no submitted value in any log line."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import time

import pytest
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from madoguchi.applications.models import Application
from madoguchi.applications.tests.conftest import genkyo_data
from madoguchi.core.jsonlog import ContextFilter, JSONFormatter
from madoguchi.core.tests.factories import PersonFactory
from madoguchi.identity.testing import login_resident

pytestmark = pytest.mark.django_db


def scrape(client, **headers) -> dict:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return {family.name: family for family in text_string_to_metric_families(response.content.decode())}


def received(families: dict, channel: str) -> float:
    family = families["madoguchi_applications_received"]
    return sum(
        s.value for s in family.samples if s.name.endswith("_total") and s.labels["channel"] == channel
    )


def test_a_submit_adds_one_to_the_applications_received(client, genkyo, resident):
    before = received(scrape(client), "online")
    login_resident(client, resident)
    response = client.post(
        "/api/v1/applications/",
        {"procedure": "jidou-teate-genkyo", "data": genkyo_data()},
        content_type="application/json",
        headers={"Idempotency-Key": "metrics-1"},
    )
    assert response.status_code == 201
    client.logout()
    families = scrape(client)
    assert received(families, "online") == before + 1
    assert received(families, "paper") == 0
    # the submit itself is counted by view and status, without its path (no ids in labels)
    requests = families["madoguchi_http_requests"].samples
    assert any(
        s.labels.get("status") == "201" and s.labels.get("method") == "POST" and s.value >= 1
        for s in requests
    )
    collectors = {s.labels["collector"]: s.value for s in families["madoguchi_metrics_collector_up"].samples}
    assert {"applications", "audit", "celery", "counter", "delivery", "disk", "notifications"} <= set(
        collectors
    )
    assert set(collectors.values()) == {1}, collectors
    # the notification the submit queued is in the outbox metrics, by channel and status
    outbox = families["madoguchi_notifications"].samples
    assert sum(s.value for s in outbox if s.labels["channel"] == "email") >= 1


def test_metrics_need_the_token_or_an_allowed_network(client, settings):
    settings.MADOGUCHI_METRICS_TOKEN = "scrape-secret-0123456789"
    settings.MADOGUCHI_METRICS_ALLOWED_NETWORKS = []
    refused = client.get("/metrics")
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")
    assert b"madoguchi_" not in refused.content
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert "madoguchi_applications_received" in scrape(
        client, Authorization="Bearer scrape-secret-0123456789"
    )
    # an allowed network counts only for a scrape made straight, not through the reverse proxy
    settings.MADOGUCHI_METRICS_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 401


SEND = "madoguchi.core.tasks.send_notification"

PRODUCTION_SCRAPE = """
import django
django.setup()
from django.conf import settings
from django.test import Client
assert settings.PRODUCTION and settings.MADOGUCHI_METRICS_ALLOWED_NETWORKS == []
assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
anonymous = Client().get("/metrics", secure=True, REMOTE_ADDR="127.0.0.1")
print(anonymous.status_code)
"""


def test_production_settings_refuse_an_unauthenticated_scrape(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "madoguchi.config.settings",
        "MADOGUCHI_ENV": "production",
        "SECRET_KEY": "p" * 64,
        "ALLOWED_HOSTS": "testserver",
        "MADOGUCHI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MADOGUCHI_METRICS_TOKEN": "",
        "MADOGUCHI_METRICS_ALLOWED_NETWORKS": "",
    }
    env.pop("MADOGUCHI_TEST_DB_NAME", None)
    out = subprocess.run(
        [sys.executable, "-c", PRODUCTION_SCRAPE], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "401"


class Capture:
    """Every log line of every logger, through the production JSON formatter."""

    def __init__(self, level=logging.DEBUG):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(JSONFormatter())
        self.handler.addFilter(ContextFilter())
        self.level = level

    def __enter__(self):
        root = logging.getLogger()
        self.saved = root.level
        root.addHandler(self.handler)
        root.setLevel(self.level)
        return self

    def __exit__(self, *exc):
        root = logging.getLogger()
        root.removeHandler(self.handler)
        root.setLevel(self.saved)

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]


@pytest.fixture
def celery_worker_thread():
    """A real Celery worker (solo pool, in a thread) on the in-memory broker: tasks are published
    as messages, not run inside the request, so only the message header can carry the request id."""
    from celery.contrib.testing.worker import start_worker

    from madoguchi.config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
        ):
            yield app
    finally:
        app.conf.task_always_eager = saved


@pytest.mark.django_db(transaction=True)
def test_one_request_id_in_the_web_log_and_the_tasks_log(client, genkyo, resident, celery_worker_thread):
    login_resident(client, resident)
    with Capture(logging.INFO) as logs:
        response = client.post(
            "/api/v1/applications/",
            {"procedure": "jidou-teate-genkyo", "data": genkyo_data()},
            content_type="application/json",
            headers={"Idempotency-Key": "trace-1", "X-Request-ID": "req-from-nginx-0001"},
        )
        assert response.status_code == 201
        assert response["X-Request-ID"] == "req-from-nginx-0001"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(
            line.get("event") == "task.finished" and line["task"] == SEND for line in logs.lines()
        ):
            time.sleep(0.1)
    lines = logs.lines()  # every line is one JSON object (json.loads would have failed)
    web = [line for line in lines if line.get("event") == "http.request"]
    assert web and web[-1]["request_id"] == "req-from-nginx-0001"
    assert web[-1]["route"] == "api-v1:application-list" and web[-1]["status"] == 201
    assert web[-1]["user_id"] == resident.user.pk
    # The web process hands the notice over in a batch (send_notifications), which queues its
    # send_notification under the request's id.
    task = [line for line in lines if line.get("event") == "task.finished" and line["task"] == SEND]
    assert task, "the worker did not run the notification task"
    assert task[0]["request_id"] == "req-from-nginx-0001"
    assert task[0]["outcome"] == "success"


def test_a_request_without_an_id_gets_one_and_a_bad_one_is_replaced(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    replaced = client.get("/healthz", headers={"X-Request-ID": 'x"}\n{"event":"forged'})["X-Request-ID"]
    assert len(replaced) == 32 and "forged" not in replaced


@pytest.fixture
def kansoku(city):
    """A resident whose every detail is unusual enough to be searched for in the logs."""
    return PersonFactory(
        family_name="観測",
        given_name="未来",
        family_name_kana="カンソク",
        given_name_kana="ミライ",
        phone="042-987-6543",
        email="kansoku.mirai@example.jp",
        household__address="東京都国分寺市西恋ヶ窪四丁目7番7号",
        household__postal_code="185-0013",
    )


def test_a_submitted_forms_values_never_reach_a_log_line(client, genkyo, kansoku):
    step = lambda app, n: reverse("applications:step", args=[app.public_id, n])  # noqa: E731
    recipient = {
        "full_name": "観測　未来",
        "full_name_kana": "カンソク　ミライ",
        "birth_date": "1979-11-23",
        "postal_code": "1850013",
        "address": kansoku.address,
        "phone": "04298765 43".replace(" ", ""),
        "pension": "厚生年金",
    }
    status = {
        "filing_reason": "住民票の住所が児童と異なる",
        "list-0-full_name": "観測　星子",
        "list-0-full_name_kana": "カンソク　ホシコ",
        "list-0-birth_date": "令和2年8月19日",
        "list-0-relationship": "子",
        "list-0-living": "同居",
        "list-0-age_group": "高校生年代まで",
    }
    with Capture(logging.DEBUG) as logs:
        login_resident(client, kansoku)
        client.post(reverse("applications:start", args=["jidou-teate-genkyo"]))
        app = Application.objects.get()
        assert client.post(step(app, 1), recipient).status_code == 302
        assert client.post(step(app, 2), status).status_code == 302
        assert client.post(step(app, 3), {"records_consent": "on", "truthful": "on"}).status_code == 302
        # a bad value on the way is shown back to the person, not logged
        client.post(step(app, 1), {**recipient, "phone": "090-ABCD-9999"})
        key = client.get(reverse("applications:check", args=[app.public_id])).context["idempotency_key"]
        done = client.post(
            reverse("applications:submit", args=[app.public_id]),
            {"declaration": "yes", "idempotency_key": key},
        )
        assert done.status_code == 302
        app.refresh_from_db()
        assert app.receipt_number
    lines = logs.lines()
    assert any(line["event"] == "http.request" and line.get("user_id") for line in lines)
    secrets = [
        "観測",
        "未来",
        "カンソク",
        "ミライ",
        "星子",
        "ホシコ",
        "西恋ヶ窪",
        "1979-11-23",
        "1979",
        "185-0013",
        "1850013",
        "042-987-6543",
        "0429876543",
        "kansoku.mirai",
        "ABCD",
    ]
    text = logs.text
    for value in secrets:
        assert value not in text, f"{value!r} reached the logs"
        assert json.dumps(value)[1:-1] not in text  # nor escaped


def test_masking_of_what_third_party_messages_might_carry():
    record = logging.LogRecord(
        "smtp", logging.WARNING, __file__, 1, "refused %s (%s) tel %s zip %s", None, None
    )
    record.args = ("someone@example.jp", "1234 5678 9018", "090-1234-5678", "185-8501")
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == "refused [email] ([number]) tel [phone] zip [postal]"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    record.form = {"name": "観測"}  # an extra outside the allow-list is dropped
    assert "観測" not in JSONFormatter().format(record)


def test_security_events_have_their_own_names(client, resident, rf, django_user_model):
    from allauth.mfa import signals as mfa_signals
    from allauth.mfa.models import Authenticator
    from django.http import HttpResponseForbidden

    from madoguchi.core.monitoring.middleware import RequestMonitoringMiddleware

    staff = django_user_model.objects.create_user("shokuin-7", password="correct horse battery")
    with Capture(logging.INFO) as logs:
        assert not client.login(username="shokuin-7", password="wrong password")
        client.login(username="shokuin-7", password="correct horse battery")
        mfa_signals.authentication_failed.send(
            sender=Authenticator, request=rf.get("/"), user=staff, authenticator=None, reauthentication=False
        )
        request = rf.get("/staff/cases/")
        request.user = staff
        RequestMonitoringMiddleware(lambda r: HttpResponseForbidden())(request)
    events = {line["event"]: line for line in logs.lines()}
    failed = events["security.login_failed"]
    assert failed["username_hash"] and "shokuin" not in json.dumps(failed)
    assert events["security.login"]["user_id"] == staff.pk
    assert events["security.second_factor_failed"]["user_id"] == staff.pk
    denied = events["security.permission_denied"]
    assert denied["user_id"] == staff.pk and denied["path"] == "/staff/cases/"


def test_a_response_made_before_url_resolution_is_counted_under_its_view(rf):
    from django.http import HttpResponse

    from madoguchi.core.monitoring import HTTP_REQUESTS
    from madoguchi.core.monitoring.middleware import RequestMonitoringMiddleware

    counter = HTTP_REQUESTS.labels("core:readyz", "GET", "200")
    before = counter._value.get()
    RequestMonitoringMiddleware(lambda request: HttpResponse("cached"))(rf.get("/readyz"))
    assert counter._value.get() == before + 1
    unknown = HTTP_REQUESTS.labels("unresolved", "GET", "404")
    before = unknown._value.get()
    RequestMonitoringMiddleware(lambda request: HttpResponse(status=404))(rf.get("/no/such/page/12345"))
    assert unknown._value.get() == before + 1
