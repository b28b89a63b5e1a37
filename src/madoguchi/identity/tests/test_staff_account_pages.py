"""Staff login and second-factor pages (issue 29 item 12): allauth's pages in the city layout and
the design system, no sign-up link, no second password prompt right after login, and a way on
from the recovery codes to the staff home."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from madoguchi.core.tests.factories import DepartmentFactory, MunicipalityFactory, staff_member
from madoguchi.identity.testing import login_staff, totp_code

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def newcomer(db):
    """A member of staff whose account has no second factor yet."""
    MunicipalityFactory()
    user = staff_member(DepartmentFactory(code="kyodo", name="協働コミュニティ課"), username="newcomer")
    user.set_password(PASSWORD)
    user.save()
    return user


def _log_in_with_password(client, user):
    return client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})


def assert_design_system(html: str):
    """The city layout's landmarks and the design system's components, never allauth's bare ones."""
    assert 'class="site-header"' in html and '<main id="main"' in html and 'class="site-footer"' in html
    assert 'class="skip-link"' in html
    main = html[html.index('<main id="main"') : html.index("</main>")]
    for button in re.findall(r"<button[^>]*>", main):
        assert 'class="button' in button, button
    for field in re.findall(r'<(?:input|textarea)(?![^>]*type="(?:hidden|checkbox)")[^>]*>', main):
        field_id = re.search(r'id="([^"]+)"', field).group(1)
        assert f'<label class="field__label" for="{field_id}"' in main, field  # labelled, as a field
    assert "/staff/accounts/signup/" not in html and "ユーザー登録" not in html and "Sign Up" not in html


def test_setting_up_totp_right_after_login_asks_no_second_password(client, newcomer):
    response = _log_in_with_password(client, newcomer)
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page.get("Location")  # not sent to account_reauthenticate
    html = page.content.decode()
    assert "認証アプリを有効化する" in html and 'class="field__label"' in html
    assert 'alt="認証アプリで読み取るQRコード"' in html  # not the secret as the image's text
    assert_design_system(html)


def test_after_activation_the_recovery_codes_lead_on_to_the_staff_home(client, newcomer):
    _log_in_with_password(client, newcomer)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_view_recovery_codes")
    page = client.get(response["Location"])
    assert page.status_code == 200, page.get("Location")
    html = page.content.decode()
    assert_design_system(html)
    codes = RecoveryCodes(Authenticator.objects.get(user=newcomer, type="recovery_codes")).get_unused_codes()
    assert codes and all(code in html for code in codes)
    onward = re.search(r'<a class="button" href="([^"]+)">続ける（職員ホームへ）</a>', html)
    assert onward and onward.group(1) == reverse("identity:staff_home")
    assert client.get(onward.group(1)).status_code == 200  # the second factor is passed


def test_the_second_factor_at_login_is_in_the_design_system(client, newcomer):
    Authenticator.objects.create(
        user=newcomer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    assert _log_in_with_password(client, newcomer)["Location"] == reverse("mfa_authenticate")
    html = client.get(reverse("mfa_authenticate")).content.decode()
    assert_design_system(html)
    assert 'class="field__label" for="id_code"' in html
    assert 'class="button button--secondary" form="logout-from-stage"' in html  # cancel is secondary


@pytest.mark.parametrize(
    "name", ["mfa_index", "mfa_list_webauthn", "account_reauthenticate", "mfa_reauthenticate"]
)
def test_second_factor_management_pages_are_in_the_design_system(client, newcomer, name):
    Authenticator.objects.create(
        user=newcomer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    RecoveryCodes.activate(newcomer)
    login_staff(client, newcomer)
    page = client.get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    assert_design_system(html)
    if name == "mfa_index":
        assert html.count('<section class="card">') == 3  # app, security keys, recovery codes


def test_generating_recovery_codes_right_after_login_asks_no_second_password(client, newcomer):
    Authenticator.objects.create(
        user=newcomer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    _log_in_with_password(client, newcomer)
    client.post(reverse("mfa_authenticate"), {"code": totp_code("JBSWY3DPEHPK3PXP")})
    page = client.get(reverse("mfa_generate_recovery_codes"))
    assert page.status_code == 200, page.get("Location")
    assert_design_system(page.content.decode())


def test_a_later_sensitive_step_still_asks_again(client, newcomer, settings):
    """Only the login just made counts: after the re-authentication timeout allauth asks again."""
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    _log_in_with_password(client, newcomer)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_tests_totp_code_waits_out_the_end_of_a_window(monkeypatch):
    """`totp_code` (the tests' authenticator app) never hands out a code about to expire."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    secret, now, slept = "JBSWY3DPEHPK3PXP", [30 * 1000 + 3.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(time, "time", lambda: now[0])
    monkeypatch.setattr(time, "sleep", sleep)
    assert totp_code(secret) == format_hotp_value(hotp_value(secret, 1000)) and not slept
    now[0] = 30 * 1000 + 28.0  # two seconds left in window 1000
    assert totp_code(secret) == format_hotp_value(hotp_value(secret, 1001))
    assert slept and 2.0 <= slept[0] < 2.5
