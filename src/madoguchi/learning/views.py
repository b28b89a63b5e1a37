"""Public pages of 講習会: the calendar of classes, a class with its registration, the iCalendar
feed, and a resident's own registration (cancel, survey)."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import error_text
from madoguchi.core.models import Municipality
from madoguchi.identity.assurance import AssuranceLevel, current_level

from . import services
from .forms import SurveyForm


def _resident(request):
    """The logged-in resident's Person (any confirmed login: e-mail or card), else None."""
    if request.user.is_authenticated and current_level(request).satisfies(AssuranceLevel.EMAIL):
        return getattr(request.user, "person", None)
    return None


def _month(citizen_class) -> str:
    return timezone.localtime(citizen_class.starts_at).strftime("%Y-%m")


def calendar(request):
    classes = list(services.upcoming_classes())
    months = [(month, list(items)) for month, items in groupby(classes, key=_month)]
    return render(
        request,
        "learning/calendar.html",
        {"months": months, "mine": services.registrations_of(_resident(request))},
    )


def calendar_ics(request):
    city = Municipality.current()
    body = services.classes_ics(
        services.upcoming_classes(),
        city=city.name if city else "Madoguchi",
        url_for=lambda c: request.build_absolute_uri(reverse("learning:class", args=[c.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="classes.ics"'
    return response


def class_detail(request, pk: int):
    citizen_class = services.public_class(pk)
    person = _resident(request)
    registration = services.current_registration(citizen_class, person)
    if request.method == "POST" and person is not None and registration is None:
        try:
            registration = services.register_online(citizen_class, person=person, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if registration.status == registration.Status.CONFIRMED:
                messages.success(
                    request, _("申込を受け付けました。受付番号: %(ref)s") % {"ref": registration.reference}
                )
            else:
                messages.warning(
                    request,
                    _("定員に達しているため、キャンセル待ちで受け付けました。席が空いたらお知らせします。"),
                )
            return redirect("learning:registration", reference=registration.reference)
    return render(
        request,
        "learning/class.html",
        {
            "citizen_class": citizen_class,
            "seats_left": max(0, citizen_class.capacity - citizen_class.taken),
            "person": person,
            "registration": registration,
            "open": citizen_class.status == citizen_class.Status.SCHEDULED
            and citizen_class.starts_at > timezone.now(),
        },
    )


def registration(request, reference: str):
    registration = services.own_registration(request.user, reference)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.cancel_registration(registration, by=request.user)
                messages.success(request, _("申込を取り消しました。"))
                return redirect("learning:registration", reference=reference)
            if form.is_valid():
                services.answer_survey(registration, by=request.user, **form.cleaned_data)
                messages.success(request, _("アンケートにご回答いただき、ありがとうございました。"))
                return redirect("learning:registration", reference=reference)
        except ValidationError as error:
            messages.error(request, error_text(error))
    registration.refresh_from_db()
    can_answer = (
        registration.status == registration.Status.CONFIRMED
        and registration.attended is not False
        and registration.citizen_class.starts_at <= timezone.now()
        and not hasattr(registration, "survey")
    )
    return render(
        request,
        "learning/registration.html",
        {
            "registration": registration,
            "citizen_class": registration.citizen_class,
            "form": form,
            "can_answer": can_answer,
        },
    )
