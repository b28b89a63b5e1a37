import pytest
from django.core import mail

from madoguchi.core.models import Notification
from madoguchi.core.notifications import notify

from .factories import MunicipalityFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_notification_is_sent_after_commit(django_capture_on_commit_callbacks, tmp_path, settings):
    MunicipalityFactory()
    person = PersonFactory(email="hanako@example.jp", given_name="花子")
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(person, "core/test_notice", language="ja", what="テスト")
        assert len(mail.outbox) == 0  # nothing leaves before commit
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hanako@example.jp"]
    assert "国分寺市" in mail.outbox[0].subject and "花子" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


def test_no_address_no_notification():
    person = PersonFactory(email="", postal_code="", address="")  # with an address: a letter (notices)
    assert notify(person, "core/test_notice", what="x") == []


def test_a_failed_send_is_recorded_and_does_not_break_the_caller(django_capture_on_commit_callbacks):
    """Eager (demo) mode: the request that committed goes on; the failure is visible to staff."""
    from unittest import mock

    from madoguchi.core.notifications.email import EmailNotifier

    MunicipalityFactory()
    person = PersonFactory(email="taro@example.jp")
    with (
        mock.patch.object(EmailNotifier, "send", side_effect=ConnectionRefusedError("smtp down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        [notification] = notify(person, "core/test_notice", what="テスト")
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED and "smtp down" in notification.error
    assert len(mail.outbox) == 0


def test_a_redelivered_send_carries_the_same_key(django_capture_on_commit_callbacks):
    """A worker killed after sending but before marking "sent": the task runs again and sends
    again, under the same delivery key (the Message-ID), so the message is the same one."""
    from madoguchi.core.notifications import delivery_key
    from madoguchi.core.tasks import send_notification

    MunicipalityFactory()
    person = PersonFactory(email="jiro@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(person, "core/test_notice", what="テスト")
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.PENDING)
    assert send_notification.apply(args=[notification.pk]).get() == "sent"
    assert send_notification.apply(args=[notification.pk]).get() == "already sent"
    key = delivery_key(notification)
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [f"<{key}@city.example.jp>"] * 2


def test_a_database_error_retries_instead_of_dropping_the_notification(django_capture_on_commit_callbacks):
    from unittest import mock

    from celery.exceptions import Retry
    from django.db import OperationalError
    from django.db.models import QuerySet

    from madoguchi.core.tasks import send_notification

    MunicipalityFactory()
    person = PersonFactory(email="jiro@example.jp")
    with django_capture_on_commit_callbacks(execute=False):
        [notification] = notify(person, "core/test_notice", what="テスト")
    send_notification.push_request(is_eager=False, retries=0)
    try:
        with (
            mock.patch.object(
                QuerySet, "update", side_effect=OperationalError("server closed the connection")
            ),
            mock.patch.object(send_notification, "retry", side_effect=Retry()) as retry,
            pytest.raises(Retry),
        ):
            send_notification.run(notification.pk)  # sent, but "sent" could not be recorded
    finally:
        send_notification.pop_request()
    assert retry.call_args.kwargs["countdown"] == 1
    assert len(mail.outbox) == 1  # the retry will send again, with the same Message-ID


def test_the_sweep_requeues_notifications_left_pending(django_capture_on_commit_callbacks):
    from unittest import mock

    from madoguchi.core.tasks import requeue_pending_notifications, send_notification

    MunicipalityFactory()
    person = PersonFactory(email="jiro@example.jp")
    with django_capture_on_commit_callbacks(execute=False):  # the process died before queueing
        [notification] = notify(person, "core/test_notice", what="テスト")
    with mock.patch.object(send_notification, "delay") as delay:
        assert requeue_pending_notifications() == 0  # too recent: its task may just be queued
        assert requeue_pending_notifications(older_than_minutes=0) == 1
    delay.assert_called_once_with(notification.pk)


def test_a_composed_notice_is_written_with_an_event_and_sent_after_commit(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    """`compose` stores nothing; `record_event(…, along=…)` writes it in the Event's statement
    on PostgreSQL (one statement in all), and `queue` sends it once the transaction commits."""
    from django.db import connection

    from madoguchi.core import audit
    from madoguchi.core.events import record_event
    from madoguchi.core.notifications import compose, queue

    MunicipalityFactory()
    person = PersonFactory(email="hanako@example.jp", given_name="花子")
    record_event(person, verb="noted")  # the chain has a head
    [notice] = compose(person, "core/test_notice", language="ja", what="テスト")
    assert notice.pk is None and not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        with django_assert_num_queries(1 if connection.vendor == "postgresql" else 5):
            record_event(person, verb="notice_composed", along=[notice])
        queue([notice])
        assert len(mail.outbox) == 0
    assert Notification.objects.get().pk == notice.pk
    assert len(mail.outbox) == 1 and "花子" in mail.outbox[0].body
    assert audit.verify().ok
