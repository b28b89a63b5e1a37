"""Public pages: the published part of the 個人情報ファイル簿, the vulnerability-disclosure policy,
/.well-known/security.txt, and a resident's own records (開示請求)."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services


def register(request):
    return render(request, "privacy/register.html", {"files": services.register(public_only=True)})


def register_file(request, code: str):
    entry = services.register_file(code, public_only=True)
    if entry is None:
        raise Http404
    return render(request, "privacy/register_file.html", {"entry": entry})


def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability, and until when
    this file holds (re-issued every request, so it never expires while the site runs)."""
    expires = (timezone.now() + timedelta(days=180)).strftime("%Y-%m-%dT%H:%M:%SZ")
    policy = request.build_absolute_uri(reverse("privacy:disclosure"))
    lines = [
        f"Contact: {services.security_contact()}",
        f"Expires: {expires}",
        "Preferred-Languages: ja, en",
        f"Policy: {policy}",
        f"Canonical: {request.build_absolute_uri(request.path)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def disclosure(request):
    return render(request, "privacy/disclosure.html", {"contact": services.security_contact()})


@login_required
def my_records(request):
    """開示請求: the resident's own records, as a page with downloads (?format=json|csv)."""
    if getattr(request.user, "person", None) is None:
        raise PermissionDenied(_("住民としてログインしてください。"))
    fmt = request.GET.get("format", "")
    if not fmt:
        return render(
            request, "privacy/my_records.html", {"export": services.records_of(request.user.person)}
        )
    try:
        body, content_type, name = services.own_records(request.user, fmt=fmt)
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages), content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
