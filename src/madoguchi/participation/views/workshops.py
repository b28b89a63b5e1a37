"""A workshop's page: registering (or joining the waiting list) and cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

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
            "form": form,
            "seats": services.workshop_seats(workshop),
            "is_staff_member": services.may_manage(request.user, process),
            "minutes_form": MinutesForm(
                initial={"minutes": workshop.minutes, "materials_url": workshop.materials_url}
            ),
            "crumbs": crumbs((process.title, process.get_absolute_url()), (workshop.title, "")),
        },
    )
