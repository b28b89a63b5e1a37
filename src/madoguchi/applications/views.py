"""Resident pages: start, one step per page (prefilled, save and resume), attachments, check your
answers with the declaration, submit, receipt, my applications with a status timeline,
correction (補正) and withdrawal. Thin: every change goes through `services`."""

from __future__ import annotations

import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import BadInput, error_text, id_param, unless_post
from madoguchi.core.models import Person
from madoguchi.identity.assurance import AssuranceLevel, current_level
from madoguchi.identity.signatures import canonical_bytes, verify_signature
from madoguchi.identity.signing import start_signing, take_signature
from madoguchi.procedures.services import (
    FormDataError,
    StepForm,
    collect_errors,
    published_procedure,
    steps_of,
)

from . import services
from .display import answer_sections, timeline
from .hooks import first_pending_step, render_detail_panels
from .models import ATTACHMENTS_PAGE, Application, State
from .pdf import application_copy_pdf

EDITABLE = services.EDITABLE_STATES


def _person(request) -> Person:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None:
        raise PermissionDenied(_("住民としてログインしてください。"))
    return person


def _own(request, public_id, *, editable: bool = False) -> Application:
    """The resident's own application; anyone else's id is simply not found."""
    person = _person(request)
    application = (
        Application.objects.select_related("procedure", "procedure_version", "department")
        .filter(public_id=public_id, applicant=person)
        .first()
    )
    if application is None:
        raise Http404
    if editable and application.state not in EDITABLE:
        raise Http404
    return application


def _assurance_problem(request, procedure):
    level = current_level(request)
    # A card_sign procedure needs a card login now and the card's signature at submission.
    required = (
        AssuranceLevel.CARD_AUTH if procedure.assurance == AssuranceLevel.CARD_SIGN else procedure.assurance
    )
    if level.satisfies(required):
        return None
    return render(
        request,
        "applications/assurance_needed.html",
        {"procedure": procedure, "level": level, "required": AssuranceLevel(procedure.assurance)},
        status=403,
    )


def _page_url(application: Application, index: int) -> str:
    pages = services.pages_of(application)
    if index >= len(pages):
        return reverse("applications:check", args=[application.public_id])
    if pages[index]["key"] == ATTACHMENTS_PAGE:
        return reverse("applications:attachments", args=[application.public_id])
    return reverse("applications:step", args=[application.public_id, index + 1])


def _step_bar(application: Application, number: int) -> list[dict]:
    """The step bar for page `number` (1-based; the check page comes last). A page already
    completed is a link, so the resident can go back to any of them; while correcting (補正) every
    page was completed once, and the page staff flagged says so."""
    pages = services.pages_of(application)
    if application.state == State.CORRECTION_REQUESTED:
        reached = len(pages)
    else:
        filled = 0
        while filled < len(pages) and pages[filled]["key"] in (application.data or {}):
            filled += 1
        reached = max(application.current_step, filled)
    bar = []
    for index, page in enumerate([*pages, {"key": "", "title": _("申請内容の確認")}]):
        done = index < reached
        bar.append(
            {
                "title": page["title"],
                "current": index + 1 == number,
                "done": done and index + 1 != number,
                "url": _page_url(application, index)
                if (done or index == reached) and index + 1 != number
                else "",
                "flagged": application.state == State.CORRECTION_REQUESTED
                and bool(page["key"])
                and page["key"] == application.correction_step,
            }
        )
    return bar


def _correction(application: Application, number: int) -> dict | None:
    """The staff's request, pinned on every page while correcting, saying which page it is about."""
    if application.state != State.CORRECTION_REQUESTED:
        return None
    pages = services.pages_of(application)
    keys = [page["key"] for page in pages]
    index = keys.index(application.correction_step) if application.correction_step in keys else None
    return {
        "reason": application.correction_reason,
        "here": index is not None and index + 1 == number,
        "title": pages[index]["title"] if index is not None else "",
        "url": _page_url(application, index) if index is not None else "",
    }


