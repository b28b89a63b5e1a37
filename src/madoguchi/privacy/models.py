"""privacy records: alerts from the access review; security audits and incidents.

Nothing here holds residents' data: an alert names the staff member and counts what they read
(the records read are ids in the audit chain, which the manager's page lists by id).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Department


class AccessAlert(models.Model):
    """不審なアクセスの警告: an unusual pattern in a staff member's reads of personal data, found
    in the audit chain by `services.scan_access`, for the manager (決裁) of their department."""

    class Kind(models.TextChoices):
        VOLUME = "volume", _("閲覧件数が通常を超えた")
        OUT_OF_HOURS = "out_of_hours", _("開庁時間外の閲覧")
        MY_NUMBER_WITHOUT_CASE = "my_number_without_case", _("申請によらない個人番号の表示")

    class Status(models.TextChoices):
        OPEN = "open", _("未確認")
        JUSTIFIED = "justified", _("業務上必要と確認")
        ESCALATED = "escalated", _("不適切の疑い（報告）")

    kind = models.CharField(_("種別"), max_length=30, choices=Kind.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("職員"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部署"), on_delete=models.PROTECT, related_name="access_alerts"
    )
    window_start = models.DateTimeField(_("期間の始め"))
    window_end = models.DateTimeField(_("期間の終わり"))
    count = models.PositiveIntegerField(_("件数"))
    norm = models.PositiveIntegerField(_("基準"), null=True, blank=True)
    audit_seqs = models.JSONField(default=list, blank=True)  # the audit entries behind it (ids only)
    status = models.CharField(_("確認の状況"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("確認の内容"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-window_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "staff", "window_start"], name="privacy_alert_once")
        ]
        verbose_name = _("不審なアクセスの警告")
        verbose_name_plural = _("不審なアクセスの警告")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
