"""Back office (業務画面): the department inbox, the case page, workflow actions, bulk actions,
CSV export for the core system, and registering a paper or postal application.

Staff see only their own department's cases (a case of another department is 403), and the
identity module's `staff_required` demands MFA for roles that handle personal data.
"""

from __future__ import annotations

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madoguchi.core import access, people
from madoguchi.core.httpkit import error_text, id_param
from madoguchi.core.japanese import business_days_between
from madoguchi.core.models import Channel, Person, StaffRole
from madoguchi.identity.staff import staff_required
from madoguchi.procedures.services import FormDataError, StepForm, procedures_in, requirement_text, steps_of

from . import services
from .display import answer_sections, changes_since_correction, staff_name, timeline
from .export import current_exporter
from .hooks import render_detail_panels
from .models import OPEN_STATES, Application, State
from .views import download_attachment

ACTIONS = [
    ("start_review", lambda: _("審査を開始する"), State.UNDER_REVIEW),
    ("request_correction", lambda: _("補正を依頼する"), State.CORRECTION_REQUESTED),
    ("approve", lambda: _("承認する"), State.APPROVED),
    ("reject", lambda: _("却下する"), State.REJECTED),
    ("complete", lambda: _("完了にする"), State.COMPLETED),
    ("withdraw", lambda: _("取下げにする"), State.WITHDRAWN),
]


def _case(request, public_id) -> Application:
    return services.access_case(request.user, public_id=public_id)


def _case_post_only(view):
    """POST only, but the department check comes first: on a GET, another department's case is
    refused (403) as it would be on a POST, and only its own staff learn that the method is wrong."""

    @wraps(view)
    def wrapper(request, public_id, *args, **kwargs):
        if request.method != "POST":
            _case(request, public_id)
            return HttpResponseNotAllowed(["POST"])
        return view(request, public_id, *args, **kwargs)

    return wrapper


IRREVERSIBLE = {"approve", "reject", "complete", "withdraw"}  # no way back: asked to confirm first


def _unconfirmed(request, action: str) -> bool:
    """An irreversible action without its confirmation box ticked: refused, nothing changed."""
    if action in IRREVERSIBLE and request.POST.get("confirm") != "yes":
        messages.error(
            request,
            _("取り消せない操作です。「確認しました」にチェックを入れてから、もう一度押してください。"),
        )
        return True
    return False


def _sla(application, today) -> dict:
    if not application.due_date or not application.is_open:
        return {"days": None, "overdue": False}
    days = business_days_between(today, application.due_date)
    return {"days": days, "overdue": days < 0}


def _filtered(request):
    qs = (
        Application.objects.received()
        .filter(department__in=services.case_departments(request.user))
        .select_related("procedure", "applicant", "assignee")
    )
    f = request.GET
    if f.get("procedure"):
        qs = qs.filter(procedure__code=f["procedure"])
    if f.get("state") in State.values:
        qs = qs.filter(state=f["state"])
    elif f.get("state") != "all":
        qs = qs.filter(state__in=OPEN_STATES)
    if f.get("due") in services.DUE_STATES:
        qs = qs.filter(services.due_filter(f["due"]))
    elif f.get("overdue"):  # the older checkbox: the same as due=overdue
        qs = qs.filter(services.due_filter("overdue"))
    if f.get("assignee") == "me":
        qs = qs.filter(assignee=request.user)
    elif f.get("assignee") == "none":
        qs = qs.filter(assignee__isnull=True)
    if f.get("q"):
        q = f["q"].strip()
        qs = qs.filter(
            Q(receipt_number__icontains=q)
            | Q(applicant__family_name__contains=q)
            | Q(applicant__family_name_kana__contains=q)
        )
    return qs.order_by("due_date", "submitted_at")


@staff_required
def inbox(request):
    qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(app, _sla(app, today)) for app in page]
    departments = services.case_departments(request.user)
    return render(
        request,
        "applications/staff/inbox.html",
        {
            "rows": rows,
            "page_obj": page,
            "procedures": procedures_in(departments),
            "states": State.choices[1:],
            "actions": [(code, label()) for code, label, _to in ACTIONS],
            "filters": request.GET,
        },
    )


