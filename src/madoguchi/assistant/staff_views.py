"""Staff pages of the assistant's conversation: the hand-off inbox of the departments where the
user holds assistant.inquiries (inquiries to answer or close, callbacks to make), and the
learning loop for FAQ authors (assistant.manage). Each object page answers 404 elsewhere.
The FAQ editor pages are in staff_views_knowledge.py."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.core import access
from madoguchi.core.httpkit import BadInput, error_text, errors_onto, id_param, unless_post
from madoguchi.identity.staff import staff_required

from . import services
from .forms import AddVariantForm, CallbackDoneForm, ReplyForm
from .models import CallbackRequest, Inquiry, QuestionLog


def _require_inquiries(user) -> None:
    if not access.can_anywhere(user, access.ASSISTANT_INQUIRIES):
        raise PermissionDenied(access.ASSISTANT_INQUIRIES.refusal)


def _require_manage(user) -> None:
    if not access.can_anywhere(user, access.ASSISTANT_MANAGE):
        raise PermissionDenied(access.ASSISTANT_MANAGE.refusal)


@staff_required
def inbox(request):
    _require_inquiries(request.user)
    return render(
        request,
        "assistant/staff/inbox.html",
        {
            "open_inquiries": services.inquiries_for(request.user, status=Inquiry.Status.OPEN),
            "answered": services.inquiries_for(request.user, status=Inquiry.Status.ANSWERED)[:50],
            "callbacks": services.callbacks_for(request.user, done=False),
            "done_callbacks": services.callbacks_for(request.user, done=True)[:20],
        },
    )


@staff_required
def inquiry(request, pk: int):
    item = access.load(
        Inquiry.objects.select_related("department", "log"), request.user, access.ASSISTANT_INQUIRIES, pk=pk
    )
    form = ReplyForm(request.POST if request.method == "POST" and "reply" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            services.reply_to_inquiry(item, by=request.user, reply=form.cleaned_data["reply"])
        except (ValidationError, PermissionDenied) as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("回答を送りました。"))
            return redirect("assistant_staff:inquiry", pk=item.pk)
    return render(request, "assistant/staff/inquiry.html", {"item": item, "form": form})


@staff_required
def inquiry_close(request, pk: int):
    item = access.load(Inquiry, request.user, access.ASSISTANT_INQUIRIES, pk=pk)
    if refused := unless_post(request):
        return refused
    services.close_inquiry(item, by=request.user)
    messages.success(request, _("問合せを完了にしました。"))
    return redirect("assistant_staff:inbox")


@staff_required
def callback(request, pk: int):
    item = access.load(
        CallbackRequest.objects.select_related("department"), request.user, access.ASSISTANT_INQUIRIES, pk=pk
    )
    form = CallbackDoneForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.mark_callback_done(item, by=request.user, note=form.cleaned_data["note"])
        except (ValidationError, PermissionDenied) as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("折返しの対応を記録しました。"))
            return redirect("assistant_staff:inbox")
    return render(request, "assistant/staff/callback.html", {"item": item, "form": form})


def _week(request) -> datetime.date:
    value = request.GET.get("week", "")
    if not value:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadInput(_("週は「2025-10-06」の形の日付で指定してください。")) from None


@staff_required
def learning(request):
    """答えられなかった質問: the week's groups, each question with "add to this FAQ"."""
    _require_manage(request.user)
    week_of = _week(request)
    start, end = services.week_bounds(week_of)
    faqs = list(services.faqs_editable_by(request.user))
    return render(
        request,
        "assistant/staff/learning.html",
        {
            "clusters": services.weekly_clusters(week_of),
            "start": start.date(),
            "end": (end - datetime.timedelta(days=1)).date(),
            "previous": (start - datetime.timedelta(days=7)).date().isoformat(),
            "next": end.date().isoformat(),
            "form": AddVariantForm(faqs=faqs),
            "faqs": faqs,
        },
    )


def _log(request) -> QuestionLog:
    pk = id_param(request.POST.get("log"))
    log = QuestionLog.objects.filter(pk=pk).first() if pk else None
    if log is None:
        raise BadInput(_("質問が見つかりません。一覧から選び直してください。"))
    return log


def _back_to_week(request):
    week = request.POST.get("week", "")
    try:
        datetime.date.fromisoformat(week)
    except ValueError:
        return redirect("assistant_staff:learning")
    return redirect(f"{reverse('assistant_staff:learning')}?week={week}")


@staff_required
def add_variant(request):
    _require_manage(request.user)
    if refused := unless_post(request):
        return refused
    log = _log(request)
    faq = services.faqs_editable_by(request.user).filter(pk=id_param(request.POST.get("faq")) or 0).first()
    back = _back_to_week(request)
    if faq is None:
        messages.error(request, _("追加するFAQを選んでください。"))
        return back
    try:
        services.add_question_to_faq(log, faq=faq, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("「%(question)s」をFAQ「%(faq)s」の言い換えに追加しました。")
            % {"question": log.text, "faq": faq.question},
        )
    return back


@staff_required
def dismiss(request):
    _require_manage(request.user)
    if refused := unless_post(request):
        return refused
    log = _log(request)
    services.dismiss_question(log, by=request.user)
    messages.success(request, _("質問を対象外にしました。"))
    return _back_to_week(request)
