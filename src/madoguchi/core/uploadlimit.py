"""Refuse an oversized upload before it is read, not after it is on disk (413).

Each form checks its own limit (a 10MB attachment, a 20MB PDF on /verify/), but only after
Django has streamed the whole body to a temporary file: anyone, logged in or not, could make the
server write any amount. Here one limit, ``MADOGUCHI_MAX_UPLOAD_BYTES``, holds for every request:

- ``UploadLimitMiddleware`` answers 413 from the declared Content-Length, without reading the body;
- ``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) counts the bytes as they are read
  and stops at the limit, deleting what the handlers after it had written. Django parses no body
  without a Content-Length today (a chunked upload arrives empty), so this is the guard for
  whatever path lets a longer body through to the parser; the refusal is then Django's 400.

Under ASGI the server reads the whole body before Django runs: there the reverse proxy's limit
(nginx ``client_max_body_size``, docs/operations.md) is what stops it early.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class UploadTooLarge(RequestDataTooBig):
    """Raised while the body is read. A RequestDataTooBig, so reaching Django's handler is a 400."""


def max_upload_bytes() -> int:
    return int(settings.MADOGUCHI_MAX_UPLOAD_BYTES)


def message() -> str:
    limit_mb = max_upload_bytes() // (1024 * 1024)
    return _(
        "送信したファイルが大きすぎます（合計%(limit)sMBまで）。ファイルを小さくするか、分けて送ってください。"
    ) % {"limit": limit_mb}


def too_large_response(request):
    if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": message()}, status=413)
    return render(request, "413.html", {"message": message()}, status=413)


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file in the body and stops reading past the limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            self._discard_partial_files()
            raise UploadTooLarge(message())
        return raw_data

    def _discard_partial_files(self) -> None:
        """The handlers after this one may hold a half-written temporary file: delete it now."""
        for handler in getattr(self.request, "_upload_handlers", None) or []:
            if handler is not self:
                handler.upload_interrupted()

    def file_complete(self, file_size):
        return None


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _declared_length(request) > max_upload_bytes():
            return too_large_response(request)  # the body is never read
        return self.get_response(request)
