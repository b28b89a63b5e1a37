import logging

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import DatabaseError

logger = logging.getLogger("madoguchi.errors")


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that failing to *refresh* an unchanged session does not undo a response.

    With SESSION_SAVE_EVERY_REQUEST every response re-saves the session to slide its idle timeout.
    If the database blips at that moment, Django answers 400 although the view's work (say, an
    application and its receipt number) is already committed, and a client that believes the 400
    gives up on an application that exists. Here the client gets the real response; only the idle
    timer is not extended. A session the request changed (a login, a logout) still fails loudly.
    """

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError):
            session = getattr(request, "session", None)
            if session is None or session.modified or response.status_code >= 400:
                raise
            logger.warning("session refresh failed after %s %s", request.method, request.path, exc_info=True)
            return response
