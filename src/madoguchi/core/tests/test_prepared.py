"""A read compiled once (core/prepared.py) returns what the ORM's own query returns."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from madoguchi.core.models import Person
from madoguchi.core.prepared import PreparedRead
from madoguchi.core.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _person_with_households(pk):
    return Person.objects.select_related("user").annotate(accounts=Count("user")).filter(pk=pk)


def test_the_same_instance_as_the_orm_with_related_objects_and_annotations(django_assert_num_queries):
    people = [PersonFactory(user=UserFactory(), birth_date=datetime.date(1980, 4, 2)) for _ in range(3)]
    read = PreparedRead(_person_with_households)
    for person in people:
        expected = _person_with_households(person.pk).first()
        with django_assert_num_queries(1):
            got = read.first(person.pk)
            assert got.user.username == expected.user.username  # select_related: no second query
        assert got.birth_date == datetime.date(1980, 4, 2)  # the field's converter ran (SQLite: text)
        assert got.accounts == expected.accounts == 1
        field_names = [field.attname for field in Person._meta.concrete_fields]
        assert [getattr(got, name) for name in field_names] == [
            getattr(expected, name) for name in field_names
        ]
        assert got._state.db == "default" and not got._state.adding


def test_a_missing_row_is_none():
    assert PreparedRead(_person_with_households).first(987654) is None


def test_compiled_once_per_database(django_assert_num_queries):
    built = []

    def build(pk):
        built.append(pk)
        return get_user_model().objects.filter(pk=pk)

    read = PreparedRead(build)
    users = [UserFactory() for _ in range(3)]
    assert [read.first(user.pk) for user in users] == users
    assert len(built) == 1


def test_a_value_used_twice_is_refused():
    read = PreparedRead(lambda pk: get_user_model().objects.filter(Q(pk=pk) | Q(person__pk=pk)))
    with pytest.raises(ValueError, match="once"):
        read.first(1)
