"""The counter's domain operations: queue tickets, reservations, and the no-writing counter.

Each function is one thing the city does at its counters; permission check, state change,
Event (core.events.record_event) and notification happen here and nowhere else.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.japanese import to_jst_date
from madoguchi.core.models import Channel
from madoguchi.core.notifications import notify

from .models import CounterForm, CounterSession, Reservation, ServiceCategory, Ticket, VisitSlot, Window

RECENT_SERVICES = 20  # completed tickets used to predict the wait


def is_counter_staff(user) -> bool:
    """Counter work (窓口業務) is for staff holding a case-handling role somewhere."""
    return access.can_anywhere(user, access.COUNTER_WORK)


def ensure_counter_staff(user) -> None:
    if not is_counter_staff(user):
        raise PermissionDenied(_("窓口の操作は職員だけができます。"))


def counter_departments(user):
    """The departments whose windows, tickets and reservations `user` works on."""
    return access.departments_where(user, access.COUNTER_WORK)


def may_work_for(user, *departments) -> bool:
    """Desk work on a window, ticket or reservation is for the staff of its department(s) (any
    counter staff when none is set)."""
    departments = [d for d in departments if d is not None]
    if not departments:
        return is_counter_staff(user)
    return any(access.can(user, access.COUNTER_WORK, department) for department in departments)


def ensure_works_for(user, *departments) -> None:
    if not may_work_for(user, *departments):
        raise PermissionDenied(access.COUNTER_WORK.refusal)


def windows_for(user):
    """The windows whose queue `user` may see and call: their departments' (and unassigned ones)."""
    return Window.objects.filter(Q(department__in=counter_departments(user)) | Q(department__isnull=True))


def is_onestop_staff(user) -> bool:
    """書かない窓口 is run by the departments that staff counter windows."""
    return Window.objects.filter(department__in=counter_departments(user)).exists()


def ensure_onestop_staff(user) -> None:
    if not is_onestop_staff(user):
        raise PermissionDenied(_("書かない窓口は窓口を担当する部署の職員だけが使えます。"))


def may_see_session(user, session: CounterSession) -> bool:
    """A counter session (with the resident's personal data) is for the staff of the departments
    of the staff member who started it."""
    return counter_departments(user).filter(staff_roles__user_id=session.staff_id).exists()


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


# ---------------------------------------------------------------- queue tickets (整理券)


@transaction.atomic
def issue_ticket(category: ServiceCategory, *, person=None, reservation=None, by=None, now=None) -> Ticket:
    """発券: the next number of the day in this category."""
    if not category.is_active:
        raise ValidationError(_("この窓口は現在受付をしていません。"))
    now = now or timezone.now()
    ServiceCategory.objects.select_for_update().filter(pk=category.pk).first()  # numbers in order
    day = to_jst_date(now)
    last = Ticket.objects.filter(category=category, day=day).aggregate(last=Max("number"))["last"] or 0
    ticket = Ticket.objects.create(
        category=category, day=day, number=last + 1, issued_at=now, person=person, reservation=reservation
    )
    record_event(
        ticket,
        verb="ticket_issued",
        actor=_actor(by),
        channel=Channel.COUNTER,
        data={"category": category.code, "number": ticket.display_number},
    )
    return ticket


def waiting_for(window: Window):
    """The tickets this window may call: its categories' queue, or tickets sent to it directly."""
    return (
        Ticket.objects.filter(status=Ticket.Status.WAITING, day=to_jst_date(timezone.now()))
        .filter(Q(window=window) | Q(window__isnull=True, category__in=window.categories.all()))
        .select_related("category")
        .order_by("issued_at", "pk")
    )


@transaction.atomic
def call_ticket(ticket: Ticket, *, window: Window, by, now=None) -> Ticket:
    """呼出: call this ticket to a window (signage shows it at once)."""
    ensure_counter_staff(by)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in (Ticket.Status.WAITING, Ticket.Status.CALLED):
        raise ValidationError(
            _("この整理券は呼び出せません（%(status)s）。") % {"status": ticket.get_status_display()}
        )
    now = now or timezone.now()
    ticket.status = Ticket.Status.CALLED
    ticket.window = window
    ticket.called_at = now
    ticket.first_called_at = ticket.first_called_at or now
    ticket.save(update_fields=["status", "window", "called_at", "first_called_at"])
    record_event(
        ticket,
        verb="ticket_called",
        actor=by,
        channel=Channel.COUNTER,
        data={"window": window.number, "number": ticket.display_number},
    )
    return ticket


