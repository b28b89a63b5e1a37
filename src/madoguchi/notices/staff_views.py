"""Staff pages of notices (behind core.access and the second factor): the letter batches of the
mailroom with their PDF and manifest, and the delivery status of recent notices on every channel.
Both need notices.letters in the mailroom department (MADOGUCHI_NOTICES_MAILROOM)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madoguchi.identity.staff import staff_required

from .models import Delivery
from .services import deliveries, letters


@staff_required
def index(request):
    """郵送通知と配達の状況: the batches (newest first), letters waiting, recent deliveries."""
    department = letters.require_mailroom(request.user)
    rows = []
    for delivery in deliveries.recent():
        status = deliveries.shown_status(delivery)
        if delivery.channel == "letter" and delivery.status == Delivery.Status.QUEUED:
            status = _("印刷待ち（次の郵送分）")
        rows.append({"delivery": delivery, "status": status})
    return render(
        request,
        "notices/staff/index.html",
        {
            "department": department,
            "batches": letters.batches_for(request.user)[:60],
            "waiting": letters.waiting(),
            "rows": rows,
        },
    )


@staff_required
@require_POST
def build(request):
    """Print now what is waiting (the beat task does this every morning)."""
    batch = letters.build_batch_as(request.user)
    if batch is None:
        messages.info(request, _("印刷を待っている郵送通知はありません。"))
    else:
        messages.success(
            request,
            _("郵送分 %(number)s を作りました（%(letters)d通、%(pages)d枚）。")
            % {"number": batch.number, "letters": batch.letter_count, "pages": batch.page_count},
        )
    return redirect("notices_staff:index")


def _download(field, content_type: str, name: str) -> HttpResponse:
    if not field:  # deleted by the privacy purge, past the register's one year
        raise Http404(_("この印刷分のファイルは、保存期間を過ぎたため削除しました。"))
    with field.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def batch_pdf(request, pk: int):
    batch = letters.batch_for(request.user, pk)
    return _download(batch.pdf, "application/pdf", f"letters-{batch.number}.pdf")


@staff_required
def batch_manifest(request, pk: int):
    batch = letters.batch_for(request.user, pk)
    return _download(batch.manifest, "text/csv; charset=utf-8", f"letters-{batch.number}.csv")
