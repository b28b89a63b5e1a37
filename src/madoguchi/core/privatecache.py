"""No cache keeps a page meant for one logged-in person (Cache-Control: no-store, private).

A case page, a resident's application, a certificate PDF, an export or an attachment must not be
left in a shared proxy, the browser's disk cache or its back button after logout on a counter
terminal. Rather than each view remembering, every response to a request made by a logged-in
person — a session login (including a staff session still waiting for its second factor) or an
API caller that the view authenticated — is marked here. A view may keep a cacheable policy only
by saying so explicitly with ``Cache-Control: public`` (public, non-personal content). Responses
to anonymous visitors are left as they are, so public pages stay cacheable.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.utils.cache import patch_cache_control


def is_logged_in(request) -> bool:
    user = getattr(request, "user", None)  # after the view: DRF's authentication sets it too
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


def declared_public(response) -> bool:
    directives = {d.strip().split("=", 1)[0].lower() for d in response.get("Cache-Control", "").split(",")}
    return "public" in directives


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_logged_in(request) and not declared_public(response):
            patch_cache_control(response, no_store=True, private=True)
        return response