def call_next(window: Window, *, by, now=None) -> Ticket | None:
    """次の方を呼ぶ: the longest-waiting ticket this window serves, or None when nobody waits."""
    ensure_counter_staff(by)
    for ticket in waiting_for(window)[:5]:
        try:
            return call_ticket(ticket, window=window, by=by, now=now)
        except ValidationError:  # taken by another window a moment ago
            continue
    return None


@transaction.atomic
def start_service(ticket: Ticket, *, by, now=None) -> Ticket:
    """対応開始: the visitor has come to the window."""
    ensure_counter_staff(by)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status != Ticket.Status.CALLED:
        raise ValidationError(_("呼び出し中の整理券だけ対応を始められます。"))
    ticket.status = Ticket.Status.SERVING
    ticket.started_at = now or timezone.now()
    ticket.save(update_fields=["status", "started_at"])
    record_event(
        ticket,
        verb="ticket_serving",
        actor=by,
        channel=Channel.COUNTER,
        data={"window": ticket.window.number},
    )
    return ticket


@transaction.atomic
def transfer_ticket(
    ticket: Ticket, *, by, category: ServiceCategory | None = None, window: Window | None = None, now=None
) -> Ticket:
    """引継ぎ: send the visitor to another window or department with the same number (no new ticket).

    The ticket keeps its place (issue time), so the visitor is called before later arrivals.
    """
    ensure_counter_staff(by)
    if category is None and window is None:
        raise ValidationError(_("引継ぎ先の窓口または受付区分を選んでください。"))
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("category", "window").get(pk=ticket.pk)
    )
    if ticket.status not in (Ticket.Status.CALLED, Ticket.Status.SERVING, Ticket.Status.WAITING):
        raise ValidationError(
            _("この整理券は引き継げません（%(status)s）。") % {"status": ticket.get_status_display()}
        )
    now = now or timezone.now()
    previous = {"category": ticket.category.code, "window": ticket.window.number if ticket.window else ""}
    served = (now - ticket.called_at).total_seconds() if ticket.called_at else None
    if window is not None and category is None:
        category = (
            ticket.category
            if window.categories.filter(pk=ticket.category_id).exists()
            else (window.categories.first() or ticket.category)
        )
    ticket.category = category
    ticket.window = window
    ticket.status = Ticket.Status.WAITING
    ticket.transferred_at = now
    ticket.transfer_count = F("transfer_count") + 1
    ticket.called_at = None
    ticket.started_at = None
    ticket.save(
        update_fields=[
            "category",
            "window",
            "status",
            "transferred_at",
            "transfer_count",
            "called_at",
            "started_at",
        ]
    )
    ticket.refresh_from_db()
    record_event(
        ticket,
        verb="ticket_transferred",
        actor=by,
        channel=Channel.COUNTER,
        data={
            "from": previous,
            "to": {"category": category.code, "window": window.number if window else ""},
            "served_seconds": served,
        },
    )
    return ticket


@transaction.atomic
def complete_ticket(ticket: Ticket, *, by, now=None) -> Ticket:
    """対応完了."""
    ensure_counter_staff(by)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in (Ticket.Status.CALLED, Ticket.Status.SERVING):
        raise ValidationError(_("呼び出し中か対応中の整理券だけ完了にできます。"))
    now = now or timezone.now()
    ticket.status = Ticket.Status.DONE
    ticket.completed_at = now
    ticket.started_at = ticket.started_at or ticket.called_at
    ticket.save(update_fields=["status", "completed_at", "started_at"])
    record_event(
        ticket,
        verb="ticket_completed",
        actor=by,
        channel=Channel.COUNTER,
        data={
            "service_seconds": (now - ticket.called_at).total_seconds() if ticket.called_at else None,
            "wait_seconds": ticket.wait_seconds,
        },
    )
    if ticket.reservation_id:
        Reservation.objects.filter(pk=ticket.reservation_id).update(status=Reservation.Status.VISITED)
    return ticket


