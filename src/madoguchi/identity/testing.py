"""Test helpers other apps use to act as a logged-in resident without driving the IdP.

Browser end-to-end tests use the real OIDC login instead; these are for unit and view tests.
"""

from django.contrib.auth import get_user_model

from .assurance import SESSION_KEY, AssuranceLevel


def resident_user(person):
    """The login account of a resident (created on first use), linked to their Person."""
    if person.user_id:
        return person.user
    user = get_user_model().objects.create_user(username=f"resident-{person.pk}", email=person.email or "")
    person.user = user
    person.save(update_fields=["user"])
    return user


def login_resident(client, person, level: AssuranceLevel | str = AssuranceLevel.CARD_AUTH):
    """Log `client` in as `person` at the given assurance level; returns the User."""
    user = resident_user(person)
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = AssuranceLevel(level).value
    session.save()
    return user


def _copy_session(context, base_url: str, client) -> None:
    from django.conf import settings

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}])


def browser_session(context, base_url: str, user):
    """Give a Playwright browser context the session of staff member `user` (second factor
    passed), logged in with Django's test client; `base_url` is `live_server.url`. Returns the user."""
    from django.test import Client

    client = Client()
    login_staff(client, user)
    _copy_session(context, base_url, client)
    return user


def browser_login(page, base_url: str, person, level: AssuranceLevel | str = AssuranceLevel.CARD_AUTH):
    """Give a Playwright `page` (from the `page` fixture) a logged-in resident session at
    `level`; `base_url` is `live_server.url`.

    For browser tests whose subject is not the login itself; the login's own browser test
    drives the real OIDC flow through /idp/.
    """
    from django.test import Client

    client = Client()
    user = login_resident(client, person, level)
    _copy_session(page.context, base_url, client)
    return user


def staff_with_mfa(user):
    """Give a staff user an activated TOTP authenticator, so `staff_required` lets them in
    (use with `client.force_login(user)`). Returns the user."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def login_staff(client, user):
    """Log `client` in as staff `user` in a session that has passed its second factor (as after
    the TOTP step of the real staff login). Returns the user."""
    from types import SimpleNamespace

    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    staff_with_mfa(user)
    client.force_login(user)
    session = client.session
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    record_authentication(SimpleNamespace(session=session), user, "mfa", id=authenticator.pk, type="totp")
    session.save()
    return user


def totp_code(secret: str, *, margin: float = 5.0) -> str:
    """The authenticator app's current code for `secret` (base32), as a person would type it.

    The server accepts only the current 30-second window (allauth's default tolerance), so a code
    taken in the window's last `margin` seconds waits for the next one: otherwise the window can
    close between taking the code and the server checking it (a browser test types for a while)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
