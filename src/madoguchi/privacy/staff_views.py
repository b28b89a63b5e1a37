"""Staff pages of privacy: the internal part of the register (every file, each item's model
field, the fields judged not personal and why), the managers' access review, and the security
office's audits and incidents."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.models import Department
from madoguchi.identity.staff import staff_required

from . import services
from .forms import DisclosureRequestForm, QuarterForm, ReviewForm, SignOffForm
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


@staff_required
def quarterly(request):
    """四半期のアクセス点検: the staff of the manager's departments, the quarter's figures, and
    the sign-offs still missing (all of them with ?all=1)."""
    if not services.can_review_anywhere(request.user):
        raise PermissionDenied(access.PRIVACY_REVIEW.refusal)
    year, quarter = services.previous_quarter()
    chosen = QuarterForm(request.GET or None)
    if chosen.is_bound and chosen.is_valid():
        year, quarter = chosen.cleaned_data["year"], chosen.cleaned_data["quarter"]
    form = SignOffForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            staff = get_user_model().objects.filter(pk=data["staff"]).first()
            department = Department.objects.filter(pk=data["department"]).first()
            if staff is None or department is None:
                raise PermissionDenied(access.PRIVACY_REVIEW.refusal)
            try:
                services.sign_off_quarter(
                    by=request.user,
                    staff=staff,
                    department=department,
                    year=data["year"],
                    quarter=data["quarter"],
                    note=data["note"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("四半期のアクセス点検を記録しました。"))
            year, quarter = data["year"], data["quarter"]
        else:
            messages.error(request, _("確認する職員と四半期を選び直してください。"))
        return redirect(f"{reverse('privacy_staff:quarterly')}?year={year}&quarter={quarter}")
    show_all = request.GET.get("all") == "1"
    rows = services.quarter_rows(request.user, year=year, quarter=quarter, unsigned_only=not show_all)
    return render(
        request,
        "privacy/staff/quarterly.html",
        {"rows": rows, "year": year, "quarter": quarter, "show_all": show_all, "chosen": chosen},
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
