"""Public pages from a cache (issue 27): the catalog, a procedure's guide, life events, open data,
participation listings and the plan, as an anonymous visitor sees them, rendered once per data
version instead of once per request.

What a page may be served from the cache:

- the request: GET or HEAD, a page named in `PUBLIC_PAGES`, no login (no session data at all: a
  session that holds anything, a pending message, a login in progress, is never cached), no
  `Authorization` header;
- the response: 200, HTML, not marked private/no-store/no-cache by the view, no cookie set but
  the CSRF cookie, no message queued, the session still empty, no `Vary` on anything but the
  visitor's cookies, language and encoding.

The key is the host, the path with its query, the language, the visitor's preference cookies
(furigana, やさしい日本語, text size... every cookie but the session, CSRF and messages ones),
and the version of each kind of data the page shows (`PUBLIC_PAGES`). A service that changes such
data calls `bump("procedures")`: the version changes at once (and again when the transaction
commits, so a page rendered from the old data meanwhile is stored under a version nobody asks for
any more). Entries also expire (`MADOGUCHI_PAGE_CACHE_SECONDS`), for what changes with the clock
(a participation phase that closes) or outside a service (the admin).

Every page carries CSRF tokens (the language switch, the assistant's box). They are cut out of
the stored page and each visitor gets tokens of their own, masked afresh, as Django would render
them; the raw secret is never stored. ETags are weak and also depend on the visitor's CSRF
secret, so a 304 never lets a browser keep a form whose token no longer matches its cookie.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.http import http_date

logger = logging.getLogger("madoguchi.pagecache")

ALIAS = "pages"
HEADER = "X-Page-Cache"  # hit | miss: for operators and tests

# Kinds of public data, one version each. `site` is on every page (the city's name and contact).
SCOPES = ("site", "procedures", "lifeevents", "opendata", "participation", "pdca")
# Versions only what a process keeps for itself reads (`cached_under`): no page shows them.
LOCAL_SCOPES = ("automation",)

# url name → the kinds of data the page shows.
PUBLIC_PAGES: dict[str, tuple[str, ...]] = {
    "core:home": SCOPES,
    "procedures:list": ("procedures",),
    "procedures:detail": ("procedures",),
    "procedures:form": ("procedures",),
    "lifeevents:index": ("lifeevents", "procedures"),
    "lifeevents:questions": ("lifeevents", "procedures"),
    "opendata:index": ("opendata",),
    "opendata:dataset": ("opendata",),
    "opendata:api_guide": ("opendata",),
    "participation:index": ("participation",),
    "participation:process": ("participation",),
    "participation:proposal": ("participation",),
    "participation:workshop": ("participation",),
    "participation:survey_results": ("participation",),
    "pdca:index": ("pdca",),
    "pdca:initiative": ("pdca",),
}

# Vary values a stored page may carry: all are in the key.
_KEYED_VARY = {"cookie", "accept-language", "accept-encoding"}
_TOKEN = re.compile(rb"[A-Za-z0-9]{64}")


def enabled() -> bool:
    return getattr(settings, "MADOGUCHI_PAGE_CACHE", False)


def _cache():
    return caches[ALIAS]


def _new_version() -> str:
    return f"{time.time_ns():x}"


def _set_versions(scopes) -> None:
    version = _new_version()
    _cache().set_many({f"v:{scope}": version for scope in scopes}, timeout=None)
    seen = _request_versions.get()
    if seen:  # the rest of this request sees its own change
        seen.update(dict.fromkeys(scopes, version))


def bump(*scopes: str) -> None:
    """The public pages that show `scopes` ("procedures", "opendata"...) change now. Call it in
    the service that changed the data, inside its transaction; without a scope: every page."""
    unknown = set(scopes) - set(SCOPES) - set(LOCAL_SCOPES)
    if unknown:
        raise ValueError(f"unknown page cache scope(s): {sorted(unknown)}")
    if not enabled():
        return
    scopes = scopes or SCOPES
    try:
        _set_versions(scopes)
        # A request that read the new version before the commit may have rendered the old data:
        # once more after the commit, so such a page is never asked for.
        transaction.on_commit(lambda: _set_versions(scopes))
    except Exception:  # a cache outage must not undo the city's change; entries expire anyway
        logger.exception("page cache: bump(%s) failed", ",".join(scopes))


# The versions one request has read: every scope at its first read, in one round trip (a submit
# reads three: its form, the city and the automation rules). None outside a request.
_request_versions: ContextVar[dict[str, str] | None] = ContextVar("pagecache_versions", default=None)


@contextmanager
def versions_read_once():
    """Within the block (a request, PublicPageCacheMiddleware), the versions are read from the
    cache once, all together, and a `bump` in the block updates them."""
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def versions(scopes) -> list[str]:
    seen = _request_versions.get()
    if seen is None:
        return _read_versions(scopes)
    if not seen:
        every = (*SCOPES, *LOCAL_SCOPES)
        seen.update(zip(every, _read_versions(every), strict=True))
    return [seen[scope] for scope in scopes]


def _read_versions(scopes) -> list[str]:
    cache = _cache()
    keys = [f"v:{scope}" for scope in scopes]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        # Never "0": an evicted version key must not bring back pages stored under the first one.
        for key in missing:
            cache.add(key, _new_version(), timeout=None)
        found.update(cache.get_many(missing))
    return [found.get(k, "") for k in keys]


def get_with_versions(cache, key: str):
    """`cache.get(key)`, with this request's page versions in the same round trip while they are
    still unread and `cache` is the page cache's Redis: the session, read by nearly every request
    that also reads versions (a submit: its form, the city), costs no round trip of its own.
    Versions that are missing are left to `versions`, which adds them."""
    seen = _request_versions.get()
    pages = _cache()
    if seen != {} or not enabled() or not _same_redis(cache, pages):
        return cache.get(key)
    every = (*SCOPES, *LOCAL_SCOPES)
    keys = [cache.make_and_validate_key(key), *(pages.make_and_validate_key(f"v:{s}") for s in every)]
    found = cache._cache.get_many(keys)
    read = [found.get(k) for k in keys[1:]]
    if all(read):
        seen.update(zip(every, read, strict=True))
    return found.get(keys[0])


def _same_redis(cache, pages) -> bool:
    return (
        isinstance(cache, RedisCache)
        and isinstance(pages, RedisCache)
        and (cache._servers, cache._options) == (pages._servers, pages._options)
    )


def version_of(scope: str) -> str | None:
    """The current version of `scope` for a cache of one's own (e.g. the submit's published forms),
    or None when the page cache is off or cannot be reached: the caller then reads the database."""
    if not enabled():
        return None
    try:
        return versions([scope])[0] or None
    except Exception:
        logger.warning("page cache: version of %s unavailable", scope, exc_info=True)
        return None


# Data kept in process memory under a version (`cached_under`), for at most this long: a bump lost
# in a cache outage is not trusted for longer.
LOCAL_SECONDS = 60
_local: dict[tuple[str, str], tuple[str, float, object]] = {}


def cached_under(scope: str, key: str, load):
    """`load()`, kept in this process while `scope`'s version stays the same (and LOCAL_SECONDS
    at most); called every time when the page cache is off or cannot be reached. The value is
    shared between requests: callers hand out copies of what they might change.

    For what every request reads and a service changes seldom (a published form, the city, the
    automation rules): one cache read instead of a query, and every node sees a change at its
    next read, because whatever changes the data bumps the version."""
    version = version_of(scope)
    if version is None:
        return load()
    now = time.monotonic()
    entry = _local.get((scope, key))
    if entry is None or entry[0] != version or now - entry[1] > LOCAL_SECONDS:
        entry = _local[(scope, key)] = (version, now, load())
    return entry[2]


def bump_on_save(scope: str, *models) -> None:
    """Bump `scope` whenever one of `models` is saved or deleted, whatever code does it (the
    services bump too; this catches the rest but `QuerySet.update`)."""
    from django.db.models.signals import post_delete, post_save

    def changed(sender, **kwargs) -> None:
        if not kwargs.get("raw"):
            bump(scope)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                changed, sender=model, weak=False, dispatch_uid=f"bump-{scope}-{model._meta.label}"
            )


def forget_local() -> None:
    """Drop what `cached_under` holds (tests)."""
    _local.clear()


@lru_cache(maxsize=4096)
def _page_scopes(urlconf, path: str) -> tuple[str, ...] | None:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return PUBLIC_PAGES.get(match.view_name)


def _private_cookies() -> set[str]:
    return {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name}


def request_scopes(request) -> tuple[str, ...] | None:
    """The data scopes of a request that may be answered from the cache, else None."""
    if request.method not in ("GET", "HEAD") or not enabled():
        return None
    if "HTTP_AUTHORIZATION" in request.META or CookieStorage.cookie_name in request.COOKIES:
        return None
    scopes = _page_scopes(getattr(request, "urlconf", None), request.path_info)
    if scopes is None:
        return None
    session = getattr(request, "session", None)
    if session is not None and settings.SESSION_COOKIE_NAME in request.COOKIES and session.keys():
        return None  # anything in the session (a login above all) makes the page someone's
    return ("site", *scopes)


def page_key(request, scopes) -> str:
    private = _private_cookies()
    preferences = sorted((k, v) for k, v in request.COOKIES.items() if k not in private)
    parts = [
        request.get_host(),
        request.scheme,
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        repr(preferences),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        *(f"{s}={v}" for s, v in zip(scopes, versions(scopes), strict=True)),
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _split_tokens(content: bytes, secret: str | None) -> list[bytes] | None:
    """The page cut at each CSRF token masked from `secret`; None if the raw secret is in it."""
    if not secret:
        return [content]
    if secret.encode() in content:
        return None
    segments, start = [], 0
    for match in _TOKEN.finditer(content):
        if _unmask_cipher_token(match.group().decode()) == secret:
            segments.append(content[start : match.start()])
            start = match.end()
    segments.append(content[start:])
    return segments


def _directives(response) -> set[str]:
    return {
        d.strip().split("=", 1)[0].lower() for d in response.get("Cache-Control", "").split(",") if d.strip()
    }


def entry_for(request, response) -> dict | None:
    """What may be stored of a response rendered for an anonymous visitor, else None."""
    from .privatecache import is_logged_in

    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    if _directives(response) & {"private", "no-store", "no-cache"} or is_logged_in(request):
        return None
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return None
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return None
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return None
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - _KEYED_VARY:
        return None
    segments = _split_tokens(response.content, request.META.get("CSRF_COOKIE"))
    if segments is None:
        return None
    skip = {"content-length", "etag", "last-modified", "date", "expires", "cache-control", HEADER.lower()}
    digest = hashlib.sha256(b"\x00".join(segments)).hexdigest()[:24]
    return {
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.headers.items() if k.lower() not in skip],
        "segments": segments,
        "etag": digest,
        "modified": int(time.time()),
    }


def _etag(entry: dict, request) -> str:
    secret = request.META.get("CSRF_COOKIE", "") if len(entry["segments"]) > 1 else ""
    visitor = salted_hmac("madoguchi.pagecache", secret).hexdigest()[:12] if secret else "0"
    return f'W/"{entry["etag"]}-{visitor}"'


def _validators(response, entry, request) -> None:
    response["ETag"] = _etag(entry, request)
    response["Last-Modified"] = http_date(entry["modified"])
    # Revalidate every time (a change shows at once), with a 304 when nothing changed.
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Cookie",))


class PublicPageCacheMiddleware:
    """After LocaleMiddleware (the language is known) and before the furigana and やさしい日本語
    middleware (what is stored already has its readings)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        with versions_read_once():
            return self.cached(request)

    def cached(self, request):
        scopes = request_scopes(request)
        if scopes is None:
            return self.get_response(request)
        cache = _cache()
        try:
            key = page_key(request, scopes)
            entry = cache.get(key)
        except DisallowedHost:  # CommonMiddleware answers it
            return self.get_response(request)
        except Exception:  # the cache is an optimisation: down, the pages are rendered
            logger.exception("page cache unavailable")
            return self.get_response(request)
        if entry is not None:
            return self.serve(request, entry)
        response = self.get_response(request)
        entry = entry_for(request, response)
        if entry is None:
            return response
        try:
            cache.set(key, entry, timeout=settings.MADOGUCHI_PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("page cache: could not store %s", request.path)
        _validators(response, entry, request)
        response[HEADER] = "miss"
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=entry["modified"], response=response
        )

    def serve(self, request, entry: dict):
        self.csrf.process_request(request)  # the visitor's own CSRF secret, from their cookie
        tokens = len(entry["segments"]) - 1
        if not tokens or "CSRF_COOKIE" in request.META:
            # Without a secret yet the visitor gets a new one: nothing they hold can still match.
            not_modified = get_conditional_response(
                request, etag=_etag(entry, request), last_modified=entry["modified"]
            )
            if not_modified is not None:
                _validators(not_modified, entry, request)
                not_modified[HEADER] = "hit"
                return not_modified
        segments = entry["segments"]
        body = segments[0] + b"".join(get_token(request).encode() + part for part in segments[1:])
        response = HttpResponse(body, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(body))
        _validators(response, entry, request)
        response[HEADER] = "hit"
        return self.csrf.process_response(request, response)
