"""Staff pages of interop (behind core.access and the second factor): the portal intake with its
review list and field mapping (interop.intake), the registry exchange with its conflict report
(interop.registry). Objects are named in POST bodies, and each service checks the department."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madoguchi.core import access
from madoguchi.core.httpkit import error_text, id_param
from madoguchi.identity.staff import staff_required

from . import services
from .forms import ArchiveForm, MappingForm, RegistryFileForm
from .models import PortalArchive


def _require(user, permission) -> None:
    if not access.can_anywhere(user, permission):
        raise PermissionDenied(permission.refusal)


@staff_required
def index(request):
    """ぴったりサービスからの申請: take an archive in; the review list of what did not map."""
    user = request.user
    _require(user, access.INTEROP_INTAKE)
    form = ArchiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        try:
            result = services.import_archive(upload.name, upload.read(), by=user)
        except services.ArchiveError as error:
            form.add_error("archive", str(error))
        else:
            messages.success(
                request,
                _(
                    "「%(name)s」を取り込みました。受付 %(created)s 件、取込み済み %(repeated)s 件、要確認 %(review)s 件。"
                )
                % {
                    "name": result.archive.name,
                    "created": result.archive.created,
                    "repeated": result.archive.repeated,
                    "review": result.archive.to_review,
                },
            )
            return redirect("interop_staff:index")
    return render(
        request,
        "interop/staff/index.html",
        {
            "form": form,
            "items": services.review_items_for(user),
            "archives": PortalArchive.objects.all()[:20],
        },
    )


@staff_required
@require_POST
def review(request):
    """確認済み / 再処理 for one review item (named in the POST body)."""
    user = request.user
    _require(user, access.INTEROP_INTAKE)
    item = services.review_items_for(user).filter(pk=id_param(request.POST.get("item")) or 0).first()
    if item is None:
        messages.error(request, _("確認する項目が見つかりません。"))
        return redirect("interop_staff:index")
    if request.POST.get("action") == "retry":
        submission = services.retry_submission(item.submission, by=user)
        if submission.application_id:
            messages.success(
                request, _("申請番号 %(number)s を受け付けました。") % {"number": submission.portal_number}
            )
        else:
            messages.warning(request, _("まだ受け付けられません。要確認の理由を確認してください。"))
    else:
        services.resolve_review_item(item, by=user, resolution=request.POST.get("resolution", ""))
        messages.success(request, _("確認済みにしました。"))
    return redirect("interop_staff:index")


@staff_required
def mapping(request):
    """項目の対応付け: the editable mapping, portal field → our form field."""
    user = request.user
    _require(user, access.INTEROP_INTAKE)
    rows = list(services.mapping_rows())
    form = MappingForm(request.POST or None, initial={"portal_field": request.GET.get("field", "")})
    form.fields["portal_code"].choices = [
        (p.portal_code, f"{p.portal_code}（{p.portal_name}）") for p in rows
    ]
    if request.method == "POST" and form.is_valid():
        try:
            services.set_mapping(
                form.cleaned_data["portal_code"],
                form.cleaned_data["portal_field"],
                form.cleaned_data["target"],
                by=user,
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("対応付けを保存しました。確認待ちの申請は「再処理」で取り込めます。"))
            return redirect("interop_staff:mapping")
    return render(request, "interop/staff/mapping.html", {"form": form, "procedures": rows})


@staff_required
def registry(request):
    """住民記録システムとの連携: take a standard-layout file in; the conflict report."""
    user = request.user
    _require(user, access.INTEROP_REGISTRY)
    form = RegistryFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            result = services.import_file(upload.name, upload.read(), by=user)
        except services.LayoutError as error:
            form.add_error("upload", str(error))
        else:
            messages.success(
                request,
                _("「%(name)s」を取り込みました（%(rows)s 行、更新 %(updated)s、相違 %(conflicts)s）。")
                % {
                    "name": result.file.name,
                    "rows": result.file.rows,
                    "updated": result.file.updated,
                    "conflicts": result.file.conflicts,
                },
            )
            return redirect("interop_staff:registry")
    return render(
        request,
        "interop/staff/registry.html",
        {
            "form": form,
            "conflicts": services.open_conflicts(by=user),
            "files": services.recent_files(),
            "layouts": list(services.LAYOUTS),
        },
    )


@staff_required
@require_POST
def conflict(request):
    """反映 / 反映しない for one conflict (named in the POST body)."""
    user = request.user
    _require(user, access.INTEROP_REGISTRY)
    pk = id_param(request.POST.get("conflict")) or 0
    try:
        if request.POST.get("action") == "apply":
            services.apply_conflict(pk, by=user)
            messages.success(request, _("住民記録システムの値を反映しました。"))
        else:
            services.dismiss_conflict(pk, by=user)
            messages.success(request, _("反映しないことにしました。"))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("interop_staff:registry")


@staff_required
def export(request):
    """This system's records in a standard layout (?layout=persons|households|address_changes|entitlements)."""
    user = request.user
    _require(user, access.INTEROP_REGISTRY)
    layout = request.GET.get("layout", "persons")
    text = services.export_layout(layout, by=user)
    response = HttpResponse(("\ufeff" + text).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{layout}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
