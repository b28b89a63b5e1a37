"""実施状況 (accountability): a result's public page, its update by staff, and 「私の提案のその後」."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.core.httpkit import unless_post
from madoguchi.identity.staff import staff_required

from .. import services
from ..forms import ResultUpdateForm
from ..models import Proposal, Result
from .common import crumbs, ensure_manager, get_process, refuse


def result_detail(request, pk: int):
    result = get_object_or_404(Result.objects.select_related("process", "budget"), pk=pk)
    process = get_process(request, result.process_id)
    manager = services.may_manage(request.user, process)
    return render(
        request,
        "participation/result.html",
        {
            "process": process,
            "result": result,
            "proposals": [p for p in result.proposals.all() if p.is_published or manager],
            "timeline": list(result.updates.all()),
            "is_staff_member": manager,
            "form": ResultUpdateForm(
                initial={"status": result.status, "progress": result.progress, "spent": result.spent}
            ),
            "crumbs": crumbs((process.title, process.get_absolute_url()), (result.title, "")),
        },
    )


@staff_required
def result_update(request, pk: int):
    result = get_object_or_404(Result.objects.select_related("process"), pk=pk)
    ensure_manager(request, result.process)
    if (refused := unless_post(request)) is not None:
        return refused
    form = ResultUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("実施状況の内容を確認してください。"))
        return redirect(result)
    try:
        services.update_result(result, by=request.user, **form.cleaned_data)
    except services.ParticipationError as error:
        refuse(request, error)
    else:
        messages.success(request, _("実施状況を更新しました。"))
    return redirect(result)


@login_required
def my_proposals(request):
    """私の提案のその後: what happened to each of my proposals."""
    return render(
        request,
        "participation/my_proposals.html",
        {
            "items": services.my_proposals(request.user),
            "moderation": Proposal.Moderation,
            "crumbs": [(_("市政への参加"), reverse("participation:index")), (_("私の提案のその後"), "")],
        },
    )
