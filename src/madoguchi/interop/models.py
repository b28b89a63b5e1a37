"""Records of interop (外部連携): the portal intake (archives taken in, each portal application once,
the field mapping staff edit, the review list) and the resident registry exchange (the core
system's rows as last delivered, the address history, entitlements, the files taken in and the
conflicts waiting for staff)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# --- applications from the national portal (ぴったりサービス) ------------------------------------


class PortalProcedure(models.Model):
    """One portal procedure (ぴったりサービスの手続) and the procedure of ours it becomes."""

    portal_code = models.CharField(_("ぴったりサービスの手続ID"), max_length=60, unique=True)
    portal_name = models.CharField(_("ぴったりサービスの手続名"), max_length=200, blank=True)
    procedure_code = models.SlugField(_("この仕組みの手続コード"), max_length=60)

    class Meta:
        ordering = ["portal_code"]
        verbose_name = _("ぴったりサービスの手続の対応")
        verbose_name_plural = _("ぴったりサービスの手続の対応")

    def __str__(self) -> str:
        return f"{self.portal_code} → {self.procedure_code}"


class FieldMapping(models.Model):
    """項目の対応付け: a portal field of one procedure → a field of our form (a dotted path such as
    `recipient.full_name`), or an attachment kind (`attachment:<kind>`). Editable data, not code."""

    procedure = models.ForeignKey(PortalProcedure, on_delete=models.CASCADE, related_name="fields")
    portal_field = models.CharField(_("ぴったりサービスの項目"), max_length=200)
    target = models.CharField(
        _("この仕組みの項目"),
        max_length=200,
        blank=True,
        help_text=_(
            "様式の項目のパス（例: recipient.full_name）、添付書類は attachment:種類、空欄は取り込まない"
        ),
    )

    class Meta:
        ordering = ["procedure", "portal_field"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "portal_field"], name="interop_mapping_once")
        ]
        verbose_name = _("項目の対応付け")
        verbose_name_plural = _("項目の対応付け")

    def __str__(self) -> str:
        return f"{self.portal_field} → {self.target or '—'}"


class PortalArchive(models.Model):
    """One archive taken in (the zip the municipality downloads from the portal)."""

    name = models.CharField(_("ファイル名"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    adapter = models.CharField(_("取込み方式"), max_length=40)
    imported_at = models.DateTimeField(_("取込み日時"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.PositiveIntegerField(_("受け付けた申請"), default=0)
    repeated = models.PositiveIntegerField(_("取込み済み"), default=0)
    to_review = models.PositiveIntegerField(_("確認待ち"), default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("ぴったりサービスの取込み")
        verbose_name_plural = _("ぴったりサービスの取込み")

    def __str__(self) -> str:
        return self.name


class PortalSubmission(models.Model):
    """One portal application, once (de-duplicated by the portal's 申請番号), with what it carried."""

    class State(models.TextChoices):
        ACCEPTED = "accepted", _("受付済み")
        REVIEW = "review", _("確認待ち")
        DISMISSED = "dismissed", _("取り込まない")

    portal_number = models.CharField(_("ぴったりサービスの申請番号"), max_length=60, unique=True)
    portal_code = models.CharField(_("ぴったりサービスの手続ID"), max_length=60)
    archive = models.ForeignKey(PortalArchive, on_delete=models.PROTECT, related_name="submissions")
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("申請日時"), null=True, blank=True)
    fields = models.JSONField(_("申請の項目"), default=dict)  # portal field → value, as delivered
    state = models.CharField(_("状態"), max_length=10, choices=State.choices, default=State.REVIEW)
    application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ぴったりサービスの申請")
        verbose_name_plural = _("ぴったりサービスの申請")

    def __str__(self) -> str:
        return self.portal_number


class PortalAttachment(models.Model):
    submission = models.ForeignKey(PortalSubmission, on_delete=models.CASCADE, related_name="attachments")
    portal_kind = models.CharField(_("添付書類の種類（ぴったりサービス）"), max_length=200, blank=True)
    name = models.CharField(_("ファイル名"), max_length=200)
    file = models.FileField(upload_to="interop/portal/%Y/%m/")

    class Meta:
        verbose_name = _("ぴったりサービスの添付書類")
        verbose_name_plural = _("ぴったりサービスの添付書類")

    def __str__(self) -> str:
        return self.name


class ReviewItem(models.Model):
    """要確認: what did not map — nothing is dropped, staff decide."""

    class Kind(models.TextChoices):
        UNMAPPED_FIELD = "field", _("対応付けのない項目")
        UNKNOWN_PROCEDURE = "procedure", _("対応付けのない手続")
        NO_APPLICANT = "applicant", _("申請者が住民記録にない")
        INVALID = "invalid", _("様式に合わない内容")
        ATTACHMENT = "attachment", _("対応付けのない添付書類")

    submission = models.ForeignKey(PortalSubmission, on_delete=models.CASCADE, related_name="review_items")
    kind = models.CharField(_("種類"), max_length=12, choices=Kind.choices)
    portal_field = models.CharField(_("項目"), max_length=200, blank=True)
    value = models.TextField(_("値"), blank=True)
    message = models.TextField(_("内容"), blank=True)
    resolved_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(_("確認の結果"), max_length=200, blank=True)

    class Meta:
        ordering = ["resolved_at", "pk"]
        verbose_name = _("要確認の項目")
        verbose_name_plural = _("要確認の項目")

    def __str__(self) -> str:
        return f"{self.submission} {self.get_kind_display()} {self.portal_field}"


# --- the resident registry (住民記録) as the core system delivers it -----------------------------


