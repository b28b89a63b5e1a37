"""Briefings and events (説明会・イベント) around the sign-up: materials before, questions in
advance (事前質問), attendance by mode (check-in at the door with the registration's QR code; the
online join recorded by /events/<id>/join/), and the reminder the day before.

The QR code of a confirmed in-person registration holds a token signed with `django.core.signing`
(salt `CHECKIN_SALT`): "<event id>.<registration id>:<signature>". Staff scan it (a scanner types
it into the check-in page) or type it; nothing else about the registrant is in it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import magic
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.events import record_event
from madoguchi.core.models import Channel, User
from madoguchi.core.notifications import notify
from madoguchi.core.pagecache import bump

from ..events import Verb
from ..models import EventMaterial, EventQuestion, ParticipationChannel, Registration, Workshop
from .base import AlreadyDone, NotAllowed, ensure_not_blocked
from .workshops import current_registration, meeting_link

# --- materials (資料) ----------------------------------------------------------------------------

MAX_MATERIAL_BYTES = 20 * 1024 * 1024


@transaction.atomic
def add_material(workshop: Workshop, *, by: User, title: str, upload=None, url: str = "") -> EventMaterial:
    """資料の追加: a PDF (read from its content, never its name; 20MB at most) or a link."""
    title = (title or "").strip()
    if not title:
        raise NotAllowed(_("資料名を入力してください。"), code="no_title")
    if bool(upload) == bool(url):
        raise NotAllowed(_("PDFファイルか資料のURLの、どちらか一つを指定してください。"), code="file_or_link")
    material = EventMaterial(workshop=workshop, title=title[:200], url=url or "", added_by=_actor(by))
    if upload:
        name = (getattr(upload, "name", "") or "document.pdf").rsplit("/", 1)[-1][:200]
        if not upload.size:
            raise NotAllowed(_("「%(name)s」は空のファイルです。") % {"name": name}, code="empty_file")
        if upload.size > MAX_MATERIAL_BYTES:
            raise NotAllowed(
                _("「%(name)s」は大きすぎます。20MB以下のPDFにしてください。") % {"name": name},
                code="too_big",
            )
        upload.seek(0)
        sniffed = magic.from_buffer(upload.read(8192), mime=True)
        upload.seek(0)
        if sniffed != "application/pdf" or not name.lower().endswith(".pdf"):
            raise NotAllowed(
                _("「%(name)s」はPDFではありません。資料はPDFで登録するか、URLで指定してください。")
                % {"name": name},
                code="not_pdf",
            )
        material.original_name, material.size = name, upload.size
        material.file.save("material.pdf", upload, save=False)
    material.save()
    record_event(
        workshop, verb=Verb.MATERIAL_ADDED, actor=by, data={"material": material.pk, "file": bool(upload)}
    )
    bump("participation")
    return material


@transaction.atomic
def remove_material(material: EventMaterial, *, by: User) -> None:
    workshop = material.workshop
    record_event(workshop, verb=Verb.MATERIAL_REMOVED, actor=by, data={"material": material.pk})
    if material.file:
        stored = material.file.name
        transaction.on_commit(lambda: material.file.storage.delete(stored))
    material.delete()
    bump("participation")


# --- questions in advance (事前質問) -------------------------------------------------------------


@transaction.atomic
def ask_question(
    workshop: Workshop, *, person, user: User | None, body: str, now: dt.datetime | None = None
) -> EventQuestion:
    """A registrant's question, before the event starts. Refusals say what to do instead."""
    registration = current_registration(workshop, person)
    if registration is None:
        raise NotAllowed(
            _("事前質問は、この説明会・イベントに申し込んだ方が送れます。"), code="not_registered"
        )
    if user is not None:
        ensure_not_blocked(user)
    if workshop.has_started(now):
        raise NotAllowed(
            _(
                "説明会・イベントが始まったため、事前質問の受付は終わりました。当日の質疑の時間にお尋ねください。"
            ),
            code="started",
        )
    body = (body or "").strip()
    if not body:
        raise NotAllowed(_("質問を入力してください。"), code="empty")
    if len(body) > EventQuestion.MAX_LENGTH:
        raise NotAllowed(
            _("質問は%(max)s字以内で書いてください（いま%(n)s字です）。")
            % {"max": EventQuestion.MAX_LENGTH, "n": len(body)},
            code="too_long",
        )
    Registration.objects.select_for_update().filter(pk=registration.pk).first()  # count, then add
    if registration.questions.count() >= EventQuestion.PER_REGISTRATION:
        raise NotAllowed(
            _("事前質問は1回の申込につき%(n)s件までです。") % {"n": EventQuestion.PER_REGISTRATION},
            code="too_many",
        )
    question = EventQuestion.objects.create(workshop=workshop, registration=registration, body=body)
    record_event(workshop, verb=Verb.QUESTION_ASKED, actor=user, data={"question": question.pk})
    return question


