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
