"""Staff pages of privacy: the internal part of the register (every file, each item's model
field, the fields judged not personal and why), the managers' access review, and the security
office's audits and incidents."""

from django import forms
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
from .forms import (
    ApplicationHoldForm,
    AuditPerformedForm,
    AuditPlanForm,
    DisclosureRequestForm,
    FindingDoneForm,
    FindingForm,
    IncidentCloseForm,
    IncidentFlagsForm,
    IncidentForm,
    PersonHoldForm,
    QuarterForm,
    ReportForm,
    ReviewForm,
    SignOffForm,
)
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


def _office(request) -> None:
    if not services.can_manage(request.user):
        raise PermissionDenied(access.SECURITY_MANAGE.refusal)


def _posted(request):
    """The form's data on a POST (an empty POST too: its errors are shown), None on a GET."""
    return request.POST if request.method == "POST" else None


def _form_page(request, form, *, title, back, button, lead="", record=None):
    """One question page (GOV.UK style): the form, its error summary, and the way back."""
    return render(
        request,
        "privacy/staff/form.html",
        {"form": form, "title": title, "back": back, "button": button, "lead": lead, "record": record},
    )


def _submit(form, write) -> bool:
    """Run the service `write` on a valid form; its ValidationError lands next to the fields."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc)
            return False
        for name, errors in exc.error_dict.items():  # a service's key the form has no field for: on top
            form.add_error(name if name in form.fields else None, errors)
        return False
    return True


@staff_required
def audit_plan(request):
    _office(request)
    form = AuditPlanForm(_posted(request))
    created = {}

    def write(data):
        created["audit"] = services.plan_audit(
            data["department"],
            by=request.user,
            fiscal_year=data["fiscal_year"],
            planned_on=data["planned_on"],
        )

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("監査を計画しました。"))
        return redirect("privacy_staff:audit", pk=created["audit"].pk)
    return _form_page(
        request,
        form,
        title=_("監査を計画する"),
        back=reverse("privacy_staff:security"),
        button=_("計画する"),
        lead=_(
            "部署ごとに年度に一回の監査を計画します。計画した監査のうち実施したものの割合が、情報セキュリティ監査実施率になります。"
        ),
    )


@staff_required
def audit(request, pk: int):
    audit = services.managed_audit(request.user, pk)
    return render(
        request,
        "privacy/staff/audit.html",
        {"audit": audit, "findings": audit.findings.all(), "today": timezone.localdate()},
    )


@staff_required
def audit_performed(request, pk: int):
    audit = services.managed_audit(request.user, pk)
    form = AuditPerformedForm(_posted(request))

    def write(data):
        services.record_audit(audit, by=request.user, performed_on=data["performed_on"], findings=[])

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("監査の実施日を記録しました。指摘事項があれば追加してください。"))
        return redirect("privacy_staff:audit", pk=audit.pk)
    return _form_page(
        request,
        form,
        title=_("監査の実施日を記録する"),
        back=reverse("privacy_staff:audit", args=[audit.pk]),
        button=_("記録する"),
        record=audit,
    )


@staff_required
def finding_add(request, pk: int):
    audit = services.managed_audit(request.user, pk)
    form = FindingForm(_posted(request), items=services.checklist()["items"])

    def write(data):
        services.add_finding(audit, by=request.user, finding=services.FindingInput(**data))

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("指摘事項と是正措置を記録しました。"))
        return redirect("privacy_staff:audit", pk=audit.pk)
    return _form_page(
        request,
        form,
        title=_("指摘事項と是正措置を追加する"),
        back=reverse("privacy_staff:audit", args=[audit.pk]),
        button=_("追加する"),
        record=audit,
    )


@staff_required
def finding_done(request, pk: int):
    finding = services.managed_finding(request.user, pk)
    form = FindingDoneForm(_posted(request), initial={"closed_on": timezone.localdate()})

    def write(data):
        services.close_finding(finding, by=request.user, closed_on=data["closed_on"])

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("是正措置の完了を記録しました。"))
        return redirect("privacy_staff:audit", pk=finding.audit_id)
    return _form_page(
        request,
        form,
        title=_("是正措置の完了を記録する"),
        back=reverse("privacy_staff:audit", args=[finding.audit_id]),
        button=_("完了を記録する"),
        lead=f"{finding.item}: {finding.corrective_action}",
        record=finding.audit,
    )


@staff_required
def incident_new(request):
    _office(request)
    form = IncidentForm(_posted(request))
    created = {}

    def write(data):
        created["incident"] = services.report_incident(by=request.user, **data)

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("インシデントを登録しました。"))
        return redirect("privacy_staff:incident", pk=created["incident"].pk)
    return _form_page(
        request,
        form,
        title=_("インシデントを登録する"),
        back=reverse("privacy_staff:security"),
        button=_("登録する"),
        lead=_(
            "個人情報の漏えい等に当たる場合、覚知日時から個人情報保護委員会への速報（概ね3〜5日）と確報（30日、不正アクセスによるものは60日）の期限が始まります。"
        ),
    )


@staff_required
def incident(request, pk: int):
    incident = services.managed_incident(request.user, pk)
    now = timezone.now()
    clocks = [(clock, clock.overdue(now)) for clock in services.clocks(incident)]
    return render(request, "privacy/staff/incident.html", {"incident": incident, "clocks": clocks})


@staff_required
def incident_update(request, pk: int):
    incident = services.managed_incident(request.user, pk)
    initial = {name: getattr(incident, name) for name in IncidentFlagsForm.base_fields}
    form = IncidentFlagsForm(_posted(request), initial=initial)

    def write(data):
        services.update_incident(incident, by=request.user, **data)

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("重要度と漏えい等の判断を更新しました。"))
        return redirect("privacy_staff:incident", pk=incident.pk)
    return _form_page(
        request,
        form,
        title=_("重要度と漏えい等の判断を見直す"),
        back=reverse("privacy_staff:incident", args=[incident.pk]),
        button=_("更新する"),
        record=incident,
    )


@staff_required
def incident_report(request, pk: int):
    incident = services.managed_incident(request.user, pk)
    form = ReportForm(_posted(request), clocks=services.clocks(incident))

    def write(data):
        services.record_report(incident, by=request.user, report=data["report"], at=data["at"])

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("報告を記録しました。"))
        return redirect("privacy_staff:incident", pk=incident.pk)
    return _form_page(
        request,
        form,
        title=_("行った報告を記録する"),
        back=reverse("privacy_staff:incident", args=[incident.pk]),
        button=_("記録する"),
        lead=_("記録した報告の期限は止まります。確報は速報の後に記録してください。"),
        record=incident,
    )


@staff_required
def incident_close(request, pk: int):
    incident = services.managed_incident(request.user, pk)
    form = IncidentCloseForm(_posted(request))

    def write(data):
        services.close_incident(incident, by=request.user, actions=data["actions"])

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("インシデントを終了しました。"))
        return redirect("privacy_staff:incident", pk=incident.pk)
    return _form_page(
        request,
        form,
        title=_("インシデントを終了する"),
        back=reverse("privacy_staff:incident", args=[incident.pk]),
        button=_("終了する"),
        lead=_("法に基づく報告をすべて記録してから終了できます。"),
        record=incident,
    )


# --- legal holds and the purge runs (the office) -----------------------------------------------


@staff_required
def holds(request):
    _office(request)
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "privacy/staff/holds.html",
        {"holds": services.holds(active=not show_all)[:200], "show_all": show_all},
    )


@staff_required
def hold_person(request):
    _office(request)
    form = PersonHoldForm(_posted(request))

    def write(data):
        person = services.find_requester(
            family_name=data["family_name"], given_name=data["given_name"], birth_date=data["birth_date"]
        )
        services.place_hold(by=request.user, person=person, reason=data["reason"])

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("住民のリーガルホールドを設定しました。"))
        return redirect("privacy_staff:holds")
    return _form_page(
        request,
        form,
        title=_("住民の記録を保存する（リーガルホールド）"),
        back=reverse("privacy_staff:holds"),
        button=_("設定する"),
        lead=_("この住民の記録は、解除するまで保存期間を過ぎても削除・匿名化されません。"),
    )


@staff_required
def hold_application(request):
    _office(request)
    form = ApplicationHoldForm(_posted(request))

    def write(data):
        services.place_hold(by=request.user, application_id=data["application_id"], reason=data["reason"])

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("申請のリーガルホールドを設定しました。"))
        return redirect("privacy_staff:holds")
    return _form_page(
        request,
        form,
        title=_("申請の記録を保存する（リーガルホールド）"),
        back=reverse("privacy_staff:holds"),
        button=_("設定する"),
        lead=_("この申請の記録は、解除するまで保存期間を過ぎても削除・匿名化されません。"),
    )


@staff_required
def hold_release(request, pk: int):
    hold = services.managed_hold(request.user, pk)
    form = forms.Form(_posted(request))

    def write(_data):
        services.release_hold(hold, by=request.user)

    if request.method == "POST" and _submit(form, write):
        messages.success(request, _("リーガルホールドを解除しました。"))
        return redirect("privacy_staff:holds")
    return _form_page(
        request,
        form,
        title=_("リーガルホールドを解除する"),
        back=reverse("privacy_staff:holds"),
        button=_("解除する"),
        lead=_("解除すると、保存期間を過ぎた記録は次の削除・匿名化の対象になります。理由: %(reason)s")
        % {"reason": hold.reason},
        record=hold,
    )


@staff_required
def purges(request):
    _office(request)
    return render(request, "privacy/staff/purges.html", {"runs": services.purge_runs()[:100]})


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
