"""The conversation: a resident's question → the best answers, logged masked; "did this help?";
the hand-off to staff (an inquiry while the city hall is open, a callback request otherwise) and
the staff's handling of both.

Nothing the resident types reaches the database unmasked except the contact fields of a hand-off
(name, phone, e-mail), which the resident fills in for that purpose.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.automation import services as automation
from madoguchi.core import access, easy
from madoguchi.core.easy import EasyText
from madoguchi.core.events import record_event
from madoguchi.core.japanese.holidays import is_business_day, next_business_day
from madoguchi.core.japanese.jst import JST
from madoguchi.core.japanese.phone import normalize_phone
from madoguchi.core.models import Channel, Department
from madoguchi.core.notifications import notify

from .. import retrieval
from ..events import Verb
from ..masking import mask, mask_personal_data
from ..models import CallbackRequest, Faq, Feedback, Inquiry, QuestionLog
from ..models.conversation import Via
from ..retrieval import Answer

MAX_QUESTION = 200  # characters: a question, not a letter (longer text goes to a person)
TOOL_NAME = "問合せ案内（チャットボット）"
_TOKEN_SALT = "madoguchi.assistant.log"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Asked:
    log: QuestionLog
    result: retrieval.Result

    @property
    def token(self) -> str:
        return log_token(self.log)


def clean_question(text: str | None) -> str:
    """The question as asked, or ValidationError with a message for the resident."""
    # Control characters are never part of a question (and PostgreSQL refuses NUL in text).
    value = _CONTROL.sub("", text or "").strip()
    if not value:
        raise ValidationError({"q": [_("質問を入力してください。")]})
    if len(value) > MAX_QUESTION:
        raise ValidationError(
            {
                "q": [
                    _("質問は%(max)s文字以内で入力してください（%(count)s文字入力されています）。")
                    % {"max": MAX_QUESTION, "count": len(value)}
                ]
            }
        )
    return value


def ask(question: str, *, via: str = Via.PAGE, language: str = "ja", limit: int = 3) -> Asked:
    """Answer a question and log it masked. The retrieval itself sees only the masked text, so no
    index, cache or log downstream can keep what the resident typed."""
    masked = mask_personal_data(clean_question(question))
    result = retrieval.answer(masked.text, language=language, limit=limit)
    top = result.answers[0] if result.answers else None
    department_id = top.department_id if top is not None else None
    if department_id is not None and not Department.objects.filter(pk=department_id).exists():
        department_id = None  # an index built before the department was removed
    with transaction.atomic():
        log = QuestionLog.objects.create(
            text=masked.text[:500],
            masked=sorted(set(masked.kinds)),
            language=language[:8],
            via=via,
            confident=result.confident,
            top_score=top.score if top is not None else None,
            answers=[
                {"title": a.title, "url": a.url, "source": a.source, "score": a.score, "faq_id": a.faq_id}
                for a in result.answers
            ],
            faq_id=top.faq_id if top is not None and top.source == "faq" else None,
            department_id=department_id,
        )
        if result.confident and department_id is not None:
            _note_first_answer(log)
    return Asked(log=log, result=result)


def _note_first_answer(log: QuestionLog) -> None:
    """The first confident answer for a department puts the chatbot in the tools register (2-イ's
    業務の効率化を図るデジタル技術を導入している課の割合 counts it)."""
    department = log.department
    if department is None:
        return
    earlier = QuestionLog.objects.filter(department=department, confident=True).exclude(pk=log.pk)
    if earlier.exists():
        return
    automation.note_tool_in_use(
        department, kind="chatbot", name=TOOL_NAME, on=timezone.localdate(log.asked_at)
    )


def log_token(log: QuestionLog) -> str:
    """A signed reference to one logged question: feedback and hand-off name it without letting
    anyone vote on or hand off someone else's question by guessing an id."""
    return signing.dumps(log.pk, salt=_TOKEN_SALT, compress=True)


