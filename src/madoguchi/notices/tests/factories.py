"""People and things of the city for the notices tests."""

from __future__ import annotations

from madoguchi.core.models import Department
from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, PersonFactory
from madoguchi.notices.models import ChannelPreference


def city():
    from madoguchi.core.models import Municipality

    return Municipality.current() or MunicipalityFactory()


def mailroom() -> Department:
    """市民課, where the letters are printed (MADOGUCHI_NOTICES_MAILROOM's default)."""
    return Department.objects.filter(code="shimin").first() or DepartmentFactory(code="shimin", name="市民課")


def resident_without_email(**kwargs):
    defaults = {
        "family_name": "郵便",
        "given_name": "花子",
        "email": "",
        "postal_code": "185-0012",
        "address": "東京都国分寺市本町二丁目1番1号",
    }
    return PersonFactory(**{**defaults, **kwargs})


def prefers(person, order: list[str], *, mobile: str = "", line_user_id: str = "") -> ChannelPreference:
    from madoguchi.notices.channels.common import e164

    preference, _ = ChannelPreference.objects.update_or_create(
        person=person, defaults={"order": order, "mobile": e164(mobile), "line_user_id": line_user_id}
    )
    return preference


LINE_USER = "U" + "0123456789abcdef" * 2


def waiting_letter(*, family_name: str = "郵便"):
    """A notice queued as a letter for the next batch (without going through the sending task)."""
    from madoguchi.core.models import Notification
    from madoguchi.notices.services import queue_letter
    from madoguchi.notices.services.deliveries import delivery_of

    city()
    mailroom()
    person = resident_without_email(family_name=family_name)
    notification = Notification.objects.create(
        recipient=person,
        address=f"〒{person.postal_code} {person.address}",
        channel="letter",
        template="notices/notifications/channels_set",
        subject="市からのお知らせの受け取り方法を登録しました",
        body="テスト",
    )
    return queue_letter(delivery_of(notification), subject=notification.subject, body=notification.body)
