"""Identity records. Resident profiles stay in core.Person; this app keeps only the links.

- `ResidentIdentity` (relying-party side): which provider subject (`iss`, `sub`) is which Person.
- `DemoCard`, `AuthorizationCode`, `AccessToken` (test IdP side): the stand-in for the cards
  and the Digital Agency's authentication app. Never used with a real provider.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PIN_ATTEMPTS = 3


def _token() -> str:
    return secrets.token_urlsafe(32)


def _subject() -> str:
    return secrets.token_hex(16)


def make_password(secret: str) -> str:
    """A salted hash for the demo card's PIN (fast on purpose: demo cards only; the lock protects it)."""
    salt = secrets.token_hex(8)
    return f"{salt}${hashlib.sha256((salt + secret).encode()).hexdigest()}"


def check_password(secret: str, stored: str) -> bool:
    salt, _, digest = stored.partition("$")
    return hmac.compare_digest(hashlib.sha256((salt + secret).encode()).hexdigest(), digest)


class ResidentIdentity(models.Model):
    """A resident's login at an identity provider, linked to their Person (once-only profile)."""

    issuer = models.CharField(_("発行者"), max_length=200)
    subject = models.CharField(_("識別子"), max_length=255)
    person = models.ForeignKey(
        "core.Person", verbose_name=_("住民"), on_delete=models.CASCADE, related_name="identities"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="unique_resident_identity")]
        verbose_name = _("本人確認の連携")
        verbose_name_plural = _("本人確認の連携")

    def __str__(self) -> str:
        return f"{self.person} ({self.issuer})"


class DemoCard(models.Model):
    """テスト用マイナンバーカード: a demo card holder of the test IdP (PIN and signing password)."""

    person = models.OneToOneField(
        "core.Person", verbose_name=_("住民"), on_delete=models.CASCADE, related_name="demo_card"
    )
    subject = models.CharField(_("識別子"), max_length=64, unique=True, default=_subject)
    pin_hash = models.CharField(max_length=200)
    signing_password_hash = models.CharField(max_length=200)
    failed_pin_attempts = models.PositiveSmallIntegerField(default=0)
    failed_signing_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(_("ロック日時"), null=True, blank=True)
    signing_locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("テスト用カード")
        verbose_name_plural = _("テスト用カード")

    def __str__(self) -> str:
        return str(self.person)

    @property
    def locked(self) -> bool:
        return self.locked_at is not None

    def set_pin(self, pin: str) -> None:
        self.pin_hash = make_password(pin)

    def set_signing_password(self, password: str) -> None:
        self.signing_password_hash = make_password(password)

    def check_pin(self, pin: str) -> bool:
        """Check the 4-digit PIN; the third wrong one locks the card (as a real card does)."""
        if self.locked:
            return False
        if check_password(pin, self.pin_hash):
            self.failed_pin_attempts = 0
            self.save(update_fields=["failed_pin_attempts"])
            return True
        self.failed_pin_attempts += 1
        if self.failed_pin_attempts >= PIN_ATTEMPTS:
            self.locked_at = timezone.now()
        self.save(update_fields=["failed_pin_attempts", "locked_at"])
        return False

    def check_signing_password(self, password: str) -> bool:
        if self.signing_locked_at is not None:
            return False
        if check_password(password, self.signing_password_hash):
            self.failed_signing_attempts = 0
            self.save(update_fields=["failed_signing_attempts"])
            return True
        self.failed_signing_attempts += 1
        if self.failed_signing_attempts >= 5:
            self.signing_locked_at = timezone.now()
        self.save(update_fields=["failed_signing_attempts", "signing_locked_at"])
        return False

    @property
    def attempts_left(self) -> int:
        return max(0, PIN_ATTEMPTS - self.failed_pin_attempts)


class AuthorizationCode(models.Model):  # noqa: DJ008  (internal, never shown)
    """Test IdP: an authorization code (one use, a few minutes)."""

    code = models.CharField(max_length=64, unique=True, default=_token)
    client_id = models.CharField(max_length=100)
    card = models.ForeignKey(DemoCard, on_delete=models.CASCADE, related_name="+")
    redirect_uri = models.CharField(max_length=500)
    scope = models.CharField(max_length=300)
    nonce = models.CharField(max_length=300, blank=True)
    code_challenge = models.CharField(max_length=200, blank=True)
    code_challenge_method = models.CharField(max_length=10, blank=True)
    auth_time = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)


class AccessToken(models.Model):  # noqa: DJ008  (internal, never shown)
    """Test IdP: a bearer token for userinfo."""

    token = models.CharField(max_length=64, unique=True, default=_token)
    client_id = models.CharField(max_length=100)
    card = models.ForeignKey(DemoCard, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=300)
    expires_at = models.DateTimeField()
