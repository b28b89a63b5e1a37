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
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PIN_ATTEMPTS = 3
SIGNING_ATTEMPTS = 5


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
        return self._check(pin, "pin_hash", "failed_pin_attempts", "locked_at", PIN_ATTEMPTS)

    def check_signing_password(self, password: str) -> bool:
        """Check the signing password; the fifth wrong one locks the signing certificate."""
        return self._check(
            password,
            "signing_password_hash",
            "failed_signing_attempts",
            "signing_locked_at",
            SIGNING_ATTEMPTS,
        )

    def _check(self, secret: str, hash_field: str, tries_field: str, locked_field: str, limit: int) -> bool:
        """One try, counted before the secret is compared and in one conditional UPDATE, so
        simultaneous tries can never get more than `limit` comparisons (this instance may be
        stale: it is refreshed at the end)."""
        cards = DemoCard.objects.filter(pk=self.pk)
        reserved = cards.filter(**{f"{locked_field}__isnull": True, f"{tries_field}__lt": limit}).update(
            **{tries_field: F(tries_field) + 1}
        )
        ok = False
        if reserved:
            ok = check_password(secret, getattr(self, hash_field))
            if ok:
                cards.filter(**{f"{locked_field}__isnull": True}).update(**{tries_field: 0})
            else:
                cards.filter(**{f"{locked_field}__isnull": True, f"{tries_field}__gte": limit}).update(
                    **{locked_field: timezone.now()}
                )
        self.refresh_from_db(fields=[tries_field, locked_field])
        return ok and getattr(self, locked_field) is None

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


class RateLimitHit(models.Model):  # noqa: DJ008  (internal, never shown)
    """One try counted against a limit (`identity.limits`). In the database rather than the cache:
    every web process must see the same count, and the demo's cache (locmem) is per process."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)  # keyed digest: the table holds no address and no IP
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="identity_ratelimit_idx")]


class UsedEmailLink(models.Model):  # noqa: DJ008  (internal, never shown)
    """An email login link already used (its `jti`): each link logs in once."""

    jti = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)