def log_from_token(token: str | None, *, max_age: int = 24 * 3600) -> QuestionLog:
    try:
        pk = signing.loads(token or "", salt=_TOKEN_SALT, max_age=max_age)
        return QuestionLog.objects.get(pk=pk)
    except (signing.BadSignature, QuestionLog.DoesNotExist, TypeError, ValueError):
        raise ValidationError(
            {"token": [_("質問の記録が見つかりません。もう一度質問してからお試しください。")]}
        ) from None


def record_feedback(log: QuestionLog, *, helpful: bool) -> Feedback:
    """「役に立ちましたか」: the resident's last answer for this question counts."""
    feedback, _created = Feedback.objects.update_or_create(
        log=log, defaults={"helpful": bool(helpful), "at": timezone.now()}
    )
    return feedback


# --- hand-off ----------------------------------------------------------------------------------


def staffed_hours() -> tuple[datetime.time, datetime.time]:
    opens, closes = getattr(settings, "MADOGUCHI_ASSISTANT_STAFFED_HOURS", ("08:30", "17:00"))
    return datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes)


def is_staffed(now: datetime.datetime | None = None) -> bool:
    """Whether staff are at their desks: a 開庁日 (core.japanese.holidays) within the hours."""
    moment = (now or timezone.now()).astimezone(JST)
    opens, closes = staffed_hours()
    return is_business_day(moment) and opens <= moment.time() < closes


def next_opening(now: datetime.datetime | None = None) -> datetime.datetime:
    """When staff are next at their desks (shown beside the callback form)."""
    moment = (now or timezone.now()).astimezone(JST)
    opens, _closes = staffed_hours()
    day = moment.date()
    if is_staffed(moment) or (is_business_day(day) and moment.time() < opens):
        return datetime.datetime.combine(day, opens, tzinfo=JST)
    return datetime.datetime.combine(next_business_day(day + datetime.timedelta(days=1)), opens, tzinfo=JST)


def handoff_departments(log: QuestionLog) -> list[Department]:
    """The departments a resident may hand this question to: those of the answers shown, and the
    general enquiries department when none of them has one."""
    ids = []
    if log.department_id:
        ids.append(log.department_id)
    from ..models import Faq

    faq_ids = [a.get("faq_id") for a in log.answers if a.get("faq_id")]
    for department_id in Faq.objects.filter(pk__in=faq_ids).values_list("department_id", flat=True):
        if department_id not in ids:
            ids.append(department_id)
    general = getattr(settings, "MADOGUCHI_ASSISTANT_GENERAL_DEPARTMENT", "shimin")
    by_pk = Department.objects.in_bulk(ids)
    departments = [by_pk[pk] for pk in ids if pk in by_pk]
    fallback = Department.objects.filter(code=general).first()
    if fallback is not None and fallback not in departments:
        departments.append(fallback)
    return departments


def _chosen_department(log: QuestionLog, department: Department | None) -> Department:
    allowed = handoff_departments(log)
    if department is None:
        if not allowed:
            raise ValidationError({"department": [_("問合せ先の課を選んでください。")]})
        return allowed[0]
    if department not in allowed:
        raise ValidationError({"department": [_("問合せ先の課を一覧から選んでください。")]})
    return department


def _contact(name: str, email: str, phone: str, *, name_required: bool) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    email = (email or "").strip()
    phone = (phone or "").strip()
    if name_required and not name:
        errors["name"] = [_("お名前を入力してください。")]
    if len(name) > 100:
        errors["name"] = [_("お名前は100文字以内で入力してください。")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("メールアドレスの形式が正しくありません（例：taro@example.jp）。")]
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = list(exc.messages)
    if not email and not phone and "email" not in errors and "phone" not in errors:
        errors["phone"] = [_("連絡先として電話番号かメールアドレスのどちらかを入力してください。")]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "email": email, "phone": phone}