class RegistryHousehold(models.Model):
    number = models.CharField(_("世帯番号"), max_length=20, unique=True)
    head_atena = models.CharField(_("世帯主の宛名番号"), max_length=20, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("世帯（住民記録システム）")
        verbose_name_plural = _("世帯（住民記録システム）")

    def __str__(self) -> str:
        return self.number


class RegistryPerson(models.Model):
    """One resident as the core system (住民記録システム) last delivered them."""

    class Status(models.TextChoices):
        RESIDENT = "1", _("住民")
        MOVED_OUT = "2", _("転出")
        DECEASED = "3", _("死亡")
        OTHER = "9", _("その他（消除）")

    atena = models.CharField(_("宛名番号"), max_length=20, unique=True)
    resident_code = models.CharField(_("住民票コード"), max_length=11, blank=True)
    household_number = models.CharField(_("世帯番号"), max_length=20, blank=True, db_index=True)
    family_name = models.CharField(_("氏"), max_length=40)
    given_name = models.CharField(_("名"), max_length=40)
    family_name_kana = models.CharField(_("氏（カナ）"), max_length=60, blank=True)
    given_name_kana = models.CharField(_("名（カナ）"), max_length=60, blank=True)
    birth_date = models.DateField(_("生年月日"), null=True, blank=True)
    gender = models.PositiveSmallIntegerField(_("性別"), default=0)
    relationship = models.CharField(_("続柄"), max_length=20, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    status = models.CharField(_("住民となった状態"), max_length=1, choices=Status.choices, default="1")
    card_holder = models.BooleanField(_("マイナンバーカードの交付"), null=True, blank=True)
    person = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["atena"]
        verbose_name = _("住民（住民記録システム）")
        verbose_name_plural = _("住民（住民記録システム）")

    def __str__(self) -> str:
        return self.atena


class RegistryAddressChange(models.Model):
    atena = models.CharField(_("宛名番号"), max_length=20, db_index=True)
    changed_on = models.DateField(_("異動日"), null=True, blank=True)
    reason = models.CharField(_("異動事由"), max_length=20, blank=True)
    postal_code = models.CharField(_("郵便番号"), max_length=8, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    previous_address = models.CharField(_("前住所"), max_length=200, blank=True)

    class Meta:
        ordering = ["atena", "changed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["atena", "changed_on", "reason", "address"], name="interop_address_change_once"
            )
        ]
        verbose_name = _("住所の異動（住民記録システム）")
        verbose_name_plural = _("住所の異動（住民記録システム）")

    def __str__(self) -> str:
        return f"{self.atena} {self.changed_on} {self.reason}"


class RegistryEntitlement(models.Model):
    atena = models.CharField(_("宛名番号"), max_length=20, db_index=True)
    kind = models.CharField(_("資格の種類"), max_length=40)
    valid_from = models.DateField(_("開始日"), null=True, blank=True)
    valid_until = models.DateField(_("終了日"), null=True, blank=True)
    detail = models.CharField(_("区分"), max_length=60, blank=True)

    class Meta:
        ordering = ["atena", "kind"]
        constraints = [models.UniqueConstraint(fields=["atena", "kind"], name="interop_entitlement_once")]
        verbose_name = _("受給資格（基幹系システム）")
        verbose_name_plural = _("受給資格（基幹系システム）")

    def __str__(self) -> str:
        return f"{self.atena} {self.kind}"


class RegistryFile(models.Model):
    """One standard-layout file taken in (or written out)."""

    class Layout(models.TextChoices):
        PERSONS = "persons", _("住民（個人）")
        HOUSEHOLDS = "households", _("世帯")
        ADDRESS_CHANGES = "address_changes", _("住所の異動")
        ENTITLEMENTS = "entitlements", _("受給資格")

    name = models.CharField(_("ファイル名"), max_length=200)
    layout = models.CharField(_("レイアウト"), max_length=20, choices=Layout.choices)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    conflicts = models.PositiveIntegerField(_("相違"), default=0)
    imported_at = models.DateTimeField(_("取込み日時"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("住民記録の連携ファイル")
        verbose_name_plural = _("住民記録の連携ファイル")

    def __str__(self) -> str:
        return self.name


class Conflict(models.Model):
    """相違: the core system says one thing, this system's Person or Household another. Applied to
    our record only when staff confirm (core.people.change_person), or dismissed."""

    class State(models.TextChoices):
        OPEN = "open", _("未確認")
        APPLIED = "applied", _("反映済み")
        DISMISSED = "dismissed", _("反映しない")

    registry_person = models.ForeignKey(
        RegistryPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    registry_household = models.ForeignKey(
        RegistryHousehold, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    person = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    household = models.ForeignKey(
        "core.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(_("項目"), max_length=40, blank=True)  # "": not found in this system
    registry_value = models.CharField(_("住民記録システムの値"), max_length=200, blank=True)
    local_value = models.CharField(_("この仕組みの値"), max_length=200, blank=True)
    state = models.CharField(_("状態"), max_length=10, choices=State.choices, default=State.OPEN)
    source = models.ForeignKey(
        RegistryFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    found_at = models.DateTimeField(_("検出日時"), auto_now_add=True)
    decided_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["state", "-found_at", "pk"]
        verbose_name = _("住民記録の相違")
        verbose_name_plural = _("住民記録の相違")

    def __str__(self) -> str:
        return f"{self.field or '—'}: {self.registry_value}"

    @property
    def field_label(self) -> str:
        """The field as staff read it (氏名、住所…), from the model's own label."""
        if not self.field:
            return "—"
        from django.apps import apps
        from django.core.exceptions import FieldDoesNotExist

        model = apps.get_model("core", "Household" if self.household_id else "Person")
        try:
            return str(model._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:  # a field renamed since: show its name
            return self.field
