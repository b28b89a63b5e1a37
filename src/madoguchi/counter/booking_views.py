"""Visit booking pages (来庁予約): the calendar, booking with or without the card, the
confirmation (.ics file, QR code for the hall kiosk), my reservations, change and cancel.

A booking made without the card is opened by its key (the link in the confirmation and the
e-mail) or by the reference number with the phone number or e-mail address given when booking.
Thin: parse, call a service, render.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from madoguchi.core.httpkit import errors_onto, unless_post
from madoguchi.core.models import Person
from madoguchi.lifeevents import services as lifeevents

from . import ics, services
from .forms import BookingForm, ReservationLookupForm
from .models import Reservation, ServiceCategory
from .qr import qr_svg


def _resident(request) -> Person | None:
    return getattr(request.user, "person", None) if request.user.is_authenticated else None


def _day(value: str | None, calendar) -> datetime.date | None:
    """The chosen day, if it is one the calendar shows (anything else: no day chosen)."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if any(d.day == day for week in calendar for d in week) else None


def _booking_context(request, category_code: str) -> dict:
    calendar = services.booking_calendar(category_code)
    day = _day(request.GET.get("day"), calendar)
    times = services.times_on(category_code, day) if day else []
    return {"calendar": calendar, "day": day, "times": times, "status": services.opening_status()}


def _category(event) -> ServiceCategory | None:
    return ServiceCategory.objects.filter(code=event.counter_category, is_active=True).first()


@never_cache
def reserve(request):
    event = lifeevents.get_event(request.GET.get("event", ""))
    if event is None:
        return render(request, "counter/reserve_pick.html", {"events": lifeevents.life_events()})
    answers = {code: request.GET.get(code) in ("on", "true", "1") for code in event.questions}
    person = _resident(request)
    context = _booking_context(request, event.counter_category)
    form = BookingForm(
        request.POST if request.method == "POST" else None,
        times=context["times"],
        with_contact=person is None,
    )
    if request.method == "POST" and form.is_valid():
        time = form.cleaned_data["time"]
        slot = services.free_slot_at(event.counter_category, time.starts_at)
        contact = None
        if person is None:
            contact = services.Contact(
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
            )
        try:
            if slot is None:
                raise ValidationError({"time": _("この時間は予約がいっぱいです。別の時間を選んでください。")})
            reservation = services.reserve_visit(
                slot, person=person, life_event=event.code, answers=answers, by=request.user, contact=contact
            )
        except ValidationError as error:
            errors_onto(form, error if hasattr(error, "error_dict") else ValidationError({"time": error}))
        else:
            messages.success(request, _("来庁予約を受け付けました。"))
            return redirect(_reservation_url(reservation, with_key=person is None))
    return render(
        request,
        "counter/reserve.html",
        {
            **context,
            "event": event,
            "form": form,
            "person": person,
            "answered": [lifeevents.question_text(c) for c, v in answers.items() if v],
        },
    )


def _reservation_url(reservation: Reservation, *, with_key: bool, name: str = "counter:reservation") -> str:
    url = reverse(name, args=[reservation.reference])
    return f"{url}?{urlencode({'key': services.manage_key(reservation)})}" if with_key else url


def _key(request) -> str:
    return (request.POST.get("key") or request.GET.get("key") or "")[:64]


def _managed(request, reference) -> tuple[Reservation, str]:
    """The booking, if the visitor may see it (its resident, its key's holder, its department's
    staff); anyone else gets a 404, as for a booking that does not exist."""
    reservation = get_object_or_404(
        Reservation.objects.select_related("slot__window", "person"), reference=reference
    )
    key = _key(request)
    if not services.may_manage(reservation, by=request.user, key=key):
        raise Http404
    return reservation, key if key and services.may_manage(reservation, by=None, key=key) else ""


@never_cache
def my_reservations(request):
    """予約の確認: a logged-in resident's bookings; without the card, the reference number and the
    phone number or e-mail address open one."""
    person = _resident(request)
    form = ReservationLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = services.find_reservation(
            form.cleaned_data["reference"], contact=form.cleaned_data["contact"]
        )
        if found is not None:
            return redirect(_reservation_url(found, with_key=True))
        form.add_error(
            None,
            _(
                "予約が見つかりません。予約番号と、予約のときの電話番号またはメールアドレスを確かめてください。"
            ),
        )
    return render(
        request,
        "counter/my_reservations.html",
        {"form": form, "reservations": list(services.reservations_of(person)) if person else None},
    )


def _detail_context(reservation: Reservation, key: str) -> dict:
    event = lifeevents.get_event(reservation.life_event)
    query = f"?{urlencode({'key': key})}" if key else ""
    return {
        "reservation": reservation,
        "event": event,
        "items": lifeevents.plan_for(event, reservation.answers) if event else [],
        "key": key,
        "query": query,
        "manage_url": services.manage_url(reservation),
        "is_upcoming": reservation.status == Reservation.Status.BOOKED
        and reservation.slot.starts_at > timezone.now(),
    }


@never_cache
def reservation(request, reference):
    reservation, key = _managed(request, reference)
    return render(request, "counter/reservation.html", _detail_context(reservation, key))


def reservation_cancel(request, reference):
    reservation, key = _managed(request, reference)
    if (refused := unless_post(request)) is not None:
        return refused
    try:
        services.cancel_reservation(reservation, by=request.user, key=key)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("予約を取り消しました。"))
    return redirect(_reservation_url(reservation, with_key=bool(key)))


@never_cache
def reservation_change(request, reference):
    """予約の変更: the same calendar; the chosen time replaces the booked one."""
    reservation, key = _managed(request, reference)
    if reservation.status != Reservation.Status.BOOKED:
        return redirect(_reservation_url(reservation, with_key=bool(key)))
    category = reservation.slot.window.categories.order_by("sort_order").first()
    if category is None:
        raise Http404
    context = _booking_context(request, category.code)
    form = BookingForm(
        request.POST if request.method == "POST" else None, times=context["times"], with_contact=False
    )
    if request.method == "POST" and form.is_valid():
        slot = services.free_slot_at(category.code, form.cleaned_data["time"].starts_at)
        try:
            if slot is None:
                raise ValidationError({"time": _("この時間は予約がいっぱいです。別の時間を選んでください。")})
            services.change_reservation(reservation, slot=slot, by=request.user, key=key)
        except ValidationError as error:
            errors_onto(form, error if hasattr(error, "error_dict") else ValidationError({"time": error}))
        else:
            messages.success(request, _("予約の日時を変更しました。"))
            return redirect(_reservation_url(reservation, with_key=bool(key)))
    return render(
        request,
        "counter/reservation_change.html",
        {**context, **_detail_context(reservation, key), "form": form},
    )


def reservation_ics(request, reference):
    """The booking as a calendar file (.ics) for the resident's phone or computer."""
    reservation, key = _managed(request, reference)
    body = ics.reservation_ics(reservation, url=services.manage_url(reservation) if key else "")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reservation-{reservation.reference}.ics"'
    return response


def reservation_qr(request, reference):
    """The QR code shown on the confirmation: the hall kiosk reads the reference number from it."""
    reservation, _key_ = _managed(request, reference)
    return HttpResponse(qr_svg(reservation.reference), content_type="image/svg+xml")
