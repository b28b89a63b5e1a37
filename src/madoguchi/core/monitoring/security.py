"""Security events for a SIEM, each under its own `event` name (docs/operations.md, "Logs").

security.login_failed          a wrong password (Django's user_login_failed; staff and admin)
security.login                 a successful login (user_id)
security.logout                a logout (user_id)
security.second_factor_failed  a wrong TOTP / recovery code (allauth.mfa)
security.permission_denied     any 403 (core.monitoring.middleware)
security.csrf, security.disallowedhost, …  Django's own django.security.* loggers

A failed login names no account: `username_hash` is an HMAC of the typed username (keyed with
SECRET_KEY), enough to see one account being tried from many addresses without logging who.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("madoguchi.security")


def username_hash(username: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, username.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_login_failed, dispatch_uid="madoguchi.security.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    typed = str(credentials.get("username") or credentials.get("login") or "")
    logger.warning(
        "login failed",
        extra={
            "event": "security.login_failed",
            "username_hash": username_hash(typed) if typed else "",
            "client_ip": _ip(request),
        },
    )


@receiver(user_logged_in, dispatch_uid="madoguchi.security.login")
def logged_in(sender, request, user, **kwargs):
    logger.info("login", extra={"event": "security.login", "user_id": user.pk, "client_ip": _ip(request)})


@receiver(user_logged_out, dispatch_uid="madoguchi.security.logout")
def logged_out(sender, request, user, **kwargs):
    logger.info("logout", extra={"event": "security.logout", "user_id": getattr(user, "pk", None)})


def second_factor_failed(
    sender, request=None, user=None, authenticator=None, reauthentication=False, **kwargs
):
    logger.warning(
        "second factor failed",
        extra={
            "event": "security.second_factor_failed",
            "user_id": getattr(user, "pk", None),
            "mfa_type": getattr(authenticator, "type", ""),
            "reauthentication": bool(reauthentication),
            "client_ip": _ip(request),
        },
    )


def connect_mfa() -> None:
    """allauth.mfa's signal (imported when the apps are ready, from CoreConfig.ready)."""
    from allauth.mfa import signals as mfa_signals

    mfa_signals.authentication_failed.connect(
        second_factor_failed, dispatch_uid="madoguchi.security.mfa_failed"
    )
