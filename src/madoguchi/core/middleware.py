import logging
import time

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
    """Django's, with a sliding idle timeout that writes the session at most once a minute, and
    a failed *refresh* that does not undo a response.

    Each session lasts SESSION_COOKIE_AGE from its last write. Rather than re-saving it on every
    request (SESSION_SAVE_EVERY_REQUEST: two cache round trips and a pickle per request), a
    request re-saves it, and re-sends the cookie, once MADOGUCHI_SESSION_REFRESH_SECONDS have
    passed since the last write: an idle session ends at most that much sooner than
    SESSION_COOKIE_AGE after the last request (ADR 0007).

    If the session store blips while a request only refreshes the session, Django would answer
    400 although the view's work (say, an application and its receipt number) is already
    committed, and a client that believes the 400 gives up on an application that exists. Here
    the client gets the real response; only the idle timer is not extended. A session the
    request changed (a login, a logout) still fails loudly.
    """

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        changed = session is None or session.modified
        if session is not None:
            _stamp(session, changed)
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError):
            if changed or response.status_code >= 400:
                raise
            logger.warning("session refresh failed after %s %s", request.method, request.path, exc_info=True)
            return response


REFRESHED_KEY = "_madoguchi_refreshed"


def _stamp(session, changed: bool) -> None:
    """Note the time of the write on a session being saved anyway (`changed`), or mark a live
    session for re-saving when its last write is older than the refresh interval."""
    if session.session_key is None and not changed:  # no session cookie: nothing is read
        return
    now = int(time.time())
    last = session.get(REFRESHED_KEY, 0)  # loads it: a cookie of an expired session empties it
    if not session.is_empty() and (changed or now - last >= settings.MADOGUCHI_SESSION_REFRESH_SECONDS):
        session[REFRESHED_KEY] = now
