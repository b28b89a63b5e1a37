"""Pages every installation has: home, health, text size, error pages."""

import logging
import uuid

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .httpkit import BadInput
from .navigation import tiles

logger = logging.getLogger("madoguchi.errors")

TEXT_SIZE_COOKIE = "madoguchi_text"
TEXT_SIZES = {"standard", "large"}


def home(request):
    return render(request, "core/home.html", {"tiles": tiles()})


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from celery import current_app as app  # the project's app (madoguchi.config.celery), set as current

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # any transport error means "not reachable"; health must not raise
        return f"error: {type(exc).__name__}"
    return "ok"


@require_GET
def set_text_size(request, size: str):
    """文字サイズ: a link, not a script, so it works without JavaScript."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if size in TEXT_SIZES:
        response.set_cookie(
            TEXT_SIZE_COOKIE, size, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
        )
    return response


CLIENT_ERRORS = (Http404, PermissionDenied, BadRequest, SuspiciousOperation)


class ErrorReferenceMiddleware:
    """Gives every unhandled error a reference number, logged with the traceback and shown to
    the person on the calm error page, so the city's helpdesk can find it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, CLIENT_ERRORS):
            return None  # Django answers these with a 4xx page: nothing for the helpdesk to find
        request.error_reference = uuid.uuid4().hex[:10].upper()
        logger.error("error reference %s on %s", request.error_reference, request.path, exc_info=exception)
        return None


def server_error(request):
    reference = getattr(request, "error_reference", "")
    context = {"reference": reference}
    try:
        return render(request, "500.html", context, status=500)
    except Exception:  # noqa: BLE001 — the session store or database may be what failed
        # Rendered without the request: no context processor reads the session or the database.
        context["city_phone_fallback"] = settings.MADOGUCHI_DEMO_PHONE
        return HttpResponseServerError(render_to_string("500.html", context))


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception) if exception else ""}, status=403)


def bad_request(request, exception=None):
    # Only our own BadInput carries a message for the person; Django's (e.g. a bad Host header) do not.
    reason = str(exception) if isinstance(exception, BadInput) else ""
    return render(request, "400.html", {"reason": reason}, status=400)
