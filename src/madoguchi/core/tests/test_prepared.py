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
