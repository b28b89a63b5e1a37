"""Pages: resident login/logout and 'my page', the test IdP's card and sign pages, staff home."""

from __future__ import annotations

import base64
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from madoguchi.core.models import StaffRole
from madoguchi.core.navigation import my_page_items, render_staff_panels, staff_menu

from . import idp, oidc, services
from .assurance import AssuranceLevel, current_level, set_level
from .cards import card_for
from .forms import CardLoginForm, EmailLoginForm, SigningPasswordForm
from .mfa import has_authenticator
from .pki import active_pki
from .signing import REQUEST_KEY, RESULT_KEY, sign_detached
from .staff import staff_required

logger = logging.getLogger("madoguchi.identity")


def _safe_next(request, value: str, default: str = "") -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default or reverse("identity:me")


# -- resident login ----------------------------------------------------------------------------
@never_cache
def login_page(request):
    next_url = _safe_next(request, request.GET.get("next", ""))
    return render(
        request,
        "identity/login.html",
        {
            "next": next_url,
            "email_form": EmailLoginForm(),
            "test_idp": settings.MADOGUCHI_TEST_IDP_ENABLED and not settings.MADOGUCHI_OIDC_ISSUER,
        },
    )


@require_POST
def card_login(request):
    """マイナンバーカードでログイン: off to the provider (authorization code + PKCE)."""
    next_url = _safe_next(request, request.POST.get("next", ""))
    try:
        return HttpResponseRedirect(oidc.authorization_url(request, next_url=next_url))
    except Exception:
        logger.exception("identity provider unreachable")
        messages.error(
            request, _("本人確認サービスに接続できませんでした。しばらくしてからもう一度お試しください。")
        )
        return redirect("identity:login")


@never_cache
def callback(request):
    try:
        issuer, claims = oidc.complete(request)
    except oidc.LoginError as error:
        logger.warning("card login failed: %s", error)
        messages.error(
            request, _("マイナンバーカードでのログインを完了できませんでした。もう一度お試しください。")
        )
        return redirect("identity:login")
    services.sign_in_with_card(request, issuer=issuer, claims=claims)
    messages.success(request, _("マイナンバーカードでログインしました。"))
    return HttpResponseRedirect(_safe_next(request, request.session.pop("madoguchi_next", "")))


def email_login(request):
    """メールアドレスでログイン: send a one-time link (residents without a card, plan 1-エ)."""
    form = EmailLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.send_email_login_link(request, email=email)
        except services.TooManyLinks as refused:
            form.add_error(None, str(refused))
            return render(request, "identity/email_login.html", {"form": form}, status=429)
        return render(request, "identity/email_sent.html", {"email": email})
    return render(request, "identity/email_login.html", {"form": form})


@never_cache
def email_confirm(request, token: str):
    """The link from the email. Opening it only asks; the button logs in and spends the link,
    so a mail filter that fetches links to scan them does not use it up."""
    try:
        if request.method != "POST":
            email, _jti = services.read_email_token(token)
            return render(request, "identity/email_confirm.html", {"email": email})
        services.sign_in_with_email_link(request, token=token)
    except services.EmailLoginError as refused:
        messages.error(request, str(refused))
        return redirect("identity:email_login")
    messages.success(request, _("メールアドレスでログインしました。"))
    return redirect("identity:me")


def logout(request):
    if request.method == "POST":
        auth_logout(request)
        messages.success(request, _("ログアウトしました。"))
        return redirect("core:home")
    return render(request, "identity/logout.html")


@login_required
@never_cache
def me(request):
    """マイページ: what each app holds for the resident (applications, bookings, documents, fees),
    what waits for them first, then their record."""
    person = getattr(request.user, "person", None)
    lines = my_page_items(person) if person else []
    return render(
        request,
        "identity/me.html",
        {
            "person": person,
            "level": current_level(request),
            "items": [line for line in lines if not line.setting],
            "settings": [line for line in lines if line.setting],
        },
    )


