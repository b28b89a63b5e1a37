"""The outermost middleware: request id, access log line, request metrics, permission denials."""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextlib import ExitStack

from django.conf import settings
from django.db import connections
from django.urls import Resolver404, resolve

from ..jsonlog import request_id_var, request_var
from . import DB_QUERIES_PER_REQUEST, DB_QUERY_SECONDS, HTTP_LATENCY, HTTP_REQUESTS

access_log = logging.getLogger("madoguchi.request")
security_log = logging.getLogger("madoguchi.security")

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
# Probes and scrapes are logged at DEBUG: every few seconds from every load balancer.
QUIET_VIEWS = {"core:healthz", "core:readyz", "core:metrics"}


def accepted_request_id(value: str | None) -> str:
    """The caller's X-Request-ID (nginx's $request_id, a load balancer's) when it is a plain
    token, otherwise a new one: a header is never trusted to carry anything else into the logs."""
    if value and _VALID_ID.match(value):
        return value
    return uuid.uuid4().hex


def view_label(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed"
    if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
        return "static"
    # a response made before URL resolution (a cached public page, a redirect): resolve it here
    try:
        return resolve(request.path_info).view_name or "unnamed"
    except Resolver404:
        return "unresolved"  # 404s: never the raw path


class RequestMonitoringMiddleware:
    """Gives every request an id (accepted from `X-Request-ID` or made here, returned in the
    response header, carried into log lines and Celery tasks), counts it for /metrics, writes one
    access line, and logs a `security.permission_denied` event for each 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        id_token, request_token = request_id_var.set(request_id), request_var.set(request)
        queries = 0

        def timed(execute, sql, params, many, context):
            nonlocal queries
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries += 1
                DB_QUERY_SECONDS.labels(context["connection"].alias).observe(time.perf_counter() - start)

        start = time.perf_counter()
        try:
            with ExitStack() as stack:
                for alias in settings.DATABASES:
                    stack.enter_context(connections[alias].execute_wrapper(timed))
                response = self.get_response(request)
            elapsed = time.perf_counter() - start
            response[REQUEST_ID_HEADER] = request_id
            self._record(request, response, elapsed, queries)
            return response
        finally:
            request_id_var.reset(id_token)
            request_var.reset(request_token)

    def _record(self, request, response, elapsed: float, queries: int) -> None:
        view = view_label(request)
        HTTP_REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        HTTP_LATENCY.labels(view, request.method).observe(elapsed)
        DB_QUERIES_PER_REQUEST.observe(queries)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        fields = {
            "event": "http.request",
            "method": request.method,
            "route": view,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(elapsed * 1000, 1),
            "queries": queries,
            "user_id": user_id,
        }
        level = logging.DEBUG if view in QUIET_VIEWS and response.status_code < 400 else logging.INFO
        access_log.log(level, "%s %s %s", request.method, view, response.status_code, extra=fields)
        if response.status_code == 403:
            security_log.warning(
                "permission denied on %s",
                view,
                extra={
                    "event": "security.permission_denied",
                    "route": view,
                    "path": request.path,
                    "user_id": user_id,
                    "client_ip": request.META.get("REMOTE_ADDR", ""),
                },
            )