@transaction.atomic
def mark_no_show(ticket: Ticket, *, by, now=None) -> Ticket:
    """不在: called but did not come."""
    ensure_counter_staff(by)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status != Ticket.Status.CALLED:
        raise ValidationError(_("呼び出し中の整理券だけ不在にできます。"))
    ticket.status = Ticket.Status.NO_SHOW
    ticket.completed_at = now or timezone.now()
    ticket.save(update_fields=["status", "completed_at"])
    record_event(ticket, verb="ticket_no_show", actor=by, channel=Channel.COUNTER)
    return ticket


# ---------------------------------------------------------------- waits and signage


def average_service_seconds(category: ServiceCategory) -> float:
    """Mean service time of the category's last completed tickets (its standard time if none)."""
    recent = (
        Ticket.objects.filter(
            category=category, status=Ticket.Status.DONE, called_at__isnull=False, completed_at__isnull=False
        )
        .order_by("-completed_at")
        .values_list("called_at", "completed_at")[:RECENT_SERVICES]
    )
    durations = [(done - called).total_seconds() for called, done in recent]
    if not durations:
        return category.default_service_minutes * 60.0
    return sum(durations) / len(durations)


@dataclass
class CategoryWait:
    category: ServiceCategory
    waiting: int
    windows: int
    predicted_minutes: int
    last_called: str

    def as_dict(self) -> dict:
        return {
            "code": self.category.code,
            "name": self.category.localized_name(),
            "waiting": self.waiting,
            "open_windows": self.windows,
            "predicted_wait_minutes": self.predicted_minutes,
            "last_called": self.last_called,
        }


def predicted_wait_minutes(category: ServiceCategory, *, ahead: int | None = None) -> int:
    """Predicted wait: people ahead × recent mean service time ÷ open windows, rounded up."""
    today = to_jst_date(timezone.now())
    if ahead is None:
        ahead = Ticket.objects.filter(category=category, day=today, status=Ticket.Status.WAITING).count()
    windows = max(1, category.windows.filter(is_open=True).count())
    return math.ceil(ahead * average_service_seconds(category) / windows / 60)


def current_waits() -> list[CategoryWait]:
    today = to_jst_date(timezone.now())
    waiting = dict(
        Ticket.objects.filter(day=today, status=Ticket.Status.WAITING)
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    result = []
    for category in ServiceCategory.objects.filter(is_active=True).annotate(
        open_windows=Count("windows", filter=Q(windows__is_open=True))
    ):
        last = (
            Ticket.objects.filter(category=category, day=today, first_called_at__isnull=False)
            .select_related("category")
            .order_by("-called_at", "-first_called_at")
            .first()
        )
        ahead = waiting.get(category.pk, 0)
        result.append(
            CategoryWait(
                category=category,
                waiting=ahead,
                windows=category.open_windows,
                predicted_minutes=predicted_wait_minutes(category, ahead=ahead),
                last_called=last.display_number if last else "",
            )
        )
    return result


def ticket_position(ticket: Ticket) -> int:
    """How many tickets are called before this one (0 when it is being called)."""
    if ticket.status != Ticket.Status.WAITING:
        return 0
    return Ticket.objects.filter(
        category=ticket.category, day=ticket.day, status=Ticket.Status.WAITING, issued_at__lt=ticket.issued_at
    ).count()


def called_tickets(limit: int = 8):
    """For the signage: today's tickets being called or served, newest call first."""
    return (
        Ticket.objects.filter(
            day=to_jst_date(timezone.now()), status__in=[Ticket.Status.CALLED, Ticket.Status.SERVING]
        )
        .select_related("category", "window")
        .order_by("-called_at")[:limit]
    )


# ---------------------------------------------------------------- visit reservations (来庁予約)


def slots_for(category_code: str, *, now=None):
    """Future slots at windows serving the category, with seats left."""
    now = now or timezone.now()
    return (
        VisitSlot.objects.filter(
            starts_at__gt=now, window__categories__code=category_code, window__is_open=True
        )
        .annotate(booked=Count("reservations", filter=Q(reservations__status=Reservation.Status.BOOKED)))
        .filter(booked__lt=F("capacity"))
        .select_related("window")
        .order_by("starts_at", "window__sort_order")
        .distinct()
    )


def _reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


@transaction.atomic
def reserve_visit(slot: VisitSlot, *, person, life_event: str, answers: dict, by) -> Reservation:
    """来庁予約: book a seat in the slot (refused when it is full or already past)."""
    slot = VisitSlot.objects.select_for_update(of=("self",)).select_related("window").get(pk=slot.pk)
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("この時間はすでに過ぎています。別の時間を選んでください。"))
    if slot.reservations.filter(status=Reservation.Status.BOOKED).count() >= slot.capacity:
        raise ValidationError(_("この時間は予約がいっぱいです。別の時間を選んでください。"))
    if Reservation.objects.filter(person=person, slot=slot, status=Reservation.Status.BOOKED).exists():
        raise ValidationError(_("この時間はすでに予約しています。"))
    reservation = Reservation.objects.create(
        reference=_reference(), slot=slot, person=person, life_event=life_event, answers=answers
    )
    record_event(
        reservation,
        verb="reservation_booked",
        actor=_actor(by),
        channel=Channel.ONLINE,
        data={"window": slot.window.number, "life_event": life_event},
    )
    notify(
        person,
        "counter/notifications/reservation_booked",
        reservation=reservation,
        items=_checklist(reservation),
    )
    return reservation


