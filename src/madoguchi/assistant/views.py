"""Public pages: the question page (works without JavaScript; the widget on every page enhances
it), "did this help?", the hand-off to a person, and the LINE-style webhook (sandbox)."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from madoguchi.core import easy
from madoguchi.core.httpkit import error_text, errors_onto

from . import services
from .channels import enabled_channel
from .forms import AskForm, CallbackForm, InquiryForm
from .models.conversation import Via


def _language() -> str:
    return "en" if (translation.get_language() or "ja").startswith("en") else "ja"


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def ask(request):
    """質問する: the form posts (so the question stays out of addresses and access logs); a
    `?q=` link works too. The widget posts here asking for JSON."""
    data = request.POST if request.method == "POST" else (request.GET if "q" in request.GET else None)
    form = AskForm(data)
    asked = None
    if form.is_bound and form.is_valid():
        via = Via.WIDGET if request.POST.get("via") == "widget" else Via.PAGE
        try:
            asked = services.ask(form.cleaned_data["q"], via=via, language=_language())
        except ValidationError as exc:
            errors_onto(form, exc)
    if form.is_bound and _wants_json(request):
        if asked is None:
            return JsonResponse(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}, status=400
            )
        return JsonResponse(
            services.as_payload(asked, handoff_url=reverse("assistant:handoff"), in_easy=easy.is_on(request))
        )
    return render(
        request,
        "assistant/ask.html",
        {
            "form": form,
            "asked": asked,
            "answers": asked.result.answers if asked else [],
            "staffed": services.is_staffed(),
            "next_opening": services.next_opening(),
            "mine": services.inquiries_of(request.user)[:20],
        },
        status=400 if form.is_bound and asked is None else 200,
    )


@require_POST
def feedback(request):
    """役に立ちましたか: yes/no on one answer (JSON for the widget, a page otherwise)."""
    try:
        log = services.log_from_token(request.POST.get("t"))
        helpful = request.POST.get("helpful")
        if helpful not in ("yes", "no"):
            raise ValidationError({"helpful": [_("「はい」か「いいえ」を選んでください。")]})
        services.record_feedback(log, helpful=helpful == "yes")
    except ValidationError as exc:
        if _wants_json(request):
            return JsonResponse({"error": error_text(exc)}, status=400)
        return render(request, "assistant/feedback.html", {"error": error_text(exc)}, status=400)
    token = request.POST.get("t")
    handoff_url = f"{reverse('assistant:handoff')}?t={token}"
    if _wants_json(request):
        return JsonResponse({"ok": True, "helpful": helpful == "yes", "handoff_url": handoff_url})
    return render(
        request, "assistant/feedback.html", {"helpful": helpful == "yes", "handoff_url": handoff_url}
    )


def handoff(request):
    """職員に問い合わせる: an inquiry while staff are at their desks, a callback request otherwise."""
    token = request.POST.get("t") or request.GET.get("t")
    try:
        log = services.log_from_token(token)
    except ValidationError as exc:
        return render(request, "assistant/feedback.html", {"error": error_text(exc)}, status=400)
    departments = services.handoff_departments(log)
    staffed = services.is_staffed()
    form_class = InquiryForm if staffed else CallbackForm
    form = form_class(request.POST if request.method == "POST" else None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if staffed:
                made = services.hand_off(
                    log,
                    user=request.user,
                    department=form.chosen(),
                    details=data["details"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                )
            else:
                made = services.request_callback(
                    log,
                    user=request.user,
                    department=form.chosen(),
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    preferred_on=data["preferred_on"],
                    preferred_time=data["preferred_time"],
                )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return render(request, "assistant/handoff_done.html", {"made": made, "staffed": staffed})
    return render(
        request,
        "assistant/handoff.html",
        {
            "form": form,
            "log": log,
            "token": token,
            "staffed": staffed,
            "next_opening": services.next_opening(),
        },
    )


@csrf_exempt  # LINE cannot send a CSRF token: the X-Line-Signature check stands in for it
@require_POST
def line_webhook(request):
    """POST /assistant/webhooks/line/ (sandbox speaking LINE's protocol; docs/staff/assistant.md)."""
    channel = enabled_channel("line")  # 404 unless settings enable a LINE channel
    if not channel.verify(request):
        return HttpResponseForbidden("bad signature")
    handoff_url = request.build_absolute_uri(reverse("assistant:ask"))
    for message in channel.messages(request):
        try:
            asked = services.ask(message.text, via=Via.LINE, language=message.language)
        except ValidationError as exc:
            channel.reply(message, [error_text(exc)])
            continue
        channel.reply(message, services.reply_texts(asked, handoff_url=handoff_url))
    return HttpResponse(status=200)