@transaction.atomic
def answer_question(
    question: EventQuestion, *, by: User, answer: str, is_public: bool = True
) -> EventQuestion:
    """回答: public on the event page (without the asker) unless staff keep it to the asker."""
    answer = (answer or "").strip()
    if not answer:
        raise NotAllowed(_("回答を入力してください。"), code="empty")
    first = question.answered_at is None
    question.answer, question.is_public = answer, is_public
    question.answered_by, question.answered_at = _actor(by), timezone.now()
    question.save(update_fields=["answer", "is_public", "answered_by", "answered_at"])
    record_event(
        question.workshop,
        verb=Verb.QUESTION_ANSWERED,
        actor=by,
        data={"question": question.pk, "public": is_public},
    )
    bump("participation")
    if first:
        notify(
            question.registration.person,
            "participation/emails/question_answered",
            workshop=question.workshop,
            question=question,
            event_url=_absolute(question.workshop.get_absolute_url()),
        )
    return question


def public_questions(workshop: Workshop):
    """Answered questions staff chose to publish: the question and the answer, never the asker."""
    return workshop.questions.filter(answered_at__isnull=False, is_public=True).only(
        "body", "answer", "answered_at", "workshop"
    )


# --- check-in at the door (QR) -------------------------------------------------------------------

CHECKIN_SALT = "madoguchi.participation.checkin"


def checkin_token(registration: Registration) -> str:
    """The token of the registration's QR code: event and registration ids, signed."""
    return signing.Signer(salt=CHECKIN_SALT).sign(f"{registration.workshop_id}.{registration.pk}")


def checkin_qr_svg(registration: Registration) -> bytes:
    image = qrcode.make(checkin_token(registration), image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def has_checkin_code(registration: Registration | None) -> bool:
    return (
        registration is not None
        and registration.status == Registration.Status.CONFIRMED
        and registration.mode == ParticipationChannel.IN_PERSON
    )


def _read_token(token: str) -> tuple[int, int]:
    try:
        value = signing.Signer(salt=CHECKIN_SALT).unsign("".join((token or "").split()))
        event_id, registration_id = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError):
        raise NotAllowed(
            _("読み取ったコードは、この市の受付票ではありません。もう一度読み取るか、手で入力してください。"),
            code="bad_token",
        ) from None
    return event_id, registration_id