def work_queue_panel(request) -> str:
    """The staff home's 処理待ち panel (registered in apps.py): nothing for staff without cases."""
    if not services.case_departments(request.user).exists():
        return ""
    return render_to_string(
        "applications/staff/_work_queue.html", {"rows": services.work_queue(request.user)}, request=request
    )


@staff_required
def export_csv(request):
    exporter = current_exporter()
    qs = _filtered(request).select_related("procedure_version")
    body = services.export_cases(qs, by=request.user, exporter=exporter)
    response = HttpResponse(body, content_type=exporter.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="applications-{timezone.localdate():%Y%m%d}.{exporter.extension}"'
    )
    return response


@staff_required
@require_POST
def bulk(request):
    action = request.POST.get("action", "")
    if action not in services.TRANSITION_SERVICES:
        messages.error(request, _("操作を選んでください。"))
        return redirect("cases:inbox")
    if _unconfirmed(request, action):
        return redirect("cases:inbox")
    ids = request.POST.getlist("selected")
    apps = Application.objects.filter(
        public_id__in=ids, department__in=services.case_departments(request.user)
    )
    done, errors = services.bulk_transition(
        apps, action=action, by=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("%(n)s件を処理しました。") % {"n": done})
    for error in errors:
        messages.error(request, error)
    return redirect("cases:inbox")


@staff_required
def case(request, public_id):
    application = services.open_case(_case(request, public_id), by=request.user)
    revealed = request.session.pop(f"revealed-{application.pk}", None)
    return render(
        request,
        "applications/staff/case.html",
        {
            "application": application,
            "sections": answer_sections(application),
            "attachments": application.attachments.all(),
            "notes": application.notes.select_related("author"),
            "timeline": timeline(application, staff=True),
            "sla": _sla(application, timezone.localdate()),
            "actions": [(code, label()) for code, label, to in ACTIONS if application.can_transition(to)],
            "irreversible": IRREVERSIBLE,
            "staff": sorted(
                {
                    role.user
                    for role in StaffRole.objects.filter(department=application.department).select_related(
                        "user"
                    )
                },
                key=lambda user: (staff_name(user), user.pk),
            ),
            "revealed": revealed,
            "has_my_numbers": bool(application.secret_data),
            "panels": render_detail_panels(request, application),
            "pages": services.pages_of(application),
            "changes": changes_since_correction(application)
            if application.state != State.CORRECTION_REQUESTED
            else None,
        },
    )


@staff_required
@_case_post_only
def action(request, public_id, name):
    application = _case(request, public_id)
    if name not in services.TRANSITION_SERVICES:
        raise Http404
    service = services.TRANSITION_SERVICES[name]
    if _unconfirmed(request, name):
        return redirect("cases:case", public_id=public_id)
    try:
        if name == "request_correction":
            service(
                application,
                by=request.user,
                reason=request.POST.get("reason", "")[:2000],
                step=request.POST.get("step", "")[:60],
            )
        elif name == "reject":
            service(application, by=request.user, reason=request.POST.get("reason", "")[:2000])
        elif name == "approve":
            service(application, by=request.user, note=request.POST.get("reason", "")[:2000])
        else:
            service(application, by=request.user)
        messages.success(request, _("「%(state)s」にしました。") % {"state": application.get_state_display()})
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("cases:case", public_id=public_id)


@staff_required
@_case_post_only
def note(request, public_id):
    application = _case(request, public_id)
    try:
        services.add_note(application, by=request.user, text=request.POST.get("text", "")[:4000])
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("cases:case", public_id=public_id)


@staff_required
@_case_post_only
def assign(request, public_id):
    application = _case(request, public_id)
    assignee = get_user_model().objects.filter(pk=id_param(request.POST.get("assignee")) or 0).first()
    try:
        services.assign(application, by=request.user, assignee=assignee)
    except PermissionDenied as error:
        messages.error(request, error_text(error))
    return redirect("cases:case", public_id=public_id)


