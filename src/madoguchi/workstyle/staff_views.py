"""Staff pages of workstyle: the department's meetings (list with the 年度's rates, create and
edit, the document pack, opening a document), the telework pilots (list, one pilot's roster and
days) and each staff member's own pilot page. Each page shows the departments where the user
holds workstyle.manage; each object page answers 404 elsewhere."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.httpkit import BadInput, errors_onto, id_param
from madoguchi.core.japanese.fiscal import fiscal_year as fiscal_year_of
from madoguchi.core.japanese.fiscal import format_fiscal_year
from madoguchi.core.models import Department
from madoguchi.identity.staff import staff_required

from . import services
from .forms import DayForm, DocumentForm, MeetingForm, MemberDayForm, PilotForm, SurveyForm, VersionForm


def _require_somewhere(user) -> None:
    if not access.can_anywhere(user, access.WORKSTYLE_MANAGE):
        raise PermissionDenied(access.WORKSTYLE_MANAGE.refusal)


def _departments(user):
    return list(access.departments_where(user, access.WORKSTYLE_MANAGE))


def _department_of(form, departments) -> Department:
    chosen = next((d for d in departments if str(d.pk) == form.cleaned_data["department"]), None)
    if chosen is None:  # the choices are the user's own departments: only a forged post gets here
        raise PermissionDenied(access.WORKSTYLE_MANAGE.refusal)
    return chosen


def _fiscal_year(request) -> int:
    value = request.GET.get("year", "")
    if not value:
        return fiscal_year_of(timezone.localdate())
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise BadInput(_("年度は西暦の4桁で指定してください（例：2025）。"))
    return int(value)


# --- meetings ------------------------------------------------------------------------------------


@staff_required
def index(request):
    _require_somewhere(request.user)
    year = _fiscal_year(request)
    departments = access.departments_where(request.user, access.WORKSTYLE_MANAGE)
    held = services.meetings_held(year).filter(department__in=departments)
    rates = services.meeting_rates_by_department(year, departments)
    return render(
        request,
        "workstyle/staff/index.html",
        {
            "year": year,
            "year_label": format_fiscal_year(year),
            "years": [year - 1, year + 1],
            "meetings": services.meetings_for(request.user, fiscal_year=year),
            "rates": rates,
            "held": held.count(),
            "whole": services.meeting_rates(year),
        },
    )


def _meeting_form(request, user, meeting=None):
    departments = _departments(user)
    initial = None
    if meeting is not None:
        initial = {
            "department": str(meeting.department_id),
            "title": meeting.title,
            "agenda": meeting.agenda,
            "held_at": timezone.localtime(meeting.held_at),
            "mode": meeting.mode,
            "meeting_url": meeting.meeting_url,
            "paper_printed": "yes" if meeting.paper_printed else "no",
            "printed_pages": meeting.printed_pages,
        }
    form = MeetingForm(
        request.POST if request.method == "POST" else None, initial=initial, departments=departments
    )
    if meeting is not None:
        del form.fields["department"]  # a meeting stays with the department that held it
    return form, departments


@staff_required
def meeting_new(request):
    _require_somewhere(request.user)
    form, departments = _meeting_form(request, request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        department = _department_of(form, departments)
        data.pop("department")
        try:
            meeting = services.schedule_meeting(department, by=request.user, **data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("会議を登録しました。"))
            return redirect("workstyle_staff:meeting", pk=meeting.pk)
    return render(
        request,
        "workstyle/staff/meeting_form.html",
        {"form": form, "meeting": None, "tools": services.meeting_tool_urls()},
    )


@staff_required
def meeting_edit(request, pk: int):
    meeting = services.access_meeting(request.user, pk)
    form = _meeting_form(request, request.user, meeting)[0]
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            services.cancel_meeting(meeting, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("会議を中止にしました。"))
        return redirect("workstyle_staff:meeting", pk=meeting.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("会議の記録を更新しました。"))
            return redirect("workstyle_staff:meeting", pk=meeting.pk)
    return render(
        request,
        "workstyle/staff/meeting_form.html",
        {"form": form, "meeting": meeting, "tools": services.meeting_tool_urls()},
    )


@staff_required
def meeting(request, pk: int):
    item = services.access_meeting(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    document_form = DocumentForm(
        request.POST if action == "document" else None, request.FILES or None, prefix="doc"
    )
    version_form = VersionForm(
        request.POST if action == "version" else None, request.FILES or None, prefix="ver"
    )
    if action == "document" and document_form.is_valid():
        try:
            services.add_document(
                item,
                by=request.user,
                title=document_form.cleaned_data["title"],
                upload=document_form.cleaned_data["file"],
            )
        except ValidationError as exc:
            errors_onto(document_form, exc)
        else:
            messages.success(request, _("会議資料を追加しました。"))
            return redirect("workstyle_staff:meeting", pk=item.pk)
    if action == "version" and version_form.is_valid():
        document = item.documents.filter(pk=version_form.cleaned_data["document"]).first()
        if document is None:
            version_form.add_error(None, _("差し替える資料が見つかりません。一覧から選び直してください。"))
        else:
            try:
                services.add_version(
                    document,
                    by=request.user,
                    upload=version_form.cleaned_data["file"],
                    note=version_form.cleaned_data["note"],
                )
            except ValidationError as exc:
                errors_onto(version_form, exc)
            else:
                messages.success(request, _("新しい版を登録しました。"))
                return redirect("workstyle_staff:meeting", pk=item.pk)
    documents = [
        {"document": d, "versions": list(d.versions.all()), "latest": d.latest()}
        for d in item.documents.prefetch_related("versions")
    ]
    return render(
        request,
        "workstyle/staff/meeting.html",
        {
            "meeting": item,
            "documents": documents,
            "opens": services.opens_of(item),
            "document_form": document_form,
            "version_form": version_form,
            "posted_document": version_form.data.get("ver-document") if action == "version" else None,
        },
    )


@staff_required
def open_version(request, pk: int):
    """Open one version of a pack document (recorded: who opened what)."""
    version = services.open_version(request.user, pk)
    response = FileResponse(
        version.file.open("rb"),
        content_type="application/pdf",
        filename=f"{version.document.title}-v{version.number}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- telework pilots -----------------------------------------------------------------------------


@staff_required
def telework(request):
    _require_somewhere(request.user)
    departments = _departments(request.user)
    form = PilotForm(
        request.POST if request.method == "POST" else None,
        departments=departments,
        all_departments=Department.objects.order_by("sort_order", "code"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        department = _department_of(form, departments)
        data.pop("department")
        data["target_departments"] = Department.objects.filter(pk__in=data["target_departments"])
        try:
            pilot = services.start_pilot(department, by=request.user, **data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("テレワーク実証実験を登録しました（対象職員の名簿を作成しました）。"))
            return redirect("workstyle_staff:pilot", pk=pilot.pk)
    year = _fiscal_year(request)
    return render(
        request,
        "workstyle/staff/telework.html",
        {
            "pilots": services.pilots_for(request.user).prefetch_related("target_departments"),
            "form": form,
            "year": year,
            "year_label": format_fiscal_year(year),
            "years": [year - 1, year + 1],
            "participation": services.participation(year),
            "by_department": services.participation_by_department(year),
        },
    )


@staff_required
def pilot(request, pk: int):
    item = services.access_pilot(request.user, pk)
    members = list(item.members.select_related("user", "department").prefetch_related("days"))
    form = MemberDayForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        member = next(m for m in members if str(m.pk) == form.cleaned_data["member"])
        try:
            services.record_day(member, by=request.user, on=form.cleaned_data["on"])
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("テレワークの実施日を記録しました。"))
            return redirect("workstyle_staff:pilot", pk=item.pk)
    rows: dict[Department, list] = {}
    for member in members:
        rows.setdefault(member.department, []).append(member)
    participants = sum(1 for m in members if m.days.all())
    answers = [m.survey for m in members if hasattr(m, "survey")]
    return render(
        request,
        "workstyle/staff/pilot.html",
        {
            "pilot": item,
            "rows": [
                {"department": d, "members": ms, "participants": sum(1 for m in ms if m.days.all())}
                for d, ms in rows.items()
            ],
            "eligible": len(members),
            "participants": participants,
            "percent": round(100 * participants / len(members), 1) if members else None,
            "days": sum(len(m.days.all()) for m in members),
            "answers": answers,
            "form": form,
        },
    )


@staff_required
def telework_mine(request):
    """My pilots: record the days I teleworked and answer the survey."""
    memberships = list(services.memberships_of(request.user).prefetch_related("days"))
    action = request.POST.get("action") if request.method == "POST" else None
    posted = id_param(request.POST.get("member")) if action else None
    if action and posted not in {m.pk for m in memberships}:
        raise Http404
    member = next((m for m in memberships if m.pk == posted), None)
    day_form = DayForm(request.POST if action == "day" else None)
    survey_form = SurveyForm(request.POST if action == "survey" else None)
    if action == "day" and day_form.is_valid():
        try:
            services.record_day(member, by=request.user, on=day_form.cleaned_data["on"])
        except ValidationError as exc:
            errors_onto(day_form, exc)
        else:
            messages.success(request, _("テレワークの実施日を記録しました。"))
            return redirect("workstyle_staff:telework_mine")
    if action == "survey" and survey_form.is_valid():
        data = dict(survey_form.cleaned_data)
        data.pop("member")
        try:
            services.answer_survey(member, by=request.user, **data)
        except ValidationError as exc:
            errors_onto(survey_form, exc)
        else:
            messages.success(request, _("アンケートに回答しました。ご協力ありがとうございました。"))
            return redirect("workstyle_staff:telework_mine")
    return render(
        request,
        "workstyle/staff/telework_mine.html",
        {
            "memberships": [
                {
                    "member": m,
                    "day_form": day_form
                    if posted == m.pk and action == "day"
                    else DayForm(initial={"member": m.pk}, auto_id=f"id_day_{m.pk}_%s"),
                    "survey_form": survey_form
                    if posted == m.pk and action == "survey"
                    else SurveyForm(initial={"member": m.pk}, auto_id=f"id_{m.pk}_%s"),
                }
                for m in memberships
            ],
        },
    )
