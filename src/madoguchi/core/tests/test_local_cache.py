"""What every request reads and a service changes seldom, kept per process under a page cache
version (pagecache.cached_under): the city here; the submit's forms and rules in their apps."""

import pytest

from madoguchi.core import pagecache
from madoguchi.core.models import Municipality
from madoguchi.core.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_the_city_is_read_once_and_each_caller_gets_a_copy(page_cache, django_assert_num_queries):
    MunicipalityFactory(name="国分寺市")
    first = Municipality.current()
    with django_assert_num_queries(0):
        second = Municipality.current()
    assert second is not first and second.name == "国分寺市"
    second.name = "changed by one request"
    assert Municipality.current().name == "国分寺市"


def test_saving_the_city_is_seen_at_once(page_cache):
    city = MunicipalityFactory(name="国分寺市")
    assert Municipality.current().phone == city.phone
    city.phone = "042-300-0000"
    city.save()
    assert Municipality.current().phone == "042-300-0000"


def test_without_the_page_cache_every_call_loads(django_assert_num_queries):
    calls = []
    for _ in range(2):
        assert pagecache.cached_under("site", "x", lambda: calls.append(1) or len(calls)) == len(calls)
    assert calls == [1, 1]


@pytest.fixture
def version_reads(monkeypatch):
    """The round trips that read versions from the cache."""
    reads = []
    read = pagecache._read_versions
    monkeypatch.setattr(
        pagecache, "_read_versions", lambda scopes: reads.append(tuple(scopes)) or read(scopes)
    )
    return reads


def test_a_request_reads_every_version_once(page_cache, version_reads):
    with pagecache.versions_read_once():
        pagecache.cached_under("procedures", "x", lambda: 1)
        pagecache.cached_under("site", "x", lambda: 2)
        pagecache.cached_under("automation", "x", lambda: 3)
    assert len(version_reads) == 1
    assert set(version_reads[0]) == {*pagecache.SCOPES, *pagecache.LOCAL_SCOPES}


def test_a_bump_in_the_request_is_seen_by_its_later_reads(page_cache):
    loads = []
    with pagecache.versions_read_once():
        pagecache.cached_under("procedures", "x", lambda: loads.append(1))
        pagecache.bump("procedures")
        pagecache.cached_under("procedures", "x", lambda: loads.append(2))
    assert loads == [1, 2]


def test_outside_a_request_each_read_asks_the_cache(page_cache, version_reads):
    pagecache.cached_under("procedures", "x", lambda: 1)
    pagecache.cached_under("site", "x", lambda: 2)
    assert version_reads == [("procedures",), ("site",)]


def test_a_change_by_another_node_is_seen_by_the_next_request(page_cache):
    loads = []
    with pagecache.versions_read_once():
        pagecache.cached_under("site", "x", lambda: loads.append(1))
    pagecache._cache().set("v:site", "another node's version", timeout=None)
    with pagecache.versions_read_once():
        pagecache.cached_under("site", "x", lambda: loads.append(2))
    assert loads == [1, 2]
