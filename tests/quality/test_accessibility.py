"""Accessibility (JIS X 8341-3:2016 AA = WCAG 2.x AA) on the demo city, in Chromium.

- every public page reachable from `/` by links, as a visitor and as a logged-in resident;
- the public pages again with furigana on and in Chinese, Korean and Vietnamese;
- the main staff pages, as a demo staff member;
axe-core with the WCAG A/AA rules must find nothing, and no page may trip the CSP.
"""

import contextlib
import re
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from madoguchi.core.models import Person
from madoguchi.identity.testing import browser_session

from .a11y import SKIP_PATH, crawl
from .demo import load_demo_city
from .routes import all_routes

pytestmark = [pytest.mark.browser, pytest.mark.long, pytest.mark.django_db(transaction=True)]

STAFF_USER = "admin"  # demo superuser (情報管理課 システム管理): sees every staff page


@pytest.fixture
def demo_city():
    load_demo_city()


# Public pages again as read with furigana and in each language added for foreign residents
# (issue 22): ruby readings and other scripts change text lengths, wrapping and contrast spots.
READER_VARIANTS = {
    "furigana": ("madoguchi_furigana", "on"),
    "zh-hans": ("madoguchi_language", "zh-hans"),
    "ko": ("madoguchi_language", "ko"),
    "vi": ("madoguchi_language", "vi"),
}

STAFF_AREA = re.compile(r"staff|desk|backoffice|review|manage")

# Every public page family (DESIGN.md §5) must be reached by the visitor's crawl, so a link that
# disappears (or a family that stops rendering) cannot shrink the check to a couple of pages.
PUBLIC_FAMILIES = {
    "home": r"^/$",
    "procedures": r"^/procedures/",
    "life-events": r"^/life-events/",
    "participation": r"^/participation/",
    "opendata": r"^/opendata/",
    "plan": r"^/plan/",
    "counter signage": r"^/counter/signage/",
    "verify": r"^/verify/",
    "site search": r"^/search/",  # the header's box (a form, so a start below)
    "footer pages": r"^/(privacy-policy|terms|accessibility|contact)/$",  # linked from every footer
}


def public_starts() -> list[str]:
    """Home, plus the public pages that a visitor reaches from outside rather than by a link
    (the signage screen in the hall, the verify page a printed certificate's QR code opens)."""
    starts = ["/"]
    for name in ("counter:signage", "delivery:verify"):
        with contextlib.suppress(NoReverseMatch):
            starts.append(reverse(name))
    with contextlib.suppress(NoReverseMatch):  # the site search, with results of every kind
        starts.append(reverse("core:search") + "?q=" + quote("ほいく"))
    return starts


def missing_families(visited: list[str]) -> list[str]:
    return [
        family
        for family, pattern in PUBLIC_FAMILIES.items()
        if not any(re.search(pattern, urlsplit(path).path) for path in visited)
    ]


def staff_starts() -> list[str]:
    """Argument-free staff pages, found in the URL patterns (…/staff/…, counter desks, …)."""
    starts = []
    for route in all_routes():
        if route.has_object_args or route.regex or route.route.startswith(("admin/", "api/")):
            continue
        if STAFF_AREA.search(route.route) and not SKIP_PATH.search("/" + route.route):
            starts.append(route.sample_path())
    return [s for s in starts if s]


def _tab(page, live_server):
    """A tab in a context of its own (its own cookies) that can open more tabs when the crawl
    needs a fresh one: a `browser.new_page()` tab cannot."""
    return page.context.browser.new_context(base_url=live_server.url, locale="ja-JP").new_page()


# The crawls in groups, so that the test workers share them (each loads the demo city).
GROUPS = {
    "visitor and resident": ("public", "resident"),
    "furigana and Chinese": ("furigana", "zh-hans"),
    "Korean and Vietnamese": ("ko", "vi"),
    "staff": ("staff",),
}


def _crawl_as(who: str, page, live_server):
    from madoguchi.identity.testing import browser_login

    if who == "public":
        return crawl(page, public_starts(), limit=150, per_route=2)
    tab = _tab(page, live_server)
    try:
        if who == "resident":
            person = Person.objects.filter(is_demo=True).order_by("pk").first()
            browser_login(tab, live_server.url, person)
            starts = ["/"]
            with contextlib.suppress(NoReverseMatch):
                starts.append(reverse("applications:mine"))
            return crawl(tab, starts, limit=60, per_route=2)
        if who == "staff":
            starts = staff_starts()
            assert starts, "no staff pages found in the URL patterns"
            user = get_user_model().objects.get(username=STAFF_USER)
            browser_session(tab.context, live_server.url, user)
            return crawl(tab, starts, limit=60, per_route=2, follow=STAFF_AREA, lenient=frozenset(starts))
        cookie, value = READER_VARIANTS[who]
        tab.context.add_cookies([{"name": cookie, "value": value, "url": live_server.url}])
        return crawl(tab, public_starts(), limit=30, per_route=1)
    finally:
        tab.context.close()


@pytest.mark.parametrize("group", GROUPS)
def test_demo_city_has_no_accessibility_violations(group, demo_city, page, live_server):
    """One crawl per kind of visitor in the group, on one demo city."""
    reports = {who: _crawl_as(who, page, live_server) for who in GROUPS[group]}
    for who, report in reports.items():
        print(f"axe crawl as {who}: {report.summary()}")
    if "public" in reports:
        assert not missing_families(reports["public"].visited), (
            f"public page families the crawl never reached: {missing_families(reports['public'].visited)}"
        )
    for variant in set(READER_VARIANTS) & set(reports):
        assert len(reports[variant].visited) >= 20, f"{variant}: {reports[variant].visited}"
    failing = {who: r for who, r in reports.items() if r.violations or r.csp_errors or r.http_errors}
    assert not failing, "\n\n".join(f"== as {who} ==\n{r.failure_text()}" for who, r in failing.items())
