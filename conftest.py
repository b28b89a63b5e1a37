"""Shared fixtures: people and things of the city, built fresh for each test; a real browser."""

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _test_session_settings(tmp_path_factory):
    """One test PKI per test session (identity.pki creates its files on first use), and passwords
    hashed with MD5: Django's PBKDF2 costs a quarter of a second per hash, and most tests make a
    staff account (the matrices make one per route). Production keeps Django's default hasher."""
    from django.test import override_settings

    with override_settings(
        MADOGUCHI_PKI_DIR=tmp_path_factory.mktemp("pki"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters (staff login lockout, PIN throttles) live in the cache: one test's
    failed attempts must not lock out the same username in the next test on the worker."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def page_cache():
    """The public page cache on (tests run with it off), in memory of its own and emptied, with
    what `pagecache.cached_under` keeps in the process forgotten before and after."""
    from django.conf import settings
    from django.core.cache import caches
    from django.test import override_settings

    from madoguchi.core import pagecache

    pages = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-tests"}
    pagecache.forget_local()
    with override_settings(MADOGUCHI_PAGE_CACHE=True, CACHES={**settings.CACHES, "pages": pages}):
        caches[pagecache.ALIAS].clear()
        yield
        caches[pagecache.ALIAS].clear()
    pagecache.forget_local()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (ja). A request through LocaleMiddleware
    leaves its language active in the thread, so an English request in one test would otherwise
    change the messages another test on the same worker sees."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


CHROMIUM = os.environ.get("MADOGUCHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _live_server_one_request_at_a_time():
    """On SQLite in memory the live server's request threads share the test's one connection
    (Django's `connections_override`): two requests at once — a page's images — broke each
    other's savepoints, and the broken connection failed every later test on the worker. There
    the browser's requests are answered one at a time. The site's calls to its own stand-ins
    (the JPKI identity provider, over `requests`) go through: the request that made them holds
    the turn and waits for them, without using the connection. On PostgreSQL each thread has
    its own connection."""
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWhenShared(ThreadedWSGIServer):
        def set_app(self, application):
            if not self.connections_override:
                return super().set_app(application)
            lock = threading.Lock()

            def one_at_a_time(environ, start_response):
                if not environ.get("HTTP_USER_AGENT", "").startswith("Mozilla/"):
                    return application(environ, start_response)
                with lock:
                    return application(environ, start_response)

            return super().set_app(one_at_a_time)

    original = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWhenShared
    yield
    LiveServerThread.server_class = original


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django must allow ORM calls from the test body.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page (own cookies) whose relative URLs go to the live test server."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # import every app's views here, not in the first page load's timeout
    context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    flagged = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    return bool(flagged) or bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """`postgres` tests are skipped on SQLite. After pytest-django's order (database tests, then
    transactional ones, then the rest), the transactional group starts with its longest tests:
    `long` ones, then the browser tests. Taken in file order they came last and held one worker
    while the other stood idle."""
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
    first = next((i for i, item in enumerate(items) if _transactional(item)), None)
    if first is None:
        return
    group = [item for item in items[first:] if _transactional(item)]
    rest = [item for item in items[first:] if not _transactional(item)]
    group.sort(
        key=lambda item: (item.get_closest_marker("long") is None, item.get_closest_marker("browser") is None)
    )
    items[first:] = group + rest
