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
    person = PersonFactory(email="")
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
