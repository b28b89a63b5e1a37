"""Counter pages: public waits, tickets, signage and reservations; the staff desk and the
no-writing counter (書かない窓口) with its tablet view. Thin: parse, call a service, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from madoguchi.core.httpkit import unless_post
from madoguchi.core.japanese import to_jst_date
from madoguchi.core.models import Person
from madoguchi.identity.staff import staff_required
from madoguchi.lifeevents import services as lifeevents
from madoguchi.procedures import services as procedures

from . import services
from .forms import (
    ConfirmForm,
    HouseholdQuestionsForm,
    ProcedureDataForm,
    ResidentLookupForm,
    TransferForm,
    get_path,
    leaves,
)
from .models import CounterForm, CounterSession, Reservation, ServiceCategory, SignageNotice, Ticket, Window
from .qr import qr_svg


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---------------------------------------------------------------- public: waits, tickets


@never_cache
def waits(request):
    return render(
        request,
        "counter/waits.html",
        {"waits": services.current_waits(), "status": services.opening_status()},
    )


@never_cache
def kiosk(request):
    """発券機: the hall terminal issues a numbered ticket with a QR code to follow the wait."""
    categories = ServiceCategory.objects.filter(is_active=True)
    if request.method == "POST" and request.POST.get("reference"):
        reservation = (
            Reservation.objects.select_related("slot")
            .filter(reference=request.POST["reference"].strip().upper())
            .first()
        )
        if reservation is None or to_jst_date(reservation.slot.starts_at) != to_jst_date(timezone.now()):
            messages.error(request, _("本日の予約が見つかりません。予約番号を確かめてください。"))
            return redirect("counter:kiosk")
        try:
            ticket = services.check_in(reservation, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("counter:kiosk")
        return redirect("counter:ticket", token=ticket.token)
    if request.method == "POST":
        category = get_object_or_404(ServiceCategory, code=request.POST.get("category"), is_active=True)
        try:
            ticket = services.issue_ticket(category, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("counter:kiosk")
        return redirect("counter:ticket", token=ticket.token)
    return render(
        request, "counter/kiosk.html", {"waits": services.current_waits(), "categories": categories}
    )


def _ticket_context(ticket: Ticket) -> dict:
    ahead = services.ticket_position(ticket)
    return {
        "ticket": ticket,
        "ahead": ahead,
        "predicted": services.predicted_wait_minutes(ticket.category, ahead=ahead)
        if ticket.status == Ticket.Status.WAITING
        else 0,
    }


@never_cache
def ticket(request, token):
    ticket = get_object_or_404(Ticket.objects.select_related("category", "window"), token=token)
    template = "counter/_ticket_status.html" if request.headers.get("HX-Request") else "counter/ticket.html"
    return render(request, template, _ticket_context(ticket))


def ticket_qr(request, token):
    """The QR code printed on the ticket: opens the ticket's wait page on a phone."""
    ticket = get_object_or_404(Ticket, token=token)
    url = request.build_absolute_uri(reverse("counter:ticket", args=[ticket.token]))
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")


# ---------------------------------------------------------------- signage


