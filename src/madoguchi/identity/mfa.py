"""The second factor as a property of the session (二要素認証).

A city account counts as staff only in a session that has passed its second factor: TOTP or a
security key at login (allauth's MFA stage), at re-authentication, or by activating one in this
session. Having an authenticator is not enough — a session opened with the password alone (an
old admin login, a stolen password) must not reach personal data.

`StaffSecondFactorMiddleware` enforces it for every path at once (HTML, `/api/v1/`, the CKAN
API's session callers, `/admin/`, downloads): until the session has passed, a staff account is
an anonymous visitor everywhere except the pages that let it pass (login, the MFA steps, logout).
New routes are covered without anyone remembering; tests/quality/test_mfa_matrix.py walks the
URL resolver to keep it so.
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from madoguchi.core.access import is_staff_account

MFA_TYPES = ("totp", "webauthn")

# Pages a staff account may open before passing its second factor: to pass it, or to leave.
PASSING_STEPS = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_login_webauthn",
        "mfa_signup_webauthn",
        "mfa_index",
        "set_language",
    }
)


def has_authenticator(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type__in=MFA_TYPES).exists()


def second_factor_passed(request, user=None) -> bool:
    """Has this session (not merely this account) passed a second factor, for this user?"""
    if not hasattr(request, "session"):
        return False
    records = get_authentication_records(request, user or request.user)
    return any(record.get("method") == "mfa" for record in records)


def second_factor_step(user) -> str:
    """Where a staff account goes to pass its second factor: set one up, or use the one it has."""
    return reverse("mfa_reauthenticate" if has_authenticator(user) else "mfa_activate_totp")


ACTIVATION_STEPS = frozenset({"mfa_activate_totp", "mfa_add_webauthn"})
# Login pages: an account that has given its password is sent on to the second factor.
LOGIN_PAGES = frozenset({"account_login", "admin_login"})


def _url_name(request) -> str:
    try:
        return resolve(request.path_info).url_name or ""
    except Resolver404:
        return ""


def redirect_to_second_factor(request, user):
    """To the second-factor step, then back to where the person was going."""
    target = request.GET.get(REDIRECT_FIELD_NAME) or request.get_full_path()
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("identity:staff_home")
    if _url_name(request) in LOGIN_PAGES and target == request.get_full_path():
        target = reverse("identity:staff_home")
    return HttpResponseRedirect(f"{second_factor_step(user)}?{urlencode({REDIRECT_FIELD_NAME: target})}")


class StaffSecondFactorMiddleware:
    """Treat a staff account whose session has not passed its second factor as anonymous.

    Sits after AuthenticationMiddleware and allauth's AccountMiddleware. DRF's session
    authentication reads the same `request.user`, so the API refuses such sessions too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        try:
            pending = user.is_authenticated and not second_factor_passed(request) and is_staff_account(user)
        except DatabaseError:  # the session store is down: nobody is known, so nobody is staff
            request.user = AnonymousUser()
            return self.get_response(request)
        if not pending:
            return self.get_response(request)
        name = _url_name(request)
        if name in LOGIN_PAGES:
            return redirect_to_second_factor(request, user)
        if name not in PASSING_STEPS:
            request.user = AnonymousUser()
            request.pending_staff_user = user  # staff_required sends them to the step
            return self.get_response(request)
        response = self.get_response(request)
        activated = name in ACTIVATION_STEPS and request.method == "POST" and response.status_code == 302
        if activated and has_authenticator(user):
            # Activating an authenticator proves a working code in this session: it counts.
            record_authentication(request, user, "mfa", activated=True)
        return response
