"""Public pages: the published part of the 個人情報ファイル簿, the vulnerability-disclosure policy
and /.well-known/security.txt."""

from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

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
