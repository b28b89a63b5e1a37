"""Structured logs: one JSON object per line, with the request id and the user's id only.

What a log line may carry is an allow-list, not a hope:

- `request_id` (the `X-Request-ID` of the web request, carried into Celery tasks), `user_id`
  (the account's number, never a name), `task` / `task_id` inside a task;
- the `extra=` keys in `SAFE_FIELDS` (an `event` name for a SIEM, a route name, a status, a
  duration, a channel…). Any other `extra` key is dropped, so `logger.info(..., extra={"form":
  data})` cannot leak a form;
- the message and any traceback, after `mask()`: My Number-like digit runs, e-mail addresses,
  telephone numbers and postal codes become placeholders.

Names and addresses cannot be recognised by a pattern, so code never passes them to a logger;
`core/tests/test_observability.py` submits an application and checks that none of its values
reaches any log line. Settings: `LOG_FORMAT=json` (production default) or `plain` (demo).
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
from typing import Any

# The request (or task) being handled in this thread / task: set by the request-id middleware
# and by the Celery signal handlers (core.monitoring.tasks).
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("madoguchi_request_id", default="")
request_var: contextvars.ContextVar[Any] = contextvars.ContextVar("madoguchi_request", default=None)
task_var: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "madoguchi_task", default=None
)

SAFE_FIELDS = frozenset(
    {
        "event",
        "method",
        "route",
        "path",
        "status",
        "duration_ms",
        "queries",
        "reason",
        "channel",
        "notification_id",
        "application_id",
        "retries",
        "outcome",
        "mfa_type",
        "client_ip",
        "username_hash",
        "reauthentication",
        "exception",
        "checked",
        "ok",
        "user_id",
    }
)

_MASKS = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # 個人番号 (12 digits) and 法人番号 (13), with or without separators
    (re.compile(r"(?<![\d.])\d{4}[- ]?\d{4}[- ]?\d{4,5}(?![\d.])"), "[number]"),
    # telephone numbers: 0 then 9-10 digits, with optional hyphens (03-1234-5678, 09012345678)
    (re.compile(r"(?<![\d.])0\d{1,4}-?\d{1,4}-?\d{3,4}(?![\d.])"), "[phone]"),
    (re.compile(r"(?<![\d.])\d{3}-\d{4}(?![\d.])"), "[postal]"),
    # the same in full-width digits (a form copied from a word processor)
    (re.compile(r"[０-９]{3}[-－ー]?[０-９]{4}"), "[number]"),
]


def mask(text: str) -> str:
    for pattern, placeholder in _MASKS:
        text = pattern.sub(placeholder, text)
    return text


def current_user_id(request=None) -> int | None:
    """The id of the logged-in account, when authentication has already looked it up (a log
    line never causes a database query)."""
    request = request if request is not None else request_var.get()
    user = getattr(request, "_cached_user", None) if request is not None else None
    if user is not None and getattr(user, "is_authenticated", False):
        return user.pk
    return None


class ContextFilter(logging.Filter):
    """Adds request_id, user_id and the task to every record (the formatters mask the text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request logs after the middleware has returned: its record carries the request
        request = getattr(record, "request", None)
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get() or getattr(request, "request_id", "")
        if getattr(record, "user_id", None) is None:
            record.user_id = current_user_id(request)
        if not getattr(record, "task_id", ""):
            task = task_var.get()
            record.task, record.task_id = task if task else ("", "")
        return True


def _message(record: logging.LogRecord) -> str:
    try:
        return mask(record.getMessage())
    except Exception:  # noqa: BLE001 — a bad format string must not lose the line
        return mask(str(record.msg))


def _event_for(record: logging.LogRecord) -> str:
    event = getattr(record, "event", "")
    if event:
        return str(event)
    if record.name.startswith("django.security."):
        # DisallowedHost, SuspiciousOperation, csrf…: Django's own security events
        return "security." + record.name.removeprefix("django.security.").lower()
    return "log"


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, event, message, context, extras."""

    def format(self, record: logging.LogRecord) -> str:
        ContextFilter().filter(record)
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "event": _event_for(record),
            "message": _message(record),
        }
        for key in ("request_id", "user_id", "task", "task_id"):
            value = getattr(record, key, None)
            if value not in (None, ""):
                line[key] = value
        for key in SAFE_FIELDS:
            if key not in line and key in record.__dict__:
                value = record.__dict__[key]
                line[key] = mask(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exception"] = mask(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exception"] = mask(record.exc_text)
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """The demo's readable line, with the request id, masked the same way."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s", defaults={"request_id": ""}
        )

    def format(self, record: logging.LogRecord) -> str:
        ContextFilter().filter(record)
        saved = record.msg, record.args, record.exc_text
        record.msg, record.args, record.exc_text = _message(record), None, None
        try:
            return super().format(record)
        finally:
            record.msg, record.args, record.exc_text = saved

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return mask(super().formatException(ei))


def logging_config(*, fmt: str, level: str) -> dict:
    """The LOGGING setting: one console handler (stderr), JSON or plain, masked."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "madoguchi.core.jsonlog.ContextFilter"}},
        "formatters": {
            "json": {"()": "madoguchi.core.jsonlog.JSONFormatter"},
            "plain": {"()": "madoguchi.core.jsonlog.PlainFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if fmt == "json" else "plain",
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.request": {"level": "ERROR"},
            # SQL with its parameters (form values) is never logged, whatever LOG_LEVEL says
            "django.db.backends": {"level": "INFO"},
            "django.security": {"level": "INFO"},
            "celery": {"level": "WARNING"},
            "kombu": {"level": "ERROR"},
        },
    }
