"""Staff pages of privacy: the internal part of the register (every file, each item's model
field, the fields judged not personal and why), the managers' access review, and the security
office's audits and incidents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.identity.staff import staff_required

from . import services
from .forms import DisclosureRequestForm, ReviewForm
from .models import AccessAlert

AccessAlertStatus = AccessAlert.Status


@staff_required
def register(request):
    return render(
        request,
        "privacy/staff/register.html",
        {"files": services.register(), "not_personal": services.not_personal_fields()},
    )


@staff_required
def register_csv(request):
    response = HttpResponse(services.register_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="personal-information-files.csv"'
    return response


# --- access review (managers: 決裁 of the reader's department) ---------------------------------


@staff_required
def review(request):
    if not services.can_review_anywhere(request.user):
        raise PermissionDenied(access.PRIVACY_REVIEW.refusal)
    show_all = request.GET.get("all") == "1"
    alerts = services.alerts_for(request.user, status=None if show_all else AccessAlertStatus.OPEN)
    return render(request, "privacy/staff/review.html", {"alerts": alerts[:200], "show_all": show_all})


@staff_required
def alert(request, pk: int):
    alert = services.access_alert(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_alert(alert, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("確認の結果を記録しました。"))
            return redirect("privacy_staff:review")
    return render(
        request,
        "privacy/staff/alert.html",
        {"alert": alert, "detail": services.alert_detail(alert), "form": form},
    )


# --- security audits and incidents (the security office) ---------------------------------------


@staff_required
def security(request):
    if not services.can_manage(request.user):
        raise PermissionDenied(access.SECURITY_MANAGE.refusal)
    now = timezone.now()
    incidents = [
        {"incident": incident, "clocks": [(clock, clock.overdue(now)) for clock in services.clocks(incident)]}
        for incident in services.incidents()[:100]
    ]
    return render(
        request,
        "privacy/staff/security.html",
        {
            "audits": services.audits()[:200],
            "overdue": services.overdue_findings(),
            "incidents": incidents,
            "checklist": services.checklist(),
        },
    )


# --- 開示請求 made on paper (the office) ------------------------------------------------------


@staff_required
def disclosure_request(request):
    """The office answers a paper request: identify the resident, record the request, download."""
    if not services.can_manage(request.user):
        raise PermissionDenied(access.SECURITY_MANAGE.refusal)
    form = DisclosureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.find_requester(
                family_name=data["family_name"], given_name=data["given_name"], birth_date=data["birth_date"]
            )
            _request, (body, content_type, name) = services.answer_disclosure_request(
                by=request.user,
                person=person,
                reference=data["reference"],
                received_on=data["received_on"],
                fmt=data["format"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            response = HttpResponse(body, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(
        request,
        "privacy/staff/disclosure_request.html",
        {"form": form, "requests": services.disclosure_requests()[:50]},
    )
