"""Staff login (職員ログイン): django-allauth with MFA, and the guard for back-office views.

`staff_required` / `StaffRequiredMixin` let in a logged-in user who holds a core.StaffRole;
when any role handles personal data (`StaffRole.PERSONAL_DATA_ROLES`), only after they have
activated a second factor (TOTP or WebAuthn). Otherwise they are sent to set one up.
"""

from __future__ import annotations

from functools import wraps

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from madoguchi.core.models import StaffRole

MFA_TYPES = ("totp", "webauthn")


class StaffAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are made by the city's administrators, never by sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        return reverse("identity:staff_home")

    def get_logout_redirect_url(self, request) -> str:
        return reverse("account_login")


def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and StaffRole.objects.filter(user=user).exists())


def needs_mfa(user) -> bool:
    """Does this staff member's work require a second factor?"""
    return StaffRole.objects.filter(user=user, role__in=StaffRole.PERSONAL_DATA_ROLES).exists()


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type__in=MFA_TYPES).exists()


def _check(request):
    """None when the request may proceed, otherwise the response to send instead."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    if not is_staff_member(user):
        raise PermissionDenied(_("職員権限がありません。"))
    if needs_mfa(user) and not has_mfa(user):
        messages.warning(
            request,
            _(
                "個人情報を扱う業務には二要素認証が必要です。認証アプリ（TOTP）またはセキュリティキーを登録してください。"
            ),
        )
        return redirect("mfa_activate_totp")
    return None


def staff_required(view):
    """Decorator for function views of the back office."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = _check(request)
        if response is not None:
            return response
        return view(request, *args, **kwargs)

    return wrapper


class StaffRequiredMixin:
    """The same guard for class-based views (put it first among the bases)."""

    def dispatch(self, request, *args, **kwargs):
        response = _check(request)
        if response is not None:
            return response
        return super().dispatch(request, *args, **kwargs)
