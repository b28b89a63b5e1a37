"""A read compiled once (core/prepared.py) returns what the ORM's own query returns."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q

from madoguchi.core.models import Event, Person
from madoguchi.core.prepared import PreparedInsert, PreparedRead, statement_cursor
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


# ---------------------------------------------------------------- PreparedInsert


def _stored(model, pk) -> dict:
    from django.forms.models import model_to_dict

    row = model_to_dict(model.objects.get(pk=pk))
    row.pop("id")
    return row


def test_an_insert_stores_what_the_orms_save_stores(django_assert_num_queries):
    from madoguchi.core.models import Event
    from madoguchi.core.prepared import PreparedInsert

    actor = UserFactory()
    insert = PreparedInsert(Event)

    def event():
        return Event(
            actor=actor, subject_type="core.person", subject_id="7", verb="moved", data={"住所": "国分寺市"}
        )

    by_orm, prepared = event(), event()
    by_orm.save()
    with django_assert_num_queries(1):
        insert.save(prepared)
    assert prepared.pk and prepared.pk != by_orm.pk
    assert not prepared._state.adding and prepared._state.db == "default"
    assert _stored(Event, prepared.pk) == {**_stored(Event, by_orm.pk), "time": prepared.time}
    with django_assert_num_queries(1):  # compiled once: the second costs the same one statement
        insert.save(event())


def test_an_insert_sends_the_save_signals_and_runs_field_pre_save():
    from django.db.models.signals import post_save, pre_save

    from madoguchi.core.models import Notification
    from madoguchi.core.prepared import PreparedInsert

    seen = []

    def before(sender, instance, **kwargs):
        seen.append(("pre", instance.pk))

    def after(sender, instance, created, **kwargs):
        seen.append(("post", instance.pk, created))

    pre_save.connect(before, sender=Notification)
    post_save.connect(after, sender=Notification)
    try:
        message = PreparedInsert(Notification).save(
            Notification(address="a@example.jp", channel="email", template="t", subject="s", body="b")
        )
    finally:
        pre_save.disconnect(before, sender=Notification)
        post_save.disconnect(after, sender=Notification)
    assert seen == [("pre", None), ("post", message.pk, True)]
    assert message.created_at is not None  # auto_now_add, as the ORM sets it
    assert Notification.objects.get(pk=message.pk).created_at == message.created_at


def test_only_a_new_instance_of_its_model_is_inserted():
    from madoguchi.core.models import Event, Notification
    from madoguchi.core.prepared import PreparedInsert

    insert = PreparedInsert(Event)
    saved = insert.save(Event(subject_type="x", subject_id="1", verb="v"))
    with pytest.raises(ValueError):
        insert.save(saved)
    with pytest.raises(ValueError):
        insert.save(Notification(address="a", channel="email", template="t"))


def test_an_expression_goes_through_the_orm_with_one_pre_save_signal():
    from django.db.models.functions import Now
    from django.db.models.signals import pre_save

    from madoguchi.core.models import Event
    from madoguchi.core.prepared import PreparedInsert

    seen = []

    def before(sender, instance, **kwargs):
        seen.append(instance)

    pre_save.connect(before, sender=Event)
    try:
        event = PreparedInsert(Event).save(Event(subject_type="x", subject_id="1", verb="v", time=Now()))
    finally:
        pre_save.disconnect(before, sender=Event)
    assert Event.objects.get(pk=event.pk).time is not None
    assert seen == [event]


def _prepared_on_this_connection() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgresql_plans_the_statements_once_per_connection(django_assert_num_queries):
    """The account read and a new row's INSERT are prepared on the connection at their first run
    and reused after; the query log still shows what ran."""
    people = [PersonFactory(user=UserFactory()) for _ in range(2)]
    read = PreparedRead(_person_with_households)
    with django_assert_num_queries(2) as queries:
        assert [read.first(person.pk).pk for person in people] == [person.pk for person in people]
    assert queries.captured_queries[0]["sql"].startswith('SELECT "core_person"."id"')
    [statement] = [sql for sql in _prepared_on_this_connection() if '"core_person"' in sql]
    assert "$1" in statement  # the value travels apart from the SQL

    event = PreparedInsert(Event).save(Event(subject_type="core.person", subject_id="1", verb="seen"))
    assert Event.objects.get(pk=event.pk).verb == "seen"
    assert any(sql.startswith('INSERT INTO "core_event"') for sql in _prepared_on_this_connection())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_nothing_is_prepared_when_the_setting_is_off(monkeypatch):
    """MADOGUCHI_DB_PREPARED_STATEMENTS=false (a PgBouncer that cannot keep them): plain cursors."""
    monkeypatch.delitem(connection.settings_dict["OPTIONS"], "prepare_threshold")
    with statement_cursor(connection) as cursor:
        cursor.execute("SELECT %s::int + 41", [1])
        assert cursor.fetchone() == (42,)
    assert not any("41" in sql for sql in _prepared_on_this_connection())
    person = PersonFactory(user=UserFactory())
    assert PreparedRead(_person_with_households).first(person.pk) == person


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_a_rolled_back_transaction_leaves_the_statements_usable():
    """psycopg forgets its prepared statements on a rollback and prepares them again."""
    read = PreparedRead(_person_with_households)
    person = PersonFactory(user=UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        assert read.first(person.pk) == person
        Person.objects.create(pk=person.pk)  # the same key: the transaction fails
    assert read.first(person.pk) == person
    assert read.first(person.pk) == person
    # prepared again after the rollback, once
    assert len([sql for sql in _prepared_on_this_connection() if '"core_person"' in sql]) == 1
