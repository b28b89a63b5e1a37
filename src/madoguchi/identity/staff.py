"""Staff login (職員ログイン): django-allauth with MFA, and the guard for back-office views.

By the time a view runs, `identity.mfa.StaffSecondFactorMiddleware` has made a staff session
that has not passed its second factor anonymous. `staff_required` then
only asks: is this a city account at all? What the account may do in which department is the
access policy's question (`core.access`).
"""

from __future__ import annotations

from functools import wraps

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from madoguchi.core.access import is_staff_account

from .mfa import redirect_to_second_factor, second_factor_passed, second_factor_step


class StaffAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are made by the city's administrators, never by sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_redirect_url(self, request) -> str:
        # A password alone is not a staff login: go on to the second factor first.
        if is_staff_account(request.user) and not second_factor_passed(request):
            return second_factor_step(request.user)
        return reverse("identity:staff_home")

    def get_logout_redirect_url(self, request) -> str:
        return reverse("account_login")

    def pre_login(self, request, user, **kwargs):
        """The password typed at this login counts as a fresh re-authentication (for
        ACCOUNT_REAUTHENTICATION_TIMEOUT), so a new member setting up their second factor right
        after logging in is not asked for the same password again."""
        response = super().pre_login(request, user, **kwargs)
        records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
        if response is None and records and records[-1].get("method") == "password":
            records[-1]["reauthenticated"] = True
            request.session.modified = True
        return response


def _check(request):
    """None when the request may proceed, otherwise the response to send instead."""
    if getattr(request, "pending_staff_user", None) is not None:  # password given, second factor not
        return redirect_to_second_factor(request, request.pending_staff_user)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    if not is_staff_account(request.user):
        raise PermissionDenied(_("職員権限がありません。"))
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


def admin_login(request):
    """`/admin/login/`: the back office has no password-only door of its own. Django's admin login
    would skip the second factor, the lockout and the throttle, so it sends people to the staff
    login, which has all three."""
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("admin:index")
    return redirect_to_login(target, reverse("account_login"))