def hand_off(
    log: QuestionLog,
    *,
    user=None,
    department: Department | None = None,
    details: str = "",
    name: str = "",
    email: str = "",
    phone: str = "",
    now: datetime.datetime | None = None,
) -> Inquiry:
    """職員に引き継ぐ: while the city hall is open, the question goes to the department's inbox as
    an inquiry (channel online; on the resident's own records when they are logged in). Contact
    details come from the account when the resident is logged in and typed none."""
    if not is_staffed(now):
        raise ValidationError(
            {"__all__": [_("ただいま職員が対応できる時間外です。折返しの依頼をお送りください。")]}
        )
    chosen = _chosen_department(log, department)
    resident = user if user is not None and getattr(user, "is_authenticated", False) else None
    person = getattr(resident, "person", None) if resident is not None else None
    if resident is not None and not email and not phone:
        email = getattr(person, "email", "") or resident.email or ""
    contact = _contact(name, email, phone, name_required=False)
    if len(details or "") > 2000:
        raise ValidationError({"details": [_("詳しい内容は2000文字以内で入力してください。")]})
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            department=chosen,
            log=log,
            question=log.text,
            details=mask(details or "")[:2000],
            user=resident,
            **contact,
        )
        record_event(
            inquiry,
            verb=Verb.INQUIRY_RECEIVED,
            actor=resident,
            channel=Channel.ONLINE,
            data={"department": chosen.code, "log": log.pk},
        )
    return inquiry


def request_callback(
    log: QuestionLog,
    *,
    name: str,
    user=None,
    department: Department | None = None,
    phone: str = "",
    email: str = "",
    preferred_on: datetime.date | None = None,
    preferred_time: str = CallbackRequest.When.ANY,
    now: datetime.datetime | None = None,
) -> CallbackRequest:
    """折返しの依頼: outside the hours, the department calls or writes back on a working day."""
    chosen = _chosen_department(log, department)
    errors: dict[str, list[str]] = {}
    try:
        contact = _contact(name, email, phone, name_required=True)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if preferred_time not in CallbackRequest.When.values:
        errors["preferred_time"] = [_("希望の時間帯を選んでください。")]
    today = (now or timezone.now()).astimezone(JST).date()
    if preferred_on is not None and (preferred_on < today or not is_business_day(preferred_on)):
        errors["preferred_on"] = [_("希望日は今日以降の開庁日（平日）を選んでください。")]
    if errors:
        raise ValidationError(errors)
    resident = user if user is not None and getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        callback = CallbackRequest.objects.create(
            department=chosen,
            log=log,
            question=log.text,
            user=resident,
            preferred_on=preferred_on,
            preferred_time=preferred_time,
            **contact,
        )
        record_event(
            callback,
            verb=Verb.CALLBACK_REQUESTED,
            actor=resident,
            channel=Channel.ONLINE,
            data={"department": chosen.code, "log": log.pk},
        )
    return callback


def inquiries_of(user) -> QuerySet[Inquiry]:
    """A logged-in resident's own inquiries (their page lists them with the replies)."""
    if not getattr(user, "is_authenticated", False):
        return Inquiry.objects.none()
    return Inquiry.objects.filter(user=user).select_related("department")


# --- staff ---------------------------------------------------------------------------------------


def inquiries_for(user, *, status: str | None = None) -> QuerySet[Inquiry]:
    departments = access.departments_where(user, access.ASSISTANT_INQUIRIES)
    items = Inquiry.objects.filter(department__in=departments).select_related("department")
    return items.filter(status=status) if status else items


def callbacks_for(user, *, done: bool | None = None) -> QuerySet[CallbackRequest]:
    departments = access.departments_where(user, access.ASSISTANT_INQUIRIES)
    items = CallbackRequest.objects.filter(department__in=departments).select_related("department")
    if done is None:
        return items
    return items.filter(done_at__isnull=not done)


def _check(by, department_id: int) -> None:
    if not access.can(by, access.ASSISTANT_INQUIRIES, department_id):
        raise PermissionDenied(access.ASSISTANT_INQUIRIES.refusal)


