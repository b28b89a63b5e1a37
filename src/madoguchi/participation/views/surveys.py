"""Surveys: answering online and the results (every channel counted together)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms import SurveyForm
from ..models import ParticipationChannel, Survey
from .common import crumbs, get_process, refuse, verified_person


def survey_detail(request, pk: int):
    survey = get_object_or_404(Survey.objects.select_related("process"), pk=pk)
    process = get_process(request, survey.process_id)
    person = verified_person(request)
    form = SurveyForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(survey, person=person, user=request.user, answers=form.answers())
        except services.ParticipationError as error:
            refuse(request, error)
        else:
            messages.success(request, _("アンケートへの回答を受け付けました。ご協力ありがとうございました。"))
            return redirect(process)
    return render(
        request,
        "participation/survey.html",
        {
            "survey": survey,
            "process": process,
            "form": form,
            "person": person,
            "answered": services.has_answered(survey, person),
            "is_staff_member": services.may_manage(request.user, process),
            "crumbs": crumbs((process.title, process.get_absolute_url()), (survey.title, "")),
        },
    )


def survey_results(request, pk: int):
    survey = get_object_or_404(Survey.objects.select_related("process"), pk=pk)
    process = get_process(request, survey.process_id)
    results = services.survey_results(survey)
    return render(
        request,
        "participation/survey_results.html",
        {
            "survey": survey,
            "process": process,
            "results": results.questions,
            "total": results.total,
            "by_channel": [[ParticipationChannel(c).label, n] for c, n in results.by_channel],
            "crumbs": crumbs(
                (process.title, process.get_absolute_url()),
                (survey.title, survey.get_absolute_url()),
                (_("集計結果"), ""),
            ),
        },
    )
