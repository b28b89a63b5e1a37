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