def _progress(application: Application, number: int) -> dict:
    return {"step_bar": _step_bar(application, number), "correction": _correction(application, number)}


@login_required
def my_applications(request):
    person = _person(request)
    applications = (
        Application.objects.filter(applicant=person)
        .exclude(state=State.WITHDRAWN, receipt_number__isnull=True)
        .select_related("procedure")
        .order_by("-updated_at")
    )
    invitations = person.invitations.filter(status="sent").select_related("procedure", "draft")
    return render(
        request, "applications/mine.html", {"applications": applications, "invitations": invitations}
    )


def start(request, code):
    """「申請する」: a resident not logged in gets a login page that names the procedure and comes
    back here; a logged-in one (also back from that login, by GET) goes straight to the draft's
    step (one open draft per procedure, so a repeated visit opens the same one)."""
    procedure = published_procedure(code)
    if procedure is None:
        raise Http404
    if not request.user.is_authenticated:
        return render(
            request,
            "applications/start_login.html",
            {"procedure": procedure, "next": reverse("applications:start", args=[code])},
        )
    problem = _assurance_problem(request, procedure)
    if problem:
        return problem
    person = _person(request)
    try:
        draft = services.open_draft(procedure, applicant=person, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("procedures:detail", code=code)
    return redirect(_page_url(draft, draft.current_step))


def _row_index(value: str) -> int:
    """The row a 「この行を削除」 button names: its position, 0 or more. Anything else (a negative
    number would remove a row counted from the end) is refused before the draft is saved."""
    if not re.fullmatch(r"[0-9]{1,4}", value):
        raise BadInput(
            _("削除する行の指定が正しくありません。ページを読み込み直してから、もう一度お試しください。")
        )
    return int(value)


@login_required
def fill_step(request, public_id, step):
    application = _own(request, public_id, editable=True)
    problem = _assurance_problem(request, application.procedure)
    if problem:
        return problem
    steps = steps_of(application.procedure_version)
    if not 1 <= step <= len(steps):
        raise Http404
    current = steps[step - 1]
    version = application.procedure_version
    step_data = application.data.get(current["key"]) or {}
    prefilled = services.prefilled_paths(version)
    context = services.full_data(application)  # earlier answers decide which conditional fields are asked
    item_count = None
    if request.method == "POST":
        if "add_item" in request.POST or "remove_item" in request.POST:
            form = StepForm(
                request.POST,
                version=version,
                step_key=current["key"],
                step_data=step_data,
                prefilled=prefilled,
                context=context,
            )
            form.is_valid()
            values = form.values()
            for group in form.groups:
                items = values.get(group["name"], [])
                if request.POST.get("add_item") == group["name"]:
                    item_count = min(len(group["rows"]) + 1, group["max"])
                elif request.POST.get("remove_item", "").startswith(group["name"] + ":"):
                    index = _row_index(request.POST["remove_item"].split(":", 1)[1])
                    if index < len(items):
                        items.pop(index)
                    item_count = max(len(group["rows"]) - 1, 1)
            services.save_draft(application, by=request.user, data={**context, current["key"]: values})
            form = StepForm(
                version=version,
                step_key=current["key"],
                step_data=values,
                prefilled=prefilled,
                item_count=item_count,
                context=context,
            )
        else:
            form = StepForm(
                request.POST,
                version=version,
                step_key=current["key"],
                step_data=step_data,
                prefilled=prefilled,
                context=context,
            )
            form.is_valid()
            values = form.values()
            data = {**context, current["key"]: values}
            if "save_exit" in request.POST:
                services.save_draft(application, by=request.user, data=data, step=step - 1)
                messages.success(
                    request, _("入力内容を保存しました。ログインすれば、どの端末からでも続きを入力できます。")
                )
                return redirect("applications:mine")
            if form.apply_schema_errors(data) and not form.errors:
                services.save_draft(application, by=request.user, data=data, step=step)
                return redirect(_page_url(application, step))
    else:
        form = StepForm(
            version=version,
            step_key=current["key"],
            step_data=step_data,
            prefilled=prefilled,
            context=context,
        )
    return render(
        request,
        "applications/step.html",
        {
            "application": application,
            "procedure": application.procedure,
            "form": form,
            "step": current,
            "number": step,
            **_progress(application, step),
            "back_url": _page_url(application, step - 2)
            if step > 1
            else reverse("procedures:detail", args=[application.procedure.code]),
        },
    )


@login_required
def attachments(request, public_id):
    application = _own(request, public_id, editable=True)
    pages = services.pages_of(application)
    if not pages or pages[-1]["key"] != ATTACHMENTS_PAGE:
        raise Http404
    index = len(pages) - 1
    errors = {}
    if request.method == "POST":
        if "delete" in request.POST:
            services.remove_attachment(
                application, by=request.user, attachment_id=id_param(request.POST.get("delete"))
            )
        else:
            for spec in application.procedure.required_attachments:
                upload = request.FILES.get(f"attachment-{spec['code']}")
                if upload is None:
                    continue
                try:
                    services.store_attachment(application, by=request.user, kind=spec["code"], upload=upload)
                except ValidationError as error:
                    for key, msgs in error.message_dict.items():
                        errors.setdefault(key, []).extend(msgs)
            if not errors and "continue" in request.POST:
                missing = services.missing_required_attachments(application)
                if not missing:
                    services.save_step(application, by=request.user, step=index + 1)
                    return redirect(_page_url(application, index + 1))
                for spec in missing:
                    errors.setdefault(f"attachment-{spec['code']}", []).append(
                        _("この書類を添付してください。")
                    )
    stored = list(application.attachments.all())
    specs, not_needed = [], []
    # Which documents the answers call for: required ones, optional ones, and the conditional ones
    # that do not apply (listed as not needed, unless a file was already attached to one).
    for spec in services.application_attachments(application):
        files = [a for a in stored if a.kind == spec["code"]]
        if not spec["needed"] and not isinstance(spec.get("required"), bool | None) and not files:
            not_needed.append(spec)
            continue
        specs.append(
            {
                "spec": spec,
                "field": f"attachment-{spec['code']}",
                "errors": errors.get(f"attachment-{spec['code']}", []),
                "files": files,
            }
        )
    return render(
        request,
        "applications/attachments.html",
        {
            "application": application,
            "procedure": application.procedure,
            "specs": specs,
            "not_needed": not_needed,
            "errors": errors,
            "number": index + 1,
            **_progress(application, index + 1),
            "back_url": _page_url(application, index - 1),
        },
        status=400 if errors else 200,
    )


@login_required
def check_answers(request, public_id):
    application = _own(request, public_id, editable=True)
    problem = _assurance_problem(request, application.procedure)
    if problem:
        return problem
    errors = collect_errors(application.procedure_version.schema, services.full_data(application))
    number = len(services.pages_of(application)) + 1
    return render(
        request,
        "applications/check.html",
        {
            "application": application,
            "procedure": application.procedure,
            "sections": answer_sections(application, errors=errors),
            "has_errors": bool(errors),
            "attachments": application.attachments.all(),
            "idempotency_key": uuid.uuid4().hex,
            "number": number,
            **_progress(application, number),
        },
    )


@login_required
def submit(request, public_id):
    person = _person(request)
    application = (
        Application.objects.filter(public_id=public_id, applicant=person).select_related("procedure").first()
    )
    if application is None:
        raise Http404
    if (refused := unless_post(request)) is not None:
        return refused
    if application.state not in EDITABLE:  # a repeated click after success
        return redirect("applications:done", public_id=application.public_id)
    problem = _assurance_problem(request, application.procedure)
    if problem:
        return problem
    if request.POST.get("declaration") != "yes":
        messages.error(request, _("「申請内容に誤りがないことを確認しました」にチェックしてください。"))
        return redirect("applications:check", public_id=public_id)
    pending = first_pending_step(application)
    if pending is not None:
        return redirect(pending.url(application))
    key = (request.POST.get("idempotency_key") or "")[:100] or None
    if application.procedure.assurance == AssuranceLevel.CARD_SIGN:
        # 電子署名: the resident signs exactly what will be submitted (or resubmitted after a
        # correction request), then comes back to `signed`.
        if collect_errors(application.procedure_version.schema, services.full_data(application)):
            messages.error(request, _("入力内容に不足や誤りがあります。該当する画面で直してください。"))
            return redirect("applications:check", public_id=public_id)
        request.session[f"madoguchi-sign-{application.pk}"] = key
        return start_signing(
            request,
            content=canonical_bytes(services.full_data(application)),
            purpose=application.procedure.name,
            return_url=reverse("applications:signed", args=[application.public_id]),
        )
    try:
        application = services.send_application(application, by=request.user, idempotency_key=key)
    except FormDataError:
        messages.error(request, _("入力内容に不足や誤りがあります。該当する画面で直してください。"))
        return redirect("applications:check", public_id=public_id)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("applications:check", public_id=public_id)
    return redirect("applications:done", public_id=application.public_id)


@login_required
def signed(request, public_id):
    """Back from the card's signing page: verify the signature over the data, then submit (or
    resubmit, answering a correction request)."""
    person = _person(request)
    application = (
        Application.objects.filter(public_id=public_id, applicant=person).select_related("procedure").first()
    )
    if application is None:
        raise Http404
    if application.state not in EDITABLE:
        return redirect("applications:done", public_id=application.public_id)
    der = take_signature(request)
    if der is None:
        messages.error(request, _("電子署名が完了しませんでした。申請はまだ送信されていません。"))
        return redirect("applications:check", public_id=public_id)
    data = services.full_data(application)
    result = verify_signature(canonical_bytes(data), der)
    if not result.valid:
        messages.error(request, f"{result.message} " + _("申請はまだ送信されていません。"))
        return redirect("applications:check", public_id=public_id)
    key = request.session.pop(f"madoguchi-sign-{application.pk}", None)
    try:
        application = services.send_application(
            application, by=request.user, idempotency_key=key, signature=result.as_dict()
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("applications:check", public_id=public_id)
    return redirect("applications:done", public_id=application.public_id)


@login_required
def done(request, public_id):
    application = _own(request, public_id)
    if application.state == State.DRAFT:
        return redirect("applications:check", public_id=public_id)
    return render(
        request,
        "applications/done.html",
        {
            "application": application,
            "procedure": application.procedure,
            "decision_notice": "decision" in application.procedure_version.documents_on_approval,
        },
    )


@login_required
def application_detail(request, public_id):
    application = _own(request, public_id)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "procedure": application.procedure,
            "timeline": timeline(application),
            "sections": answer_sections(application),
            "attachments": application.attachments.all(),
            "panels": render_detail_panels(request, application),
            "correction": _correction(application, 0),
        },
    )


@login_required
def correct(request, public_id):
    """補正: start on the page staff flagged (else the first); the check page then offers 再提出."""
    application = _own(request, public_id, editable=True)
    keys = [page["key"] for page in services.pages_of(application)]
    step = application.correction_step
    return redirect(_page_url(application, keys.index(step) if step in keys else 0))


@login_required
def withdraw(request, public_id):
    application = _own(request, public_id)
    if not application.resident_can_withdraw:
        raise Http404
    if request.method == "POST":
        services.withdraw(application, by=request.user, reason=request.POST.get("reason", "")[:500])
        messages.success(request, _("申請を取り下げました。"))
        return redirect("applications:mine")
    return render(request, "applications/withdraw.html", {"application": application})


@login_required
def copy_pdf(request, public_id):
    """控え: a PDF copy of what was sent."""
    application = _own(request, public_id)
    if application.state == State.DRAFT:
        raise Http404
    response = HttpResponse(
        application_copy_pdf(application, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{application.receipt_number}.pdf"'
    return response


@login_required
def download_attachment(request, pk):
    """Only the owner and the owning department; never a public URL (a staff read is audited)."""
    attachment = services.open_attachment(request.user, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