@transaction.atomic
def check_in(workshop: Workshop, *, token: str, by: User, now: dt.datetime | None = None) -> Registration:
    """会場の受付: the registration of the QR code, once. A second scan says when it was done."""
    event_id, registration_id = _read_token(token)
    if event_id != workshop.pk:
        raise NotAllowed(_("この受付票は、別の説明会・イベントのものです。"), code="other_event")
    registration = (
        Registration.objects.select_for_update().filter(pk=registration_id, workshop=workshop).first()
    )
    if registration is None:
        raise NotAllowed(_("この受付票の申込は見つかりません。"), code="bad_token")
    if registration.status == Registration.Status.CANCELLED:
        raise NotAllowed(_("この申込は取り消されています。"), code="cancelled")
    if registration.status != Registration.Status.CONFIRMED:
        raise NotAllowed(
            _("この申込はキャンセル待ちのままで、参加は確定していません。"), code="not_confirmed"
        )
    if registration.mode != ParticipationChannel.IN_PERSON:
        raise NotAllowed(_("この申込はオンラインでの参加です。"), code="online")
    if registration.checked_in_at is not None:
        raise AlreadyDone(
            _("受付番号 %(number)s はすでに受付済みです（%(at)s）。")
            % {"number": registration.pk, "at": f"{timezone.localtime(registration.checked_in_at):%H:%M}"},
            code="already_checked_in",
        )
    registration.checked_in_at, registration.checked_in_by = now or timezone.now(), _actor(by)
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    record_event(
        workshop,
        verb=Verb.CHECKED_IN,
        actor=by,
        channel=Channel.COUNTER,
        data={"registration": registration.pk},
    )
    return registration


# --- the online join (/events/<id>/join/) --------------------------------------------------------


@transaction.atomic
def record_join(
    workshop: Workshop,
    registration: Registration | None,
    *,
    user: User | None,
    now: dt.datetime | None = None,
) -> str:
    """The meeting URL to redirect to, after recording the registrant's (first) join time."""
    now = now or timezone.now()
    link = meeting_link(workshop, registration, now=now)
    if not link or registration is None:
        raise NotAllowed(_join_refusal(workshop, registration, now), code="no_link")
    if Registration.objects.filter(pk=registration.pk, joined_at__isnull=True).update(joined_at=now):
        record_event(
            workshop,
            verb=Verb.JOINED_ONLINE,
            actor=user,
            channel=Channel.ONLINE,
            data={"registration": registration.pk},
        )
    return link


def _join_refusal(workshop: Workshop, registration: Registration | None, now: dt.datetime) -> str:
    from .workshops import link_reveal_at

    if (
        registration is None
        or registration.workshop_id != workshop.pk
        or registration.status != Registration.Status.CONFIRMED
        or registration.mode != ParticipationChannel.ONLINE
        or not workshop.online_url
    ):
        return str(_("オンライン参加のURLは、オンラインでの参加が確定した方だけが開けます。"))
    if now < link_reveal_at(workshop):
        return str(_("オンライン参加のURLは、開始の30分前から開けます。"))
    return str(_("この説明会・イベントは終了しました。"))


# --- attendance ----------------------------------------------------------------------------------


@dataclass
class ModeAttendance:
    confirmed: int
    attended: int


def attendance(workshop: Workshop) -> dict[str, ModeAttendance]:
    """Per mode: confirmed registrations and those seen (checked in / joined)."""
    result = {}
    for mode, field in (("in_person", "checked_in_at"), ("online", "joined_at")):
        confirmed = workshop.registrations.filter(mode=mode, status=Registration.Status.CONFIRMED)
        result[mode] = ModeAttendance(
            confirmed=confirmed.count(), attended=confirmed.filter(**{f"{field}__isnull": False}).count()
        )
    return result


# --- the reminder the day before (前日のお知らせ) ------------------------------------------------


def send_event_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind every confirmed registrant of an event held tomorrow (JST), once each: a rerun, or
    a second worker at the same time, finds `reminded_at` set and sends nothing again."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        workshop__starts_at__gte=start,
        workshop__starts_at__lt=start + dt.timedelta(days=1),
    ).select_related("workshop", "person")
    sent = 0
    for registration in due:
        with transaction.atomic():
            if not Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            workshop = registration.workshop
            notify(
                registration.person,
                "participation/emails/event_reminder",
                workshop=workshop,
                registration=registration,
                event_url=_absolute(workshop.get_absolute_url()),
                checkin_token=checkin_token(registration) if has_checkin_code(registration) else "",
            )
            record_event(workshop, verb=Verb.REMINDER_SENT, data={"registration": registration.pk})
            sent += 1
    return sent


def _absolute(path: str) -> str:
    return f"{settings.MADOGUCHI_PUBLIC_URL.rstrip('/')}{path}"


def _actor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None