def _checklist(reservation: Reservation) -> list:
    from madoguchi.lifeevents.rules import get_event, plan_for

    event = get_event(reservation.life_event)
    return plan_for(event, reservation.answers) if event else []


@transaction.atomic
def cancel_reservation(reservation: Reservation, *, by) -> Reservation:
    """予約の取消: by the resident who booked, or by staff."""
    reservation = (
        Reservation.objects.select_for_update(of=("self",)).select_related("person").get(pk=reservation.pk)
    )
    owner = getattr(reservation.person, "user_id", None) == getattr(by, "pk", -1)
    if not owner and not is_counter_staff(by):
        raise PermissionDenied(_("この予約を取り消す権限がありません。"))
    if reservation.status != Reservation.Status.BOOKED:
        raise ValidationError(_("この予約はすでに取り消されているか、来庁済みです。"))
    reservation.status = Reservation.Status.CANCELLED
    reservation.cancelled_at = timezone.now()
    reservation.save(update_fields=["status", "cancelled_at"])
    record_event(reservation, verb="reservation_cancelled", actor=_actor(by))
    notify(reservation.person, "counter/notifications/reservation_cancelled", reservation=reservation)
    return reservation


def send_reminders(*, now=None, hours: int = 24) -> int:
    """前日のお知らせ: remind every booking starting within `hours` that has not been reminded."""
    now = now or timezone.now()
    due = Reservation.objects.filter(
        status=Reservation.Status.BOOKED,
        reminded_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + timezone.timedelta(hours=hours),
    ).select_related("slot__window", "person")
    sent = 0
    for reservation in due:
        with transaction.atomic():
            if not Reservation.objects.filter(pk=reservation.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            record_event(reservation, verb="reservation_reminded")
            notify(
                reservation.person,
                "counter/notifications/reservation_reminder",
                reservation=reservation,
                items=_checklist(reservation),
            )
            sent += 1
    return sent


@transaction.atomic
def check_in(reservation: Reservation, *, by=None) -> Ticket:
    """予約の受付: the booked resident arrives and gets a ticket for the slot's window."""
    reservation = Reservation.objects.select_related("slot__window").get(pk=reservation.pk)
    if reservation.status != Reservation.Status.BOOKED:
        raise ValidationError(_("この予約は受付できません。"))
    existing = reservation.tickets.first()
    if existing:
        return existing
    category = reservation.slot.window.categories.first()
    ticket = issue_ticket(category, person=reservation.person, reservation=reservation, by=by)
    Ticket.objects.filter(pk=ticket.pk).update(window=reservation.slot.window)
    ticket.window = reservation.slot.window
    return ticket


# ---------------------------------------------------------------- the no-writing counter (書かない窓口)


def find_residents(*, by, name_kana: str, birth_date=None, limit: int = 20) -> list:
    """本人確認の後の検索: residents by katakana name (and birth date). The read is audited."""
    from madoguchi.core import audit
    from madoguchi.core.japanese import to_fullwidth_katakana
    from madoguchi.core.models import Person

    ensure_counter_staff(by)
    people = Person.objects.select_related("household")
    for part in to_fullwidth_katakana(name_kana).replace("\u3000", " ").split():
        people = people.filter(Q(family_name_kana__contains=part) | Q(given_name_kana__contains=part))
    if birth_date:
        people = people.filter(birth_date=birth_date)
    found = list(people[:limit])
    audit.append(
        action="personal_data_read",
        actor=by,
        object_type="core.person",
        data={"purpose": "counter_lookup", "persons": [person.pk for person in found]},
    )
    return found


def _procedure(code: str):
    from madoguchi.procedures.models import Procedure

    return Procedure.objects.filter(code=code, is_published=True).select_related("department").first()


HOUSEHOLD_LIST_FIELDS = {"full_name", "full_name_kana", "birth_date", "gender", "relationship"}


def prepare_form_data(procedure, person, *, life_event: str = "") -> dict:
    """Once-only: everything the register knows, for a new form (prefills and the household)."""
    from madoguchi.applications.services import prefill_from_person

    version = procedure.current_version
    data = prefill_from_person(version, person) if version else {}
    schema = version.schema if version else {}
    today = to_jst_date(timezone.now())
    members = list(person.household.members.all()) if person.household_id else []
    children = [m for m in members if m.pk != person.pk and (m.age_on(today) or 99) < 18]
    for section, spec in (schema.get("properties") or {}).items():
        props = spec.get("properties") or {}
        target = data.setdefault(section, {})
        # Lists of people (children, members) from the household register.
        lst = props.get("list")
        if lst and lst.get("type") == "array":
            item_props = (lst.get("items") or {}).get("properties") or {}
            people = children if "child" in section else members
            rows = []
            for member in people:
                row = {}
                for key in item_props:
                    if key == "full_name":
                        row[key] = member.full_name
                    elif key == "full_name_kana" and member.full_name_kana:
                        row[key] = member.full_name_kana
                    elif key == "birth_date" and member.birth_date:
                        row[key] = member.birth_date.isoformat()
                    elif key == "gender" and "enum" in item_props[key] and member.gender in (1, 2):
                        row[key] = {1: "男", 2: "女"}[member.gender]
                    elif key == "relationship" and member.relationship:
                        enum = item_props[key].get("enum")
                        if not enum or member.relationship in enum:
                            row[key] = member.relationship
                rows.append(row)
            if rows:
                target["list"] = rows
        # The first child of the household for forms about one child.
        if children and "child_name" in props and "child_name" not in target:
            target["child_name"] = children[0].full_name
            if "child_birth_date" in props and children[0].birth_date:
                target["child_birth_date"] = children[0].birth_date.isoformat()
        if "insured_name" in props and "insured_name" not in target:
            target["insured_name"] = person.full_name
            if "insured_birth_date" in props and person.birth_date:
                target["insured_birth_date"] = person.birth_date.isoformat()
        reason = props.get("reason") or {}
        event_reason = {"tennyu": "転入", "shussei": "出生", "tenshutsu": "転出", "shibou": "死亡"}.get(
            life_event
        )
        if event_reason and event_reason in (reason.get("enum") or []) and "reason" not in target:
            target["reason"] = event_reason
        if "member_count" in props and members and "member_count" not in target:
            target["member_count"] = str(len(members))
        if "head_name" in props and "head_name" not in target:
            head = next((m for m in members if m.relationship == "世帯主"), person)
            target["head_name"] = head.full_name
        if not target:
            data.pop(section)
    return data


@transaction.atomic
def start_counter_session(
    person, *, life_event: str, answers: dict, by, ticket: Ticket | None = None
) -> CounterSession:
    """書かない窓口を始める: prepare every form the life event needs, prefilled from the register."""
    from madoguchi.lifeevents.rules import get_event, plan_for

    ensure_counter_staff(by)
    event = get_event(life_event)
    if event is None:
        raise ValidationError(_("ライフイベントを選んでください。"))
    session = CounterSession.objects.create(
        person=person, staff=by, life_event=life_event, answers=answers, ticket=ticket
    )
    order = 0
    for item in plan_for(event, answers):
        procedure = _procedure(item.code) if item.is_procedure else None
        if procedure is None or "counter" not in (procedure.channels or []):
            continue
        CounterForm.objects.create(
            session=session,
            procedure_code=procedure.code,
            title=procedure.name,
            department=procedure.department,
            data=prepare_form_data(procedure, person, life_event=life_event),
            sort_order=order,
        )
        order += 1
    record_event(
        session,
        verb="counter_session_started",
        actor=by,
        channel=Channel.COUNTER,
        data={"life_event": life_event, "forms": order},
    )
    return session


DECLARATIONS = "declarations"  # the resident's own confirmations, made on the tablet


def form_errors(form: CounterForm, *, include_declarations: bool = False) -> dict[str, list[str]]:
    """What is still missing or wrong in a prepared form (dotted field → messages).

    The declarations (記載内容は事実に相違ありません …) are the resident's to make on the tablet,
    so staff are not asked for them.
    """
    from madoguchi.procedures.validation import collect_errors

    procedure = _procedure(form.procedure_code)
    if procedure is None or procedure.current_version is None:
        return {"__all__": [_("この手続は現在受け付けていません。")]}
    errors = collect_errors(procedure.current_version.schema, form.data)
    if not include_declarations:
        errors = {
            k: v for k, v in errors.items() if k != DECLARATIONS and not k.startswith(DECLARATIONS + ".")
        }
    return errors


def declarations_of(procedure) -> list[tuple[str, str]]:
    """(field, text) of each confirmation the resident makes for this form."""
    version = procedure.current_version
    section = ((version.schema if version else {}).get("properties") or {}).get(DECLARATIONS) or {}
    from madoguchi.procedures.validation import title_of

    return [(key, title_of(spec, key)) for key, spec in (section.get("properties") or {}).items()]


def _with_declarations(procedure, data: dict) -> dict:
    """The resident confirmed on the tablet: every declaration of the form is made."""
    version = procedure.current_version
    section = ((version.schema if version else {}).get("properties") or {}).get(DECLARATIONS)
    if not section:
        return data
    made = {
        key: True for key, spec in (section.get("properties") or {}).items() if spec.get("type") == "boolean"
    }
    return {**data, DECLARATIONS: {**data.get(DECLARATIONS, {}), **made}}


def _ensure_session_staff(session: CounterSession, by) -> None:
    ensure_counter_staff(by)


@transaction.atomic
def save_counter_form(form: CounterForm, *, by, data: dict, included: bool = True) -> CounterForm:
    """職員が入力: staff complete what the register did not know."""
    _ensure_session_staff(form.session, by)
    if form.session.status == CounterSession.Status.CONFIRMED:
        raise ValidationError(_("申請済みの受付は変更できません。"))
    form.data = data
    form.included = included
    form.save(update_fields=["data", "included"])
    if form.session.status == CounterSession.Status.CHECKING:  # changed while on the tablet: check again
        CounterSession.objects.filter(pk=form.session_id).update(status=CounterSession.Status.PREPARING)
    return form


@transaction.atomic
def send_to_tablet(session: CounterSession, *, by) -> CounterSession:
    """本人確認へ: every included form complete → the resident checks them on the tablet."""
    _ensure_session_staff(session, by)
    included = [form for form in session.forms.all() if form.included]
    if not included:
        raise ValidationError(_("申請する手続を1つ以上選んでください。"))
    incomplete = [form.title for form in included if form_errors(form)]
    if incomplete:
        raise ValidationError(
            _("入力が終わっていない申請書があります: %(forms)s") % {"forms": "、".join(incomplete)}
        )
    session.status = CounterSession.Status.CHECKING
    session.save(update_fields=["status"])
    record_event(session, verb="counter_session_checking", actor=by, channel=Channel.COUNTER)
    return session


SIGNATURE_PREFIX = "data:image/png;base64,"


@transaction.atomic
def confirm_session(session: CounterSession, *, by, method: str, signature_image: str = "") -> list:
    """本人が確認して署名: every included form becomes an Application with channel=counter,
    in its procedure's department inbox. A repeated confirm creates nothing new."""
    from madoguchi.applications.services import submit_application

    _ensure_session_staff(session, by)
    session = (
        CounterSession.objects.select_for_update(of=("self",)).select_related("person").get(pk=session.pk)
    )
    if session.status == CounterSession.Status.PREPARING:
        raise ValidationError(_("職員が申請書の準備を終えてから確認してください。"))
    if method not in CounterSession.Signature.values:
        raise ValidationError(_("署名の方法を選んでください。"))
    if method == CounterSession.Signature.DRAWN and not signature_image.startswith(SIGNATURE_PREFIX):
        raise ValidationError(_("署名欄に署名してください。"))
    applications = []
    for form in session.forms.filter(included=True):
        procedure = _procedure(form.procedure_code)
        application = submit_application(
            procedure,
            applicant=session.person,
            data=_with_declarations(procedure, form.data),
            channel=Channel.COUNTER,
            by=by,
            idempotency_key=f"counter-{session.token}-{form.pk}",
        )
        form.application_id = application.pk
        form.receipt_number = application.receipt_number or ""
        form.save(update_fields=["application_id", "receipt_number"])
        applications.append(application)
    if session.status != CounterSession.Status.CONFIRMED:
        session.status = CounterSession.Status.CONFIRMED
        session.signature_method = method
        session.signature_image = signature_image if method == CounterSession.Signature.DRAWN else ""
        session.confirmed_at = timezone.now()
        session.save(update_fields=["status", "signature_method", "signature_image", "confirmed_at"])
        record_event(
            session,
            verb="counter_session_confirmed",
            actor=by,
            channel=Channel.COUNTER,
            data={"signature": method, "applications": [a.pk for a in applications]},
        )
    return applications


# ---------------------------------------------------------------- indicators


def wait_statistics(day) -> list[dict]:
    """Average and 95th-percentile wait (issue → first call) per category for one day, in minutes."""
    rows = []
    for category in ServiceCategory.objects.all():
        waits = sorted(
            (called - issued).total_seconds() / 60
            for issued, called in Ticket.objects.filter(
                category=category, day=day, first_called_at__isnull=False
            ).values_list("issued_at", "first_called_at")
        )
        if not waits:
            continue
        rank = max(0, math.ceil(0.95 * len(waits)) - 1)  # nearest-rank percentile
        rows.append(
            {
                "category": category.code,
                "name": category.localized_name(),
                "count": len(waits),
                "average_minutes": round(sum(waits) / len(waits), 1),
                "p95_minutes": round(waits[rank], 1),
            }
        )
    return rows


def channel_share(*, start=None, end=None) -> list[dict]:
    """Per procedure: applications received at the counter and online, and the counter share (%)."""
    from django.apps import apps

    if not apps.is_installed("madoguchi.applications"):
        return []
    Application = apps.get_model("applications", "Application")
    qs = Application.objects.filter(submitted_at__isnull=False)
    if start:
        qs = qs.filter(submitted_at__gte=start)
    if end:
        qs = qs.filter(submitted_at__lt=end)
    counts: dict[str, dict] = {}
    for code, name, channel, n in qs.values_list("procedure__code", "procedure__name", "channel").annotate(
        n=Count("pk")
    ):
        row = counts.setdefault(
            code, {"procedure": code, "name": name, "counter": 0, "online": 0, "other": 0}
        )
        key = channel if channel in ("counter", "online") else "other"
        row[key] += n
    for row in counts.values():
        total = row["counter"] + row["online"] + row["other"]
        row["total"] = total
        row["counter_percent"] = round(100 * row["counter"] / total, 1) if total else None
        row["online_percent"] = round(100 * row["online"] / total, 1) if total else None
    return sorted(counts.values(), key=lambda r: (-r["total"], r["procedure"]))