# -- test IdP pages ----------------------------------------------------------------------------
@never_cache
@idp.idp_enabled
def idp_root(request):
    return render(request, "identity/idp/index.html")


@never_cache
@idp.idp_enabled
def idp_authorize(request):
    if request.method == "POST":
        params = idp.load_params(request.POST.get("request", ""))
        if params is None:
            return render(request, "identity/idp/error.html", {"error": "invalid_request"}, status=400)
    else:
        params, error, may_redirect = idp.authorization_request(request, request.GET)
        if error:
            if may_redirect:
                return idp.error_redirect(request.GET, error)
            return render(request, "identity/idp/error.html", {"error": error}, status=400)
    if request.method == "POST" and "cancel" in request.POST:
        return idp.error_redirect(params, "access_denied")
    form = CardLoginForm(request.POST if request.method == "POST" else None)
    locked = None
    if request.method == "POST" and form.is_valid():
        card = form.cleaned_data["card"]
        ok = None if card.locked else idp.check_pin(request, card, form.cleaned_data["pin"])
        if ok:
            return idp.issue_code(card, params)
        if card.locked:
            locked = card
        elif ok is None:
            form.add_error(
                None,
                _(
                    "この端末から暗証番号が続けて入力されたため、しばらく受け付けられません。1時間ほどしてからもう一度お試しください。"
                ),
            )
        else:
            form.add_error(
                "pin",
                _("暗証番号が違います。あと%(count)d回間違えるとカードがロックされます。")
                % {"count": card.attempts_left},
            )
    return render(
        request,
        "identity/idp/authorize.html",
        {
            "form": form,
            "request_token": idp.sign_params(params),
            "locked": locked,
            "client_id": params["client_id"],
            "scopes": params["scope"].split(),
        },
    )


@never_cache
@login_required
@idp.idp_enabled
def idp_sign(request):
    """The test IdP's sign page: the resident confirms what is signed and types the signing password."""
    pending = request.session.get(REQUEST_KEY)
    if not pending or request.GET.get("request") != pending["id"]:
        return render(request, "identity/idp/error.html", {"error": "invalid_request"}, status=400)
    person = getattr(request.user, "person", None)
    if person is None:
        return render(request, "identity/idp/error.html", {"error": "no_card"}, status=400)
    card = card_for(person)
    form = SigningPasswordForm(request.POST or None)
    return_url = _safe_next(request, pending["return_url"], default="/")
    if request.method == "POST" and "cancel" in request.POST:
        request.session.pop(REQUEST_KEY, None)
        messages.info(request, _("電子署名を中止しました。"))
        return HttpResponseRedirect(return_url)
    if request.method == "POST" and form.is_valid():
        if card.signing_locked_at is not None:
            form.add_error(
                None,
                _(
                    "署名用電子証明書のパスワードがロックされています。市役所の窓口で初期化の手続をしてください。"
                ),
            )
        elif card.check_signing_password(form.cleaned_data["password"]):
            key, certificate, chain = active_pki().card_signer(person)
            content = base64.b64decode(pending["content"])
            request.session[RESULT_KEY] = base64.b64encode(
                sign_detached(content, key=key, certificate=certificate, chain=chain)
            ).decode()
            request.session.pop(REQUEST_KEY, None)
            set_level(request, AssuranceLevel.CARD_SIGN)
            return HttpResponseRedirect(return_url)
        else:
            form.add_error("password", _("署名用電子証明書のパスワードが違います。"))
    return render(request, "identity/idp/sign.html", {"form": form, "pending": pending, "person": person})


# -- staff -------------------------------------------------------------------------------------
@staff_required
def staff_home(request):
    roles = StaffRole.objects.filter(user=request.user).select_related("department")
    return render(
        request,
        "identity/staff_home.html",
        {
            "roles": roles,
            "has_mfa": has_authenticator(request.user),
            "menu": staff_menu(request.user),  # only what this user's roles open
            "panels": render_staff_panels(request),  # the apps' work queues
        },
    )
