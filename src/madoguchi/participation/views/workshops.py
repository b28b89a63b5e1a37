"""A workshop's page (an event or briefing too): registering (or joining the waiting list),
cancelling, questions in advance, the check-in QR code (in person) or the join link near the start
(online), materials, and after the end the recording and minutes; the public calendar of events,
a material's download and the online join (which records attendance, then redirects)."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core.models import Municipality

from .. import services
from ..forms import (
    AnswerQuestionForm,
    EventQuestionForm,
    MaterialForm,
    MinutesForm,
    RegistrationForm,
)
from ..models import EventMaterial, Registration, Workshop
from .common import crumbs, get_process, refuse, verified_person


def workshop_detail(request, pk: int):
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    process = get_process(request, workshop.process_id)
    person = verified_person(request)
    registration = services.current_registration(workshop, person)
    action = request.POST.get("action") if request.method == "POST" else None
    registering = request.method == "POST" and action not in ("cancel", "question")
    form = RegistrationForm(request.POST if registering else None, workshop=workshop)
    question_form = EventQuestionForm(request.POST if action == "question" else None)
    if action == "cancel" and registration:
        services.cancel_registration(registration, by=request.user)
        messages.success(request, _("申込を取り消しました。"))
        return redirect(workshop)
    if action == "question" and question_form.is_valid():
        try:
            services.ask_question(
                workshop, person=person, user=request.user, body=question_form.cleaned_data["body"]
            )
        except services.ParticipationError as error:
            refuse(request, error)
        else:
            messages.success(
                request, _("事前質問を受け付けました。回答はこのページに掲載し、メールでもお知らせします。")
            )
            return redirect(workshop)
    if registering and form.is_valid():
        try:
            reg = services.register_for_workshop(
                workshop, person=person, user=request.user, mode=form.cleaned_data["mode"]
            )
        except services.ParticipationError as error:
            refuse(request, error)
        else:
            if reg.status == Registration.Status.CONFIRMED:
                messages.success(request, _("参加の申込を受け付けました。"))
            else:
                messages.warning(request, _("定員に達しているため、キャンセル待ちで受け付けました。"))
            return redirect(workshop)
    now = timezone.now()
    is_staff_member = services.may_manage(request.user, process)
    context = {
        "workshop": workshop,
        "process": process,
        "person": person,
        "registration": registration,
        "has_started": workshop.has_started(now),
        "has_ended": workshop.has_ended(now),
        "join_url": services.join_url(workshop)
        if services.meeting_link(workshop, registration, now=now)
        else "",
        "link_reveal_at": services.link_reveal_at(workshop),
        "form": form,
        "question_form": question_form,
        "my_questions": list(registration.questions.all()) if registration else [],
        "questions": list(services.public_questions(workshop)),
        "materials": list(workshop.materials.all()),
        "seats": services.workshop_seats(workshop),
        "is_staff_member": is_staff_member,
        "crumbs": crumbs((process.title, process.get_absolute_url()), (workshop.title, "")),
    }
    if services.has_checkin_code(registration):
        svg = services.checkin_qr_svg(registration)
        context["checkin"] = {
            "qr": "data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
            "token": services.checkin_token(registration),
            "number": registration.pk,
            "done": registration.checked_in_at,
        }
    if is_staff_member:
        context.update(_staff_context(workshop))
    return render(request, "participation/workshop.html", context)


def _staff_context(workshop: Workshop) -> dict:
    questions = list(workshop.questions.order_by("answered_at", "created_at", "pk"))
    return {
        "minutes_form": MinutesForm(
            initial={"minutes": workshop.minutes, "recording_url": workshop.recording_url}
        ),
        "material_form": MaterialForm(),
        "staff_questions": [
            (q, AnswerQuestionForm(initial={"answer": q.answer, "is_public": q.is_public}, prefix=f"q{q.pk}"))
            for q in questions
        ],
        "attendance": services.attendance(workshop),
    }


def workshop_material(request, pk: int, material: int):
    """A material the city keeps as a file (PDF): public with its event."""
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    get_process(request, workshop.process_id)
    item = get_object_or_404(EventMaterial, pk=material, workshop=workshop)
    if not item.file:
        raise Http404
    response = FileResponse(
        item.file.open("rb"), content_type="application/pdf", filename=f"{item.title}.pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def event_join(request, pk: int):
    """/events/<id>/join/: the online link of a confirmed online registrant near the start. The
    first visit records the join (online attendance); then it redirects to the meeting."""
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    get_process(request, workshop.process_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = services.current_registration(workshop, verified_person(request))
    try:
        url = services.record_join(workshop, registration, user=request.user)
    except services.ParticipationError as error:
        refuse(request, error)
        return redirect(workshop)
    response = HttpResponseRedirect(url)
    response["Referrer-Policy"] = "no-referrer"
    return response


def events_calendar(request):
    """/events/calendar.ics: every event of a published process, for calendar apps to subscribe."""
    city = Municipality.current()
    body = services.events_ics(
        services.public_events(),
        city=city.name if city else "Madoguchi",
        url_for=lambda w: request.build_absolute_uri(w.get_absolute_url()),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response