@transaction.atomic
def reply_to_inquiry(inquiry: Inquiry, *, by, reply: str) -> Inquiry:
    """職員が回答する: the reply is sent to the resident (their account, or the e-mail typed)."""
    _check(by, inquiry.department_id)
    text = (reply or "").strip()
    if not text:
        raise ValidationError({"reply": [_("回答を入力してください。")]})
    if len(text) > 4000:
        raise ValidationError({"reply": [_("回答は4000文字以内で入力してください。")]})
    if inquiry.status == Inquiry.Status.CLOSED:
        raise ValidationError({"reply": [_("完了した問合せには回答できません。")]})
    inquiry.reply, inquiry.replied_by, inquiry.replied_at = text, by, timezone.now()
    inquiry.status = Inquiry.Status.ANSWERED
    inquiry.save(update_fields=["reply", "replied_by", "replied_at", "status"])
    record_event(inquiry, verb=Verb.INQUIRY_REPLIED, actor=by, channel=Channel.ONLINE)
    recipient = inquiry.user or inquiry.email
    if recipient:
        notify(recipient, "assistant/inquiry_replied", inquiry=inquiry)
    return inquiry


@transaction.atomic
def close_inquiry(inquiry: Inquiry, *, by) -> Inquiry:
    """完了にする (answered by phone, or nothing more to do)."""
    _check(by, inquiry.department_id)
    if inquiry.status == Inquiry.Status.CLOSED:
        return inquiry
    inquiry.status, inquiry.closed_at = Inquiry.Status.CLOSED, timezone.now()
    inquiry.save(update_fields=["status", "closed_at"])
    record_event(inquiry, verb=Verb.INQUIRY_CLOSED, actor=by)
    return inquiry


@transaction.atomic
def mark_callback_done(callback: CallbackRequest, *, by, note: str = "") -> CallbackRequest:
    """折り返した: the call or e-mail was made (the note says how it went, masked)."""
    _check(by, callback.department_id)
    if len(note or "") > 500:
        raise ValidationError({"note": [_("メモは500文字以内で入力してください。")]})
    if callback.done_at is not None:
        return callback
    callback.done_at, callback.done_by, callback.note = timezone.now(), by, mask(note or "")
    callback.save(update_fields=["done_at", "done_by", "note"])
    record_event(callback, verb=Verb.CALLBACK_DONE, actor=by, channel=Channel.PHONE)
    return callback


def reply_texts(asked: Asked, *, handoff_url: str) -> list[str]:
    """The answer as plain text messages (a messaging channel has no cards): the answer when
    confident, otherwise the choices and the way to a person."""
    answers = asked.result.answers
    if asked.result.confident:
        top = answers[0]
        lines = [top.title, top.answer, top.url]
        if top.start_url:
            lines.append(_("オンラインで申請：%(url)s") % {"url": top.start_url})
        return ["\n".join(line for line in lines if line)]
    choices = "\n".join(f"・{a.title} {a.url}" for a in answers)
    first = _("うまくお答えできませんでした。")
    if choices:
        first += "\n" + _("次のどれかが近いかもしれません。") + "\n" + choices
    return [first, _("職員にお問い合わせいただけます：%(url)s") % {"url": handoff_url}]


def easy_answer(found: Answer) -> EasyText | None:
    """An FAQ answer's reviewed やさしい日本語 version (core.easy, kind "faq", by the FAQ's key)."""
    if found.source != "faq" or not found.faq_id:
        return None
    key = Faq.objects.filter(pk=found.faq_id).values_list("key", flat=True).first()
    return easy.easy_text("faq", key) if key else None


def _answer_payload(found: Answer, *, in_easy: bool) -> dict:
    easy_version = easy_answer(found) if in_easy else None
    return {
        "title": found.title,
        "answer": easy_version.plain if easy_version else found.answer,
        "easy": easy_version is not None,
        "url": found.url,
        "score": found.score,
        "source": found.source,
        "start_url": found.start_url,
    }


def as_payload(asked: Asked, *, handoff_url: str, in_easy: bool = False) -> dict:
    """The answers as JSON (the API and the widget): {"answers": [...], "confident", "token", …}.
    `in_easy`: the resident chose やさしい日本語, so an FAQ answer with a reviewed easy version
    gives that (its "easy" is true)."""
    return {
        "answers": [_answer_payload(a, in_easy=in_easy) for a in asked.result.answers],
        "confident": asked.result.confident,
        "token": asked.token,
        "handoff_url": f"{handoff_url}?t={asked.token}",
    }
