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
        OUTSIDE_CASES = "outside_cases", _("担当の申請がない住民の閲覧")

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


class SecurityAudit(models.Model):
    """情報セキュリティ監査: one department audited against the city's checklist in a 年度.

    The year's audit plan is the set of audits planned for it; the plan indicator
    情報セキュリティ監査実施率 is the share of them performed (privacy/metrics.py)."""

    department = models.ForeignKey(
        Department, verbose_name=_("監査対象の部署"), on_delete=models.PROTECT, related_name="security_audits"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    checklist = models.CharField(_("チェックリスト"), max_length=40)
    planned_on = models.DateField(_("予定日"))
    performed_on = models.DateField(_("実施日"), null=True, blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-fiscal_year", "planned_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["department", "fiscal_year"], name="privacy_one_audit_a_year")
        ]
        verbose_name = _("情報セキュリティ監査")
        verbose_name_plural = _("情報セキュリティ監査")

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.department}"


class AuditFinding(models.Model):
    """指摘事項: a checklist item the department did not meet, the corrective action and its due date."""

    class Severity(models.TextChoices):
        HIGH = "high", _("重大")
        MEDIUM = "medium", _("中")
        LOW = "low", _("軽微")

    audit = models.ForeignKey(SecurityAudit, on_delete=models.CASCADE, related_name="findings")
    item = models.CharField(_("チェック項目"), max_length=20)
    severity = models.CharField(_("重要度"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("指摘の内容"))
    corrective_action = models.TextField(_("是正措置"), blank=True)
    due_date = models.DateField(_("是正の期限"))
    closed_on = models.DateField(_("是正の完了日"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("指摘事項")
        verbose_name_plural = _("指摘事項")

    def __str__(self) -> str:
        return f"{self.audit} {self.item}"


class Incident(models.Model):
    """情報セキュリティインシデント: detection, severity, whether personal data leaked, and the
    reports the 個人情報保護法 requires (第68条: 速報 promptly, 確報 within 30 days, 60 days for
    unauthorised access; and notice to the persons affected)."""

    class Severity(models.TextChoices):
        HIGH = "high", _("重大")
        MEDIUM = "medium", _("中")
        LOW = "low", _("軽微")

    title = models.CharField(_("件名"), max_length=200)
    description = models.TextField(_("内容"))
    department = models.ForeignKey(
        Department, verbose_name=_("発生部署"), on_delete=models.PROTECT, related_name="security_incidents"
    )
    detected_at = models.DateTimeField(_("覚知日時"))
    severity = models.CharField(_("重要度"), max_length=10, choices=Severity.choices)
    personal_data_breach = models.BooleanField(_("個人情報の漏えい等"), default=False)
    unauthorised_access = models.BooleanField(_("不正アクセスによるもの"), default=False)
    affected_count = models.PositiveIntegerField(_("本人の数"), default=0)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    preliminary_reported_at = models.DateTimeField(_("速報の日時"), null=True, blank=True)
    final_reported_at = models.DateTimeField(_("確報の日時"), null=True, blank=True)
    persons_notified_at = models.DateTimeField(_("本人への通知の日時"), null=True, blank=True)
    actions = models.TextField(_("対応"), blank=True)
    closed_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-detected_at", "pk"]
        verbose_name = _("情報セキュリティインシデント")
        verbose_name_plural = _("情報セキュリティインシデント")

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- retention and purge (保存期間)


class RecordType(models.TextChoices):
    """What a retention rule governs (the records each app's retention service can remove)."""

    DRAFT = "applications.draft", _("申請の下書き")
    ATTACHMENT = "applications.attachment", _("添付書類")
    APPLICATION = "applications.application", _("申請の内容")
    PARTICIPATION_ACCOUNT = "participation.account", _("市民参加のアカウント")
    CLASS_REGISTRATION = "learning.registration", _("講習会の申込")
    STAFF_TRAINING = "learning.staff_training", _("職員の研修の記録")
    TELEWORK = "workstyle.telework", _("テレワーク実証実験の参加の記録")
    DOCUMENT_OPENS = "workstyle.document_opens", _("会議資料の閲覧の記録")
    ASSISTANT_INQUIRY = "assistant.inquiry", _("問合せ案内から職員への問合せ")
    ASSISTANT_CALLBACK = "assistant.callback", _("問合せ案内からの折返しの依頼")
    PAPER_SCANS = "paper.scans", _("紙の申請書のスキャンと読取り結果")
    OPENDATA_SHOWCASE = "opendata.showcase", _("オープンデータ活用事例の投稿")
    DATA_REQUEST = "opendata.data_request", _("データ公開の要望")
    NOTICE_LETTERS = "notices.letters", _("郵送通知の宛名・住所・本文と印刷分")


class RetentionRule(models.Model):
    """保存期間: how long one type of record is kept, for every procedure or for one procedure
    (its code). No rule row means the default of `services.retention.DEFAULTS`."""

    record_type = models.CharField(_("記録の種類"), max_length=40, choices=RecordType.choices)
    procedure = models.CharField(_("手続（コード、空欄はすべて）"), max_length=60, blank=True)
    keep_days = models.PositiveIntegerField(
        _("保存日数"), null=True, blank=True, help_text=_("空欄: 期間では削除せず、本人の申出による")
    )
    note = models.CharField(_("根拠・備考"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["record_type", "procedure"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "procedure"], name="privacy_one_rule_per_scope")
        ]
        verbose_name = _("保存期間")
        verbose_name_plural = _("保存期間")

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} {self.procedure or '*'}"


class LegalHold(models.Model):
    """リーガルホールド（保存命令）: a person's or an application's records are kept past their
    retention (a lawsuit, an audit, an appeal) until the hold is released. The purge never
    crosses one."""

    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("住民"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    application_id = models.PositiveBigIntegerField(_("申請（番号）"), null=True, blank=True)
    label = models.CharField(_("対象"), max_length=60, blank=True)  # a receipt number, never a name
    reason = models.TextField(_("理由"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, application_id__isnull=True)
                | models.Q(person__isnull=True, application_id__isnull=False),
                name="privacy_hold_one_target",
            )
        ]
        verbose_name = _("リーガルホールド")
        verbose_name_plural = _("リーガルホールド")

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"


class PurgeRun(models.Model):
    """削除・匿名化の実行: one run of the purge and its report (what was removed, how many).

    A run first lists its candidates (`PurgeItem`, status pending), then removes them batch by
    batch, each batch in one transaction. A run that was killed stays `running`; the next start
    continues it instead of listing again. A dry run lists without writing anything."""

    class Status(models.TextChoices):
        RUNNING = "running", _("実行中")
        DONE = "done", _("完了")

    status = models.CharField(_("状況"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(_("開始"), default=timezone.now)
    finished_at = models.DateTimeField(_("終了"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resumed = models.PositiveSmallIntegerField(_("再開の回数"), default=0)
    counts = models.JSONField(_("件数"), default=dict, blank=True)  # record type → outcome → n

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [  # two starts at once (beat and a command) continue one run, never two
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="running"), name="privacy_one_running_purge"
            )
        ]
        verbose_name = _("削除・匿名化の実行")
        verbose_name_plural = _("削除・匿名化の実行")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


class PurgeItem(models.Model):
    """One record a purge run removes (or would remove, in a dry run), and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("未処理")
        FILES = "files", _("ファイルの削除待ち")
        DONE = "done", _("処理済み")
        SKIPPED = "skipped", _("対象外")

    run = models.ForeignKey(PurgeRun, on_delete=models.CASCADE, related_name="items")
    record_type = models.CharField(_("記録の種類"), max_length=40, choices=RecordType.choices)
    record_id = models.CharField(max_length=64)  # the record's pk as text (an int, or a showcase's UUID)
    label = models.CharField(_("記録"), max_length=60)  # receipt number / kind / code: never a name
    person_ref = models.PositiveBigIntegerField()  # core.Person id, to re-check a hold
    application_ref = models.PositiveBigIntegerField()
    procedure = models.CharField(max_length=60, blank=True)
    cutoff = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    outcome = models.CharField(max_length=20, blank=True)  # deleted / anonymised / held / open_case / gone
    files = models.JSONField(default=list, blank=True)  # storage names still to delete
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "record_type", "record_id"], name="privacy_purge_item_once"
            )
        ]
        indexes = [models.Index(fields=["run", "status"])]
        verbose_name = _("削除・匿名化の対象")
        verbose_name_plural = _("削除・匿名化の対象")

    def __str__(self) -> str:
        return f"{self.record_type} #{self.record_id}"


class DisclosureRequest(models.Model):
    """開示請求 made on paper (or at the counter): the office identified the resident and handed
    over the export of their records. A resident's own download online needs no record."""

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV"

    person = models.ForeignKey(
        "core.Person", verbose_name=_("請求者"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("請求書の整理番号"), max_length=40)
    received_on = models.DateField(_("請求の受付日"))
    format = models.CharField(_("形式"), max_length=4, choices=Format.choices)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-answered_at", "pk"]
        verbose_name = _("開示請求")
        verbose_name_plural = _("開示請求")

    def __str__(self) -> str:
        return self.reference


class QuarterlyReview(models.Model):
    """四半期のアクセス点検: a manager (決裁, `privacy.review`) signs off one staff member's access
    to personal data for one quarter of the 年度 (Q1 = April–June), after the alerts about them
    in that quarter are reviewed."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("職員"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部署"), on_delete=models.PROTECT, related_name="quarterly_reviews"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("四半期"))
    reads = models.PositiveIntegerField(_("閲覧件数"), default=0)
    alerts = models.PositiveIntegerField(_("警告の件数"), default=0)
    note = models.TextField(_("確認の内容"), blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-fiscal_year", "-quarter", "department", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "department", "fiscal_year", "quarter"], name="privacy_review_once_a_quarter"
            )
        ]
        verbose_name = _("四半期のアクセス点検")
        verbose_name_plural = _("四半期のアクセス点検")

    def __str__(self) -> str:
        return f"{self.fiscal_year} Q{self.quarter} {self.staff}"


class KeyRotation(models.Model):
    """暗号鍵の更新: one re-encryption of the stored 個人番号 with the newest key, run in the
    background in batches; `last_pk` of each stage is where a killed job continues."""

    class Status(models.TextChoices):
        RUNNING = "running", _("実行中")
        DONE = "done", _("完了")

    class Stage(models.TextChoices):
        PERSONS = "persons", _("住民の個人番号")
        APPLICATIONS = "applications", _("申請の個人番号")

    status = models.CharField(_("状況"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    stage = models.CharField(_("段階"), max_length=20, choices=Stage.choices, default=Stage.PERSONS)
    last_pk = models.PositiveBigIntegerField(default=0)
    done = models.PositiveIntegerField(_("処理済み"), default=0)
    total = models.PositiveIntegerField(_("対象"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="running"), name="privacy_one_running_rotation"
            )
        ]
        verbose_name = _("暗号鍵の更新")
        verbose_name_plural = _("暗号鍵の更新")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, 100 * self.done // self.total)