def _signage_context() -> dict:
    called = list(services.called_tickets())
    today = to_jst_date(timezone.now())
    notices = [
        n
        for n in SignageNotice.objects.filter(is_active=True)
        if (n.starts_on is None or n.starts_on <= today) and (n.ends_on is None or n.ends_on >= today)
    ]
    notice = notices[int(timezone.now().timestamp() // 8) % len(notices)] if notices else None
    return {
        "latest": called[0] if called else None,
        "called": called[1:],
        "waits": services.current_waits(),
        "notice": notice,
        "now": timezone.now(),
    }


@never_cache
def signage(request):
    return render(request, "counter/signage.html", _signage_context())


@never_cache
def signage_board(request):
    return render(request, "counter/_signage_board.html", _signage_context())


# ---------------------------------------------------------------- staff: the desk (queue)


@staff_required
@never_cache
def desk(request):
    windows = services.windows_for(request.user)  # another department's queue is not ours to see
    window = windows.filter(number=request.GET.get("window")).first()
    context = {
        "windows": windows,
        "window": window,
        "transfer_form": TransferForm(),
        "waits": services.current_waits(),
    }
    if window:
        context["waiting"] = list(services.waiting_for(window)[:30])
        context["current"] = list(
            Ticket.objects.filter(
                window=window,
                status__in=[Ticket.Status.CALLED, Ticket.Status.SERVING],
                day=to_jst_date(timezone.now()),
            ).select_related("category")
        )
    return render(request, "counter/desk.html", context)


@staff_required
def desk_call_next(request, number):
    window = get_object_or_404(Window, number=number)
    services.ensure_works_for(request.user, window.department)
    if (refused := unless_post(request)) is not None:
        return refused
    ticket = services.call_next(window, by=request.user)
    if ticket is None:
        messages.info(request, _("お待ちの方はいません。"))
    else:
        messages.success(
            request,
            _("%(number)sを%(window)s番窓口に呼び出しました。")
            % {"number": ticket.display_number, "window": window.number},
        )
    return redirect(f"{reverse('counter:desk')}?window={window.number}")


@staff_required
def desk_ticket_action(request, pk, action):
    ticket = get_object_or_404(Ticket.objects.select_related("category__department", "window"), pk=pk)
    # The ticket's category or the window it was sent to: their departments' staff handle it.
    services.ensure_works_for(
        request.user, ticket.category.department, ticket.window.department if ticket.window else None
    )
    if (refused := unless_post(request)) is not None:
        return refused
    window_number = request.POST.get("desk_window") or (ticket.window.number if ticket.window else "")
    try:
        if action == "call":
            window = get_object_or_404(Window, number=window_number)
            services.ensure_works_for(request.user, window.department)
            services.call_ticket(ticket, window=window, by=request.user)
        elif action == "start":
            services.start_service(ticket, by=request.user)
        elif action == "complete":
            services.complete_ticket(ticket, by=request.user)
        elif action == "no-show":
            services.mark_no_show(ticket, by=request.user)
        elif action == "transfer":
            form = TransferForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.get("__all__") or _("引継ぎ先を選んでください。"))
            services.transfer_ticket(
                ticket,
                by=request.user,
                category=form.cleaned_data["category"],
                window=form.cleaned_data["window"],
            )
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(number)s: %(status)s")
            % {"number": ticket.display_number, "status": Ticket.objects.get(pk=pk).get_status_display()},
        )
    return redirect(f"{reverse('counter:desk')}?window={window_number}")


@staff_required
def indicators(request):
    day = to_jst_date(timezone.now())
    if request.GET.get("day"):
        try:
            day = datetime.date.fromisoformat(request.GET["day"])
        except ValueError:
            messages.error(request, _("日付は 2026-04-01 の形で入力してください。"))
    return render(
        request,
        "counter/indicators.html",
        {
            "day": day,
            "waits": services.wait_statistics(day),
            "shares": services.channel_share(),
        },
    )


# ---------------------------------------------------------------- staff: the no-writing counter


@staff_required
@never_cache
def onestop(request):
    """書かない窓口 1: identify the resident (after seeing their ID), pick the life event."""
    services.ensure_onestop_staff(request.user)
    form = ResidentLookupForm(request.GET or None)
    results = []
    if request.GET and form.is_valid():
        results = services.find_residents(
            by=request.user,
            name_kana=form.cleaned_data["name_kana"],
            birth_date=form.cleaned_data.get("birth_date"),
        )
    return render(
        request,
        "counter/onestop.html",
        {"form": form, "results": results, "events": lifeevents.life_events()},
    )


@staff_required
@never_cache
def onestop_new(request, person_pk):
    """書かない窓口 2: answer the navigator's questions together (prefilled from the register)."""
    services.ensure_onestop_staff(request.user)  # the register's personal data
    person = get_object_or_404(Person, pk=person_pk)
    event = lifeevents.get_event(request.GET.get("event") or request.POST.get("event", ""))
    if event is None:
        messages.error(request, _("ライフイベントを選んでください。"))
        return redirect("counter:onestop")
    initial = lifeevents.answers_from_household(person)
    form = HouseholdQuestionsForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        session = services.start_counter_session(
            person, life_event=event.code, answers=form.answers(), by=request.user
        )
        return redirect("counter:session", token=session.token)
    return render(request, "counter/onestop_new.html", {"person": person, "event": event, "form": form})


