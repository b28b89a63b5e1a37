"""The public page cache (core/pagecache.py, issue 27): anonymous visitors get public pages from
the cache, each with CSRF tokens of their own; a logged-in resident never does; a change made
through a service shows at once; a browser that has the page gets a 304."""

import re

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from madoguchi.core import pagecache
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import MunicipalityFactory, PersonFactory, staff_member
from madoguchi.identity.testing import login_resident
from madoguchi.procedures.services import update_procedure
from madoguchi.procedures.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(page_cache):
    """Every test here runs with the page cache on (conftest.py)."""


@pytest.fixture
def city():
    return MunicipalityFactory()


def tokens(response) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', response.content.decode())


def test_a_second_anonymous_visit_is_served_from_the_cache_with_the_visitors_own_token(city):
    first, second = Client(), Client()
    miss = first.get("/procedures/")
    assert miss.status_code == 200 and miss[pagecache.HEADER] == "miss"
    hit = second.get("/procedures/")
    assert hit[pagecache.HEADER] == "hit"
    assert tokens(hit)
    # Each visitor's tokens unmask to their own CSRF cookie; the first visitor's are not reused.
    secret = second.cookies[settings.CSRF_COOKIE_NAME].value
    assert all(_unmask_cipher_token(t) == secret for t in tokens(hit))
    assert secret != first.cookies[settings.CSRF_COOKIE_NAME].value
    assert not set(tokens(hit)) & set(tokens(miss))
    # ...and they work: the language switch on the cached page posts with its token.
    second.enforce_csrf_checks = True
    second.handler.enforce_csrf_checks = True
    answer = second.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens(hit)[-1]}
    )
    assert answer.status_code == 302


def test_a_page_for_a_logged_in_resident_is_never_served_from_the_public_cache(city):
    person = PersonFactory(family_name="窓口", given_name="花子")
    Client().get("/")  # the anonymous page is in the cache
    assert Client().get("/")[pagecache.HEADER] == "hit"
    resident = Client()
    login_resident(resident, person)
    for _ in range(2):
        page = resident.get("/")
        assert pagecache.HEADER not in page
        assert "窓口" in page.content.decode() and "ログアウト" in page.content.decode()
        assert {"no-store", "private"} <= {d.strip() for d in page["Cache-Control"].split(",")}
    # ...nor is what they saw stored for anyone else.
    anonymous = Client().get("/")
    assert anonymous[pagecache.HEADER] == "hit" and "ログアウト" not in anonymous.content.decode()


def test_publishing_a_procedure_changes_the_catalog_page_at_once(city):
    procedure = ProcedureFactory(name="猫の登録", is_published=False)
    visitor = Client()
    visitor.get("/procedures/")
    before = visitor.get("/procedures/")
    assert before[pagecache.HEADER] == "hit" and "猫の登録" not in before.content.decode()
    editor = staff_member(procedure.department, StaffRole.Role.REVIEW, username="publisher")
    update_procedure(procedure, by=editor, changes={"is_published": True})
    after = visitor.get("/procedures/")
    assert after[pagecache.HEADER] == "miss" and "猫の登録" in after.content.decode()
    assert visitor.get(f"/procedures/{procedure.code}/").status_code == 200


def test_a_browser_that_has_the_page_gets_a_304(city):
    procedure = ProcedureFactory(name="猫の登録", is_published=False)
    visitor = Client()
    page = visitor.get("/procedures/")
    etag = page["ETag"]
    assert etag.startswith('W/"') and page["Cache-Control"] == "no-cache" and page["Last-Modified"]
    not_modified = visitor.get("/procedures/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    # Another visitor (another CSRF secret) holding that ETag gets the page, with their own tokens.
    other = Client()
    other.get("/procedures/")
    assert other.get("/procedures/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    # A new version of the data with the same page: still 304 (the ETag is the page's content).
    pagecache.bump("procedures")
    assert visitor.get("/procedures/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # A change to what the page shows: the old ETag no longer matches.
    editor = staff_member(procedure.department, StaffRole.Role.REVIEW, username="publisher")
    update_procedure(procedure, by=editor, changes={"is_published": True})
    changed = visitor.get("/procedures/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "猫の登録" in changed.content.decode()


@pytest.mark.parametrize(
    ("cookies", "query"),
    [({"madoguchi_furigana": "on"}, ""), ({settings.LANGUAGE_COOKIE_NAME: "en"}, ""), ({}, "?q=保育")],
)
def test_language_furigana_and_query_each_have_their_own_page(city, cookies, query):
    Client().get("/procedures/")
    visitor = Client()
    for name, value in cookies.items():
        visitor.cookies[name] = value
    page = visitor.get(f"/procedures/{query}")
    assert page[pagecache.HEADER] == "miss"
    if "madoguchi_furigana" in cookies:
        assert "<ruby>" in page.content.decode()
    if settings.LANGUAGE_COOKIE_NAME in cookies:
        assert '<html lang="en"' in page.content.decode()
    assert visitor.get(f"/procedures/{query}")[pagecache.HEADER] == "hit"


def test_an_anonymous_session_or_a_message_is_not_cached(city):
    visitor = Client()
    session = visitor.session
    session["lifeevent_answers"] = {"children": 1}
    session.save()
    assert pagecache.HEADER not in visitor.get("/life-events/")
    assert pagecache.HEADER not in visitor.get("/life-events/")
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert pagecache.HEADER not in visitor.get("/life-events/")


def test_pages_not_listed_and_posts_are_never_cached(city):
    visitor = Client()
    assert pagecache.HEADER not in visitor.get("/healthz")
    assert pagecache.HEADER not in visitor.get("/login/")
    assert pagecache.HEADER not in visitor.head("/procedures/")  # not stored from a HEAD
    assert visitor.get("/procedures/")[pagecache.HEADER] == "miss"
    assert visitor.head("/procedures/")[pagecache.HEADER] == "hit"


def test_a_host_not_allowed_is_refused_as_before(city):
    assert Client().get("/procedures/", HTTP_HOST="evil.example").status_code == 400


def test_unknown_scopes_are_refused():
    with pytest.raises(ValueError):
        pagecache.bump("procedure")
