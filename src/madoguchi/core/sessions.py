"""Sessions in Redis (SESSION_ENGINE where the site has Redis), read in the round trip that also
reads the request's page versions (core.pagecache.get_with_versions, ADR 0007)."""

from django.contrib.sessions.backends import cache

from . import pagecache


class SessionStore(cache.SessionStore):
    def load(self):
        try:
            data = pagecache.get_with_versions(self._cache, self.cache_key)
        except Exception:  # as Django's: an unreadable session is a new one
            data = None
        if data is not None:
            return data
        self._session_key = None
        return {}