@staff_required
@_case_post_only
def reveal(request, public_id):
    application = _case(request, public_id)
    try:
        numbers = services.reveal_my_numbers(
            application, by=request.user, purpose=request.POST.get("purpose", "")[:200]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("cases:case", public_id=public_id)
    # PermissionDenied propagates: 403. Shown once, never put in a URL.
    request.session[f"revealed-{application.pk}"] = numbers
    return redirect("cases:case", public_id=public_id)


@staff_required
def register(request):
    """紙・郵送の申請を登録: choose the procedure and the resident, then type the form in."""
    departments = access.departments_where(request.user, access.CASE_REGISTER)
    procedures = procedures_in(departments, published_only=True)
    procedure = procedures.filter(code=request.GET.get("procedure", "")).first()
    person = Person.objects.filter(pk=id_param(request.GET.get("person")) or 0).first() if procedure else None
    context = {
        "procedures": procedures,
        "procedure": procedure,
        "person": person,
        "channels": [
            (Channel.PAPER, Channel.PAPER.label),
            (Channel.POSTAL, Channel.POSTAL.label),
            (Channel.COUNTER, Channel.COUNTER.label),
        ],
    }
    if procedure and not person:
        q = request.GET.get("q", "").strip()
        context["q"] = q
        context["people"] = (
            Person.objects.filter(
                Q(family_name__contains=q) | Q(family_name_kana__contains=q) | Q(given_name__contains=q)
            )[:20]
            if q
            else []
        )
        if q:
            people.record_staff_read(by=request.user, object_type="core.person", surface="register", query=q)
        return render(request, "applications/staff/register.html", context)
    if not procedure:
        return render(request, "applications/staff/register.html", context)
    version = procedure.current_version
    initial = services.prefill_from_person(version, person)
    steps = steps_of(version)
    if request.method == "POST":
        forms = [
            StepForm(
                request.POST,
                version=version,
                step_key=s["key"],
                step_data=initial.get(s["key"]),
                prefix=s["key"],
            )
            for s in steps
        ]
        data = {}
        for form in forms:
            form.is_valid()
            data[form.step_key] = form.values()
        channel = request.POST.get("channel", Channel.PAPER)
        codes = [spec["code"] for spec in procedure.required_attachments or []]
        try:
            application = services.register_paper_application(
                procedure,
                applicant=person,
                data=data,
                by=request.user,
                channel=channel,
                idempotency_key=(request.POST.get("idempotency_key") or "")[:100] or None,
                attachments=[
                    (code, request.FILES[f"attachment-{code}"])
                    for code in codes
                    if f"attachment-{code}" in request.FILES
                ],
                documents_received=[code for code in codes if request.POST.get(f"received-{code}")],
            )
        except FormDataError as error:
            document_errors = {
                key: msgs for key, msgs in error.message_dict.items() if key.startswith("attachment-")
            }
            if not document_errors:
                for form in forms:
                    form.apply_schema_errors(data)
            context["document_errors"] = document_errors
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("受付番号 %(n)s で登録しました。") % {"n": application.receipt_number}
            )
            return redirect("cases:case", public_id=application.public_id)
    else:
        forms = [
            StepForm(version=version, step_key=s["key"], step_data=initial.get(s["key"]), prefix=s["key"])
            for s in steps
        ]
    document_errors = context.get("document_errors") or {}
    context.update(
        {
            "forms": list(zip(steps, forms, strict=True)),
            "idempotency_key": uuid.uuid4().hex,
            # each document with when it is needed; staff tick it received or attach a scan
            "documents": [
                {
                    "spec": spec,
                    "when": requirement_text(spec.get("required"), version.schema),
                    "received": bool(request.POST.get(f"received-{spec['code']}")),
                    "errors": document_errors.get(f"attachment-{spec['code']}", []),
                }
                for spec in procedure.required_attachments or []
            ],
        }
    )
    return render(request, "applications/staff/register.html", context)


@staff_required
def attachment(request, pk):
    return download_attachment(request, pk)
