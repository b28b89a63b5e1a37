"""Staff pages of paper (behind core.access and the second factor): the printable forms, the
scan intake with its progress, the verification queue and the accepted forms. Each list shows
the departments where the user holds the permission; each object page answers 404 elsewhere."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.httpkit import error_text, errors_onto, id_param, unless_post
from madoguchi.identity.staff import staff_required

from . import services
from .forms import DrawForm, UploadForm, ZoneForm
from .models import FormTemplate, PaperForm, ScanBatch


def _require_somewhere(user, *permissions) -> None:
    if not any(access.can_anywhere(user, p) for p in permissions):
        raise PermissionDenied(permissions[0].refusal)


def _file(field, content_type: str) -> HttpResponse:
    if not field:
        raise Http404
    with field.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# --- forms to print ------------------------------------------------------------------------------


@staff_required
def index(request):
    """様式の一覧: generate a printable form from a procedure, download it, retire it."""
    user = request.user
    _require_somewhere(user, access.PAPER_TEMPLATES, access.PAPER_INTAKE)
    can_manage = access.can_anywhere(user, access.PAPER_TEMPLATES)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(access.PAPER_TEMPLATES.refusal)
        code = request.POST.get("procedure", "")
        procedure = next((p for p in services.procedures_for_templates(user) if p.code == code), None)
        if procedure is None:
            messages.error(request, _("様式を作る手続を選んでください。"))
            return redirect("paper_staff:index")
        try:
            template = services.generate_template(procedure.current_version, by=user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("paper_staff:index")
        messages.success(request, _("「%(title)s」の様式を作りました。") % {"title": template.title})
        return redirect("paper_staff:template", pk=template.pk)
    departments = {d.pk for d in access.departments_where(user, access.PAPER_TEMPLATES)}
    departments |= {d.pk for d in access.departments_where(user, access.PAPER_INTAKE)}
    templates = FormTemplate.objects.filter(department__in=departments)
    return render(
        request,
        "paper/staff/index.html",
        {
            "templates": templates.select_related("department", "procedure_version__procedure"),
            "procedures": services.procedures_for_templates(user) if can_manage else [],
            "can_manage": can_manage,
        },
    )


def _template_for_view(user, pk) -> FormTemplate:
    """Intake staff may download a form too (to send one to a resident); only managers change it."""
    try:
        return services.access_template(user, pk)
    except Http404:
        return services.access_template(user, pk, permission=access.PAPER_INTAKE)


@staff_required
def template(request, pk):
    user = request.user
    item = _template_for_view(user, pk)
    can_manage = access.can(user, access.PAPER_TEMPLATES, item.department_id)
    zone_form = None
    if item.source == FormTemplate.Source.DRAWN and can_manage:
        zone_form = ZoneForm(request.POST or None, prefix="zone")
        zone_form.fields["key"].choices = [(k, f"{t}（{k}）") for k, t, _kind in services.zone_keys(item)]
        if request.method == "POST" and request.POST.get("action") == "remove":
            services.remove_zone(item, by=user, key=request.POST.get("key", ""))
            return redirect("paper_staff:template", pk=item.pk)
        if request.method == "POST" and zone_form.is_valid():
            labels = {k: t for k, t, _kind in services.zone_keys(item)}
            try:
                services.add_zone(
                    item,
                    by=user,
                    zone={**zone_form.cleaned_data, "label": labels.get(zone_form.cleaned_data["key"])},
                )
            except ValidationError as error:
                errors_onto(zone_form, error)
            else:
                messages.success(request, _("読取り位置を追加しました。"))
                return redirect("paper_staff:template", pk=item.pk)
    elif request.method == "POST":
        raise PermissionDenied(access.PAPER_TEMPLATES.refusal)
    layout = services.template_layout(item)
    return render(
        request,
        "paper/staff/template.html",
        {
            "template": item,
            "zones": layout.zones,
            "pages": range(1, layout.pages + 1),
            "zone_form": zone_form,
            "can_manage": can_manage,
        },
    )


@staff_required
def template_pdf(request, pk):
    item = _template_for_view(request.user, pk)
    data, name = services.printable_pdf(item)
    content_type = "application/pdf" if name.lower().endswith(".pdf") else "application/octet-stream"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_required
def template_page(request, pk, page):
    """A page of the city's own form as an image, with its zones drawn over it (the preview)."""
    item = _template_for_view(request.user, pk)
    return HttpResponse(services.template_preview(item, page), content_type="image/png")