def _session(request, token) -> CounterSession:
    session = get_object_or_404(
        CounterSession.objects.select_related("person", "person__household"), token=token
    )
    if not services.may_see_session(request.user, session):
        raise Http404
    return session


@staff_required
@never_cache
def session(request, token):
    """書かない窓口 3: every prepared form, what is still missing; then to the tablet."""
    session = _session(request, token)
    forms = [
        (form, services.form_errors(form) if form.included else {})
        for form in session.forms.select_related("department")
    ]
    if request.method == "POST":
        try:
            services.send_to_tablet(session, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            return redirect("counter:tablet", token=session.token)
    return render(request, "counter/session.html", {"session": session, "forms": forms})


@staff_required
@never_cache
def session_form(request, token, pk):
    """Staff complete one form (fields the register did not know)."""
    session = _session(request, token)
    counter_form = get_object_or_404(CounterForm, session=session, pk=pk)
    procedure = services.published_procedure(counter_form.procedure_code)
    if procedure is None:
        raise Http404
    form = ProcedureDataForm(
        request.POST or None,
        schema=procedure.current_version.schema,
        data=counter_form.data,
        initial={"included": counter_form.included},
        documents=[
            (
                spec["code"],
                spec["name"],
                procedures.requirement_text(spec.get("required"), procedure.current_version.schema),
                spec["code"] in (counter_form.documents_received or []),
            )
            for spec in procedure.required_attachments or []
        ],
    )
    form.add_document_fields()
    if request.method == "POST" and form.is_valid():
        services.save_counter_form(
            counter_form,
            by=request.user,
            data=form.cleaned_form_data(),
            included=form.cleaned_data["included"],
            documents_received=form.cleaned_documents(),
        )
        errors = services.form_errors(counter_form) if counter_form.included else {}
        if errors:
            messages.warning(request, _("まだ入力が必要な項目があります。"))
            return redirect("counter:session_form", token=token, pk=pk)
        messages.success(request, _("「%(title)s」を保存しました。") % {"title": counter_form.title})
        return redirect("counter:session", token=token)
    errors = services.form_errors(counter_form)
    return render(
        request,
        "counter/session_form.html",
        {
            "session": session,
            "counter_form": counter_form,
            "form": form,
            "errors": errors,
        },
    )


def _tablet_rows(procedure, data):
    rows = []
    for path, _spec, label in leaves(procedure.current_version.schema, data):
        if path[0] == services.DECLARATIONS:
            continue
        value = get_path(data, path)
        if value in (None, ""):
            continue
        if value is True:
            value = _("はい")
        elif value is False:
            value = _("いいえ")
        rows.append((label, value))
    return rows


@staff_required
@never_cache
def tablet(request, token):
    """書かない窓口 4: the resident checks each form on the tablet (large text, furigana) and confirms."""
    session = _session(request, token)
    if session.status == CounterSession.Status.CONFIRMED:
        return redirect("counter:session_done", token=token)
    if session.status != CounterSession.Status.CHECKING:
        messages.error(request, _("職員が申請書の準備を終えてから確認してください。"))
        return redirect("counter:session", token=token)
    documents = []
    for counter_form in session.forms.filter(included=True).select_related("department"):
        procedure = services.published_procedure(counter_form.procedure_code)
        documents.append(
            {
                "form": counter_form,
                "rows": _tablet_rows(procedure, counter_form.data),
                "declarations": [text for _key, text in services.declarations_of(procedure)],
            }
        )
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_session(
                session,
                by=request.user,
                method=form.cleaned_data["method"],
                signature_image=form.cleaned_data["signature_image"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            return redirect("counter:session_done", token=token)
    return render(request, "counter/tablet.html", {"session": session, "documents": documents, "form": form})


@staff_required
def session_done(request, token):
    session = _session(request, token)
    return render(
        request,
        "counter/session_done.html",
        {
            "session": session,
            "forms": session.forms.filter(included=True).select_related("department"),
        },
    )
