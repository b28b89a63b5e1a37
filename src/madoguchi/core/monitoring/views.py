"""`/metrics` (Prometheus), `/healthz` (liveness) and `/readyz` (readiness)."""

from __future__ import annotations

import hmac
import ipaddress
import os

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

from . import business_metrics, readiness


def _client_network_allowed(request) -> bool:
    if request.META.get("HTTP_X_FORWARDED_FOR"):
        # came through the reverse proxy: from the internet as far as we know; a token is needed
        return False
    try:
        client = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        client in ipaddress.ip_network(net, strict=False)
        for net in settings.MADOGUCHI_METRICS_ALLOWED_NETWORKS
    )


def metrics_allowed(request) -> bool:
    """A scrape carries `Authorization: Bearer <MADOGUCHI_METRICS_TOKEN>`, or comes straight (not
    through the proxy) from a network in MADOGUCHI_METRICS_ALLOWED_NETWORKS (demo: loopback only;
    production: none unless configured)."""
    token = settings.MADOGUCHI_METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").strip().encode(), token.encode())
    return _client_network_allowed(request)


class _ProcessMetrics:
    """This process's metrics, or all processes' in prometheus-client's multiprocess mode."""

    def collect(self):
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            scratch = CollectorRegistry()
            multiprocess.MultiProcessCollector(scratch)
            yield from scratch.collect()
        else:
            yield from REGISTRY.collect()


class _BusinessMetrics:
    def collect(self):
        yield from business_metrics()


@never_cache
@require_GET
def metrics(request):
    if not metrics_allowed(request):
        response = HttpResponse(
            "metrics: a bearer token is required\n", status=401, content_type="text/plain"
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_ProcessMetrics())
    registry.register(_BusinessMetrics())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


@never_cache
@require_GET
def healthz(request):
    """Liveness: 200 whenever this process can answer. It checks nothing outside the process, so
    an orchestrator never restarts healthy web processes because the database is away; load
    balancers and readiness probes use /readyz."""
    return JsonResponse({"status": "ok", "checks": "/readyz"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: 200 when the database answers, its migrations are applied, the cache stores and
    returns a value, and the broker accepts a connection; 503 naming the failing check otherwise."""
    status: dict[str, str] = {}
    for name, check in (
        ("database", readiness.database),
        ("migrations", readiness.migrations),
        ("cache", readiness.cache_round_trip),
        ("broker", readiness.broker),
    ):
        if name == "migrations" and status["database"] != "ok":
            status[name] = "unknown"
            continue
        try:
            status[name] = check()
        except Exception as exc:  # noqa: BLE001 — a probe reports, never raises
            status[name] = f"error: {type(exc).__name__}"
    ready = all(value == "ok" for value in status.values())
    return JsonResponse({"status": "ok" if ready else "error", **status}, status=200 if ready else 503)
