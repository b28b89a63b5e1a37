"""Public pages of notices: the resident's 連絡方法 (channels in order of preference), and the
signed webhooks of the SMS provider and LINE (CSRF-exempt: the signature stands in for it)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services
from .channels import line, sms
from .forms import PreferenceForm
from .models import Channel
from .services.preferences import POSITIONS, preference_of

logger = logging.getLogger("madoguchi.notices")


@login_required
@never_cache
def preferences(request):
    """連絡方法の設定: the channels the city uses to reach the resident, most preferred first."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("住民としてログインしてください。"))
    current = preference_of(person)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                services.set_preference(
                    person, order=form.order(), mobile=form.cleaned_data["mobile"], by=request.user
                )
            except ValidationError as error:
                for field, texts in error.message_dict.items():
                    for text in texts:
                        form.add_error(field if field in form.fields else None, text)
            else:
                messages.success(request, _("連絡方法を登録しました。"))
                return redirect("notices:preferences")
    else:
        order = list(current.order) if current and current.order else [Channel.EMAIL.value]
        initial = dict(zip(POSITIONS, order, strict=False))
        initial["mobile"] = current.mobile if current else ""
        form = PreferenceForm(initial=initial)
    return render(
        request,
        "notices/preferences.html",
        {
            "form": form,
            "person": person,
            "reachable": services.reachable(person),
            "line_linked": bool(current and current.line_user_id),
            "link_code": services.line_link_code(person) if not (current and current.line_user_id) else "",
            "channel_labels": dict(Channel.choices),
        },
    )


@csrf_exempt  # the SMS provider cannot send a CSRF token: the X-Sms-Signature check stands in for it
@require_POST
def sms_receipt(request):
    """POST /notices/webhooks/sms/: a delivery receipt, signed (HMAC-SHA256) and taken once."""
    body = request.body
    if not sms.verify(body, request.headers.get("X-Sms-Signature", "")):
        return HttpResponseForbidden("bad signature")
    outcome = services.take_sms_receipt(body)
    return JsonResponse({"result": outcome}, status=400 if outcome == "malformed" else 200)


@csrf_exempt  # LINE cannot send a CSRF token: the X-Line-Signature check stands in for it
@require_POST
def line_webhook(request):
    """POST /notices/webhooks/line/: LINE's events (account linking, unfollow), each once."""
    body = request.body
    if not line.verify(body, request.headers.get("X-Line-Signature", "")):
        return HttpResponseForbidden("bad signature")
    services.take_line_events(body)
    return HttpResponse(status=200)
