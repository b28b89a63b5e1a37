"""Public pages: the published part of the 個人情報ファイル簿."""

from django.http import Http404
from django.shortcuts import render

from . import services


def register(request):
    return render(request, "privacy/register.html", {"files": services.register(public_only=True)})


def register_file(request, code: str):
    entry = services.register_file(code, public_only=True)
    if entry is None:
        raise Http404
    return render(request, "privacy/register_file.html", {"entry": entry})
