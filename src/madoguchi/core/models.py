"""The shared records: the city, its departments and staff roles, residents, and events.

Every other module writes to these instead of keeping its own copy of a resident or its own
log, which is what lets the plan's indicators be computed (DESIGN.md §1).
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedTextField
from .japanese.lgcode import validate_lg_code


class User(AbstractUser):
    """A login: staff (職員) or resident (住民). A resident's profile is their Person."""

    class Meta:
        verbose_name = _("利用者アカウント")
        verbose_name_plural = _("利用者アカウント")


class Municipality(models.Model):
    """地方公共団体: the city running this installation. One row, edited in the back office."""

    code = models.CharField(_("全国地方公共団体コード"), max_length=6, validators=[validate_lg_code])
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("名称（英語）"), max_length=100, blank=True)
    prefecture = models.CharField(_("都道府県"), max_length=10)
    postal_code = models.CharField(_("郵便番号"), max_length=8)
    address = models.CharField(_("所在地"), max_length=200)
    phone = models.CharField(_("電話番号"), max_length=20)
    email = models.EmailField(_("メールアドレス"), blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    opening_hours = models.CharField(_("開庁時間"), max_length=100, blank=True)
    # What English readers are shown in the footer (the Japanese is shown, marked lang="ja", without).
    address_en = models.CharField(_("所在地（英語）"), max_length=200, blank=True)
    opening_hours_en = models.CharField(_("開庁時間（英語）"), max_length=100, blank=True)
    is_demo = models.BooleanField(_("デモデータ"), default=False, editable=False)

    class Meta:
        verbose_name = _("自治体情報")
        verbose_name_plural = _("自治体情報")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.pk and Municipality.objects.exists():
            raise ValidationError(_("自治体情報は1件だけ登録できます。"))
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> Municipality | None:
        """The city (one row), kept per process until it is saved again (pagecache "site")."""
        from .pagecache import cached_under

        city = cached_under("site", "municipality", lambda: cls.objects.first())
        return copy.copy(city) if city is not None else None


class Department(models.Model):
    """部・課・室: an organisational unit. Cases, datasets and initiatives belong to one."""

    class Kind(models.TextChoices):
        BU = "bu", _("部")
        KA = "ka", _("課")
        SHITSU = "shitsu", _("室")

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("名称（英語）"), max_length=120, blank=True)
    kind = models.CharField(_("種別"), max_length=10, choices=Kind.choices, default=Kind.KA)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位組織"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    sort_order = models.PositiveIntegerField(_("表示順"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("部署")
        verbose_name_plural = _("部署")

    def __str__(self) -> str:
        return self.name

    def localized_name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if get_language() == "en" and self.name_en else self.name


class StaffRole(models.Model):
    """A staff member's role in one department (職員の権限). Access checks go through these."""

    class Role(models.TextChoices):
        RECEPTION = "reception", _("受付")
        REVIEW = "review", _("審査")
        APPROVAL = "approval", _("決裁")
        SYSADMIN = "sysadmin", _("システム管理")
        MY_NUMBER = "my_number", _("マイナンバー利用事務")
        ACCOUNTING = "accounting", _("会計")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="staff_roles")
    role = models.CharField(_("権限"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "department", "role"], name="unique_staff_role")
        ]
        verbose_name = _("職員権限")
        verbose_name_plural = _("職員権限")

    def __str__(self) -> str:
        return f"{self.user} / {self.department} / {self.get_role_display()}"


class Household(models.Model):
    """世帯: the residents living together, as the resident register records them."""

    number = models.CharField(_("世帯番号"), max_length=20, unique=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8)
    address = models.CharField(_("住所"), max_length=200)
    district = models.CharField(_("地区"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("世帯")
        verbose_name_plural = _("世帯")

    def __str__(self) -> str:
        return self.number


class Gender(models.IntegerChoices):
    """ISO/IEC 5218, as the card's 基本4情報 and the national standard data use it."""

    UNKNOWN = 0, _("不明")
    MALE = 1, _("男")
    FEMALE = 2, _("女")
    NOT_APPLICABLE = 9, _("その他・回答しない")


class Person(models.Model):
    """住民: a resident profile — the once-only data every form is prefilled from.

    What a resident submits never changes this record without staff confirmation.
    The My Number is stored encrypted and read only through `core.mynumber`.
    """

    household = models.ForeignKey(
        Household,
        verbose_name=_("世帯"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    relationship = models.CharField(_("続柄"), max_length=20, blank=True)
    family_name = models.CharField(_("氏"), max_length=40)
    given_name = models.CharField(_("名"), max_length=40)
    family_name_kana = models.CharField(_("氏（カナ）"), max_length=60, blank=True)
    given_name_kana = models.CharField(_("名（カナ）"), max_length=60, blank=True)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    gender = models.PositiveSmallIntegerField(_("性別"), choices=Gender.choices, default=Gender.UNKNOWN)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    my_number_encrypted = EncryptedTextField(_("個人番号（暗号化）"), blank=True, editable=False)
    my_number_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name_kana", "given_name_kana", "pk"]
        verbose_name = _("住民")
        verbose_name_plural = _("住民")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.family_name}\u3000{self.given_name}"

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana}\u3000{self.given_name_kana}".strip()

    def age_on(self, day) -> int | None:
        if not self.birth_date:
            return None
        return (
            day.year
            - self.birth_date.year
            - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))
        )

    @property
    def has_my_number(self) -> bool:
        return bool(self.my_number_encrypted)


class Channel(models.TextChoices):
    """How something reached the city (受付チャネル). Indicators split by it."""

    ONLINE = "online", _("オンライン")
    COUNTER = "counter", _("窓口")
    PAPER = "paper", _("紙")
    POSTAL = "postal", _("郵送")
    PHONE = "phone", _("電話")
    SYSTEM = "system", _("システム")
    PORTAL = "portal", _("ぴったりサービス")  # マイナポータルの電子申請 (interop)


class Event(models.Model):
    """出来事: an append-only record of something that happened to a case, a person, a dataset.

    Process mining and the plan's indicators read these; every service writes them through
    `core.events.record_event`, which also extends the audit chain.
    """

    time = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_type = models.CharField(max_length=100)  # "app_label.model"
    subject_id = models.CharField(max_length=64)
    verb = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.SYSTEM)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["time", "pk"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "time"]),
            models.Index(fields=["verb", "time"]),
        ]
        verbose_name = _("イベント")
        verbose_name_plural = _("イベント")

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.subject_type}#{self.subject_id} {self.verb}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("イベントは変更できません。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("イベントは削除できません。"))


class AuditEntry(models.Model):
    """監査ログ: one link of the tamper-evident chain. `hash` covers `prev_hash` and the entry."""

    seq = models.PositiveBigIntegerField(unique=True)
    time = models.DateTimeField(default=timezone.now)
    actor_id_value = models.CharField(max_length=40, blank=True)
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("監査ログは変更できません。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("監査ログは削除できません。"))


class AuditHead(models.Model):  # noqa: DJ008  (internal, never shown)
    """The chain's tip: locked while an entry is appended, so concurrent writers line up."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)


class Notification(models.Model):
    """通知: a message sent (or to be sent) to a person, with its channel and outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")

    recipient = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(max_length=200)
    channel = models.CharField(max_length=20, default="email")
    template = models.CharField(max_length=100)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")

    def __str__(self) -> str:
        return f"{self.template} → {self.address}"
