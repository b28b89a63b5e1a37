"""連絡方法の希望: which channels reach a resident, in their order, and the page that sets them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from madoguchi.core.events import record_event

from ..channels.common import e164
from ..events import Verb
from ..models import Channel, ChannelPreference

DEFAULT_ORDER = [Channel.EMAIL.value]
LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def offered() -> list[str]:
    """The channels the city offers (MADOGUCHI_NOTICES_CHANNELS; all four by default)."""
    default = [c.value for c in Channel]
    return [c for c in getattr(settings, "MADOGUCHI_NOTICES_CHANNELS", default) if c in default]


def preference_of(person) -> ChannelPreference | None:
    return ChannelPreference.objects.filter(person=person).first() if person and person.pk else None


def channels_for(person) -> list[str]:
    """The resident's channels, most preferred first, ending with the letter (the city can always
    write to the registered address). Without a stated preference: e-mail, then letter."""
    preference = preference_of(person)
    order = list(preference.order) if preference and preference.order else list(DEFAULT_ORDER)
    order = [code for code in dict.fromkeys(order) if code in offered()]
    if Channel.LETTER in offered() and Channel.LETTER not in order:
        order.append(Channel.LETTER.value)
    return order


def reachable(person) -> list[tuple[str, str]]:
    """(channel, address) for each channel of the order that can reach the person now."""
    from madoguchi.core.notifications import notifiers

    user = getattr(person, "user", None)
    result = []
    for code in channels_for(person):
        if code in notifiers and (address := notifiers.get(code).address_for(person, user)):
            result.append((code, address))
    return result


def new_link_code() -> str:
    return "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(8))


POSITIONS = ["first", "second", "third", "fourth"]  # the form's fields, in order


def validate_order(person, order: list[str], *, mobile: str, line_user_id: str) -> dict[str, str]:
    """Field → message for each reason the order cannot be used (the form shows each by its field:
    POSITIONS for the choices, "mobile" for the number)."""
    errors: dict[str, str] = {}
    seen: set[str] = set()
    if not any(order):
        errors["first"] = _("1番目に希望する連絡方法を選んでください。")
    for position, code in zip(POSITIONS, order, strict=False):
        if not code:
            continue
        if code in seen:
            errors[position] = _("同じ連絡方法を2回選ぶことはできません。")
        elif code not in offered():
            errors[position] = _("この連絡方法は選べません。一覧から選んでください。")
        elif code == Channel.EMAIL and not (person.email or getattr(person.user, "email", "")):
            errors[position] = _("メールアドレスが登録されていません。メール以外の連絡方法を選んでください。")
        elif code == Channel.LINE and not line_user_id:
            errors[position] = _("LINEを選ぶには、先にLINEの連携を済ませてください（このページの下の手順）。")
        elif code == Channel.LETTER and not (person.postal_code and person.address):
            errors[position] = _(
                "住所が登録されていないため、郵便は選べません。市民課にお問い合わせください。"
            )
        seen.add(code)
    if Channel.SMS in seen and not e164(mobile):
        errors["mobile"] = _("SMSを選んだときは、携帯電話の番号を入力してください（例：090-1234-5678）。")
    elif mobile and not e164(mobile):
        errors["mobile"] = _(
            "携帯電話の番号は090・080・070で始まる11桁で入力してください（例：090-1234-5678）。"
        )
    return errors


@transaction.atomic
def set_preference(person, *, order: list[str], mobile: str = "", by=None) -> ChannelPreference:
    """Store the resident's order of channels (and the SMS number); raises ValidationError with the
    field messages of `validate_order`."""
    preference, _created = ChannelPreference.objects.select_for_update().get_or_create(person=person)
    errors = validate_order(person, order, mobile=mobile, line_user_id=preference.line_user_id)
    if errors:
        raise ValidationError(errors)
    preference.order = [code for code in dict.fromkeys(order) if code]
    preference.mobile = e164(mobile) if mobile else ""
    preference.save()
    record_event(person, verb=Verb.PREFERENCE_SET, actor=by, data={"order": preference.order})
    return preference


@transaction.atomic
def line_link_code(person) -> str:
    """The code the resident sends to the city's LINE account to link it (made once, kept)."""
    preference, _created = ChannelPreference.objects.select_for_update().get_or_create(person=person)
    if not preference.line_link_code:
        preference.line_link_code = new_link_code()
        preference.save(update_fields=["line_link_code", "updated_at"])
    return preference.line_link_code


@transaction.atomic
def link_line(code: str, user_id: str) -> ChannelPreference | None:
    """A resident sent their link code from LINE: remember their LINE user id."""
    code = (code or "").strip().upper()
    if len(code) != 8:
        return None
    preference = ChannelPreference.objects.select_for_update().filter(line_link_code=code).first()
    if preference is None:
        return None
    preference.line_user_id, preference.line_link_code = user_id, ""
    preference.save(update_fields=["line_user_id", "line_link_code", "updated_at"])
    record_event(preference.person, verb=Verb.LINE_LINKED)
    return preference


@transaction.atomic
def unlink_line(user_id: str) -> int:
    """The resident blocked the city's LINE account: LINE no longer reaches them."""
    count = 0
    for preference in ChannelPreference.objects.select_for_update().filter(line_user_id=user_id):
        preference.line_user_id = ""
        preference.save(update_fields=["line_user_id", "updated_at"])
        record_event(preference.person, verb=Verb.LINE_UNLINKED)
        count += 1
    return count