@staff_required
def template_retire(request, pk):
    item = services.access_template(request.user, pk)
    if (refused := unless_post(request)) is not None:
        return refused
    services.retire_template(item, by=request.user)
    messages.success(request, _("様式を廃止しました。この版のスキャンは今後読み取らずに除外します。"))
    return redirect("paper_staff:template", pk=item.pk)


@staff_required
def template_draw(request):
    """市の様式を登録: upload the city's form, then add zones over its page image."""
    user = request.user
    _require_somewhere(user, access.PAPER_TEMPLATES)
    procedures = services.procedures_for_templates(user)
    form = DrawForm(request.POST or None, request.FILES or None)
    form.fields["procedure"].choices = [(p.code, p.name) for p in procedures]
    if request.method == "POST" and form.is_valid():
        procedure = next(p for p in procedures if p.code == form.cleaned_data["procedure"])
        try:
            item = services.draw_template(
                procedure.current_version,
                by=user,
                title=form.cleaned_data["title"],
                original=form.cleaned_data["original"],
                pages=form.cleaned_data["pages"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            return redirect("paper_staff:template", pk=item.pk)
    return render(request, "paper/staff/draw.html", {"form": form})


# --- scan intake ---------------------------------------------------------------------------------


@staff_required
def batches(request):
    user = request.user
    _require_somewhere(user, access.PAPER_INTAKE)
    departments = list(access.departments_where(user, access.PAPER_INTAKE))
    drawn = FormTemplate.objects.filter(
        department__in=departments, source=FormTemplate.Source.DRAWN, state=FormTemplate.State.ACTIVE
    )
    form = UploadForm(request.POST or None, request.FILES or None)
    form.fields["department"].choices = [(str(d.pk), d.name) for d in departments]
    form.fields["template"].choices = [("", _("（様式コードで自動判定）"))] + [
        (str(t.pk), t.title) for t in drawn
    ]
    if request.method == "POST" and form.is_valid():
        department = next(d for d in departments if str(d.pk) == form.cleaned_data["department"])
        chosen = drawn.filter(pk=id_param(form.cleaned_data["template"]) or 0).first()
        try:
            batch = services.upload_batch(
                department, by=user, upload=form.cleaned_data["upload"], template=chosen
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            return redirect("paper_staff:batch", pk=batch.pk)
    return render(
        request,
        "paper/staff/batches.html",
        {
            "form": form,
            "batches": services.batches_for(user)[:50],
            "max_mb": services.max_bytes() // 1024 // 1024,
            "max_pages": services.max_pages(),
        },
    )


@staff_required
def batch(request, pk):
    item = services.access_batch(request.user, pk)
    running = item.state in (ScanBatch.State.QUEUED, ScanBatch.State.RUNNING)
    return render(
        request,
        "paper/staff/batch.html",
        {
            "batch": item,
            "running": running,
            "stuck": running and services.is_stuck(item),
            "issues": services.page_issues(item),
            "forms": item.forms.select_related("template").order_by("pk"),
        },
    )


@staff_required
def batch_progress(request, pk):
    item = services.access_batch(request.user, pk)
    if request.headers.get("HX-Request"):  # htmx swaps the progress bar; without JS the page refreshes
        running = item.state in (ScanBatch.State.QUEUED, ScanBatch.State.RUNNING)
        return render(request, "paper/staff/_progress.html", {"batch": item, "running": running})
    return JsonResponse(
        {
            "state": item.state,
            "state_label": item.get_state_display(),
            "pages_total": item.pages_total,
            "pages_done": item.pages_done,
            "percent": item.percent,
            "done": item.state in (ScanBatch.State.DONE, ScanBatch.State.FAILED),
        }
    )


@staff_required
def batch_resume(request, pk):
    item = services.access_batch(request.user, pk)
    if (refused := unless_post(request)) is not None:
        return refused
    try:
        services.resume_batch(item, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("読取りを再開しました。読み取ったページはそのまま残ります。"))
    return redirect("paper_staff:batch", pk=item.pk)


@staff_required
def page_image(request, pk):
    page = services.access_page(request.user, pk)
    return _file(page.image, "image/png")


# --- verification --------------------------------------------------------------------------------


@staff_required
def forms(request):
    """確認待ちと受理済みの申請書."""
    user = request.user
    _require_somewhere(user, access.PAPER_INTAKE)
    all_forms = services.forms_for(user).order_by("-created_at")
    return render(
        request,
        "paper/staff/forms.html",
        {
            "waiting": all_forms.filter(state=PaperForm.State.VERIFYING)[:100],
            "accepted": all_forms.filter(state=PaperForm.State.ACCEPTED)[:100],
        },
    )


@staff_required
def form(request, pk):
    """The verification queue of one form: Enter accepts, typing corrects, focus moves on."""
    user = request.user
    item = services.access_form(user, pk)
    errors: dict[int, list[str]] = {}
    posted: dict[int, str] = {}
    if request.method == "POST":
        reading = services.access_reading(user, id_param(request.POST.get("reading")) or 0)
        if reading.form_id != item.pk:
            raise Http404
        value = request.POST.get("value", "")
        try:
            services.verify_field(reading, by=user, value=value)
        except ValidationError as error:
            errors[reading.pk] = [str(m) for m in error.messages]
            posted[reading.pk] = value
        except PermissionDenied as error:
            errors[reading.pk] = [str(error)]
            posted[reading.pk] = value
        else:
            # no #fragment: a URL fragment makes browsers skip autofocus on the next field
            return redirect(reverse("paper_staff:form", kwargs={"pk": item.pk}))
    queue = services.queue_of(item)
    rows = []
    focus_done = False
    for reading in queue:
        visible = services.may_see(user, reading)
        waiting = not reading.is_done and (
            reading.state != reading.State.SECOND_CHECK or reading.verified_by_id != user.pk
        )
        focus = visible and waiting and not focus_done and (not errors or reading.pk in errors)
        focus_done = focus_done or focus
        if reading.pk in posted:
            shown = posted[reading.pk]
        elif reading.state == reading.State.SECOND_CHECK or not visible:
            shown = ""  # the second person types the number themselves
        else:
            shown = reading.verified_value if reading.is_done else reading.read_value
        rows.append(
            {
                "reading": reading,
                "visible": visible,
                "value": shown,
                "errors": errors.get(reading.pk, []),
                "focus": focus,
                "open": waiting and visible,
            }
        )
    remaining = sum(1 for r in queue if not r.is_done)
    return render(
        request,
        "paper/staff/form.html",
        {
            "form": item,
            "rows": rows,
            "remaining": remaining,
            "documents": item.template.procedure_version.procedure.required_attachments or [],
        },
    )


@staff_required
def form_accept(request, pk):
    item = services.access_form(request.user, pk)
    if (refused := unless_post(request)) is not None:
        return refused
    codes = [
        spec.get("code") for spec in item.template.procedure_version.procedure.required_attachments or []
    ]
    try:
        item = services.accept_form(
            item, by=request.user, documents_received=[c for c in codes if request.POST.get(f"received-{c}")]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("paper_staff:form", pk=item.pk)
    messages.success(request, _("受付番号 %(n)s で申請を登録しました。") % {"n": item.receipt_number})
    return redirect("paper_staff:form", pk=item.pk)


@staff_required
def crop(request, pk):
    reading = services.access_reading(request.user, pk)
    if not services.may_see(request.user, reading):
        raise Http404
    return _file(reading.crop, "image/png")
