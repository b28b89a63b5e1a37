"""The submit path's published forms, cached per process under the page cache's "procedures"
version (ADR 0007): no query while nothing changed, and any change — through the editor or any
other save — is seen by the next submit."""

import pytest

from madoguchi.core import pagecache
from madoguchi.core.models import StaffRole
from madoguchi.core.tests.factories import staff_member
from madoguchi.procedures import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(page_cache):
    """Every test here runs with the page cache on (conftest.py)."""


def test_a_second_read_asks_the_database_nothing(genkyo, django_assert_num_queries):
    first = services.published_with_form(genkyo.code)
    with django_assert_num_queries(0):
        second = services.published_with_form(genkyo.code)
    assert second.pk == first.pk and second.current_version.pk == first.current_version.pk
    assert second is not first  # each caller its own copy
    second.name = "changed by one request"
    assert services.published_with_form(genkyo.code).name == genkyo.name


def test_withdrawing_through_any_save_is_seen_at_once(genkyo):
    assert services.published_with_form(genkyo.code) is not None
    genkyo.is_published = False
    genkyo.save()  # not through a service: the signal bumps the version
    assert services.published_with_form(genkyo.code) is None


def test_a_new_form_version_is_seen_at_once(genkyo, departments):
    editor = staff_member(departments["kodomo-shien"], StaffRole.Role.REVIEW)
    old = services.published_with_form(genkyo.code).current_version
    schema = {**old.schema, "title": old.schema.get("title", "") + "（改）"}
    services.save_form_version(genkyo, schema=schema, ui_schema=old.ui_schema, by=editor, publish=True)
    assert services.published_with_form(genkyo.code).current_version.number == old.number + 1


def test_an_entry_is_not_trusted_past_its_age(genkyo, monkeypatch, django_assert_num_queries):
    services.published_with_form(genkyo.code)
    clock = pagecache.time.monotonic() + pagecache.LOCAL_SECONDS + 1
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock)
    with django_assert_num_queries(1):  # a bump lost in a cache outage is not trusted for long
        services.published_with_form(genkyo.code)


def test_without_the_cache_every_read_is_a_database_read(genkyo, monkeypatch, django_assert_num_queries):
    def unreachable(scopes):
        raise ConnectionError("cache down")

    monkeypatch.setattr(pagecache, "versions", unreachable)
    services.published_with_form(genkyo.code)
    with django_assert_num_queries(1):
        assert services.published_with_form(genkyo.code).code == genkyo.code
