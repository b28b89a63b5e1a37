"""A workshop's page (an event or briefing too): registering (or joining the waiting list),
cancelling, the online link near the start; and the public calendar of events."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madoguchi.core.models import Municipality

from .. import services
from ..forms import MinutesForm, RegistrationForm
from ..models import Registration, Workshop
from .common import crumbs, get_process, refuse, verified_person


def workshop_detail(request, pk: int):
    workshop = get_object_or_404(Workshop.objects.select_related("process"), pk=pk)
    process = get_process(request, workshop.process_id)
    person = verified_person(request)
    registration = services.current_registration(workshop, person)
    form = RegistrationForm(request.POST or None, workshop=workshop)
    if request.method == "POST":
        if request.POST.get("action") == "cancel" and registration:
            services.cancel_registration(registration, by=request.user)
            messages.success(request, _("申込を取り消しました。"))
            return redirect(workshop)
        if form.is_valid():
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
    return render(
        request,
        "participation/workshop.html",
        {
            "workshop": workshop,
            "process": process,
            "person": person,
            "registration": registration,
            "meeting_link": services.meeting_link(workshop, registration),
            "link_reveal_at": services.link_reveal_at(workshop),
            "form": form,
            "seats": services.workshop_seats(workshop),
            "is_staff_member": services.may_manage(request.user, process),
            "minutes_form": MinutesForm(
                initial={"minutes": workshop.minutes, "materials_url": workshop.materials_url}
            ),
            "crumbs": crumbs((process.title, process.get_absolute_url()), (workshop.title, "")),
        },
    )


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
