"""デジタル・ワークスタイル (plan 2-ウ) records: the departments' staff meetings (庁内の会議) with
their mode, the link to the city's meeting tool, the document pack (会議資料, versioned, with who
opened which version) and whether paper was printed; and the telework pilots (テレワーク実証実験)
with the staff roster each pilot was measured against, the days teleworked and a short survey.

The plan's three 2-ウ indicators are computed from these (workstyle/metrics.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Department


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("対面")
    ONLINE = "online", _("オンライン")
    HYBRID = "hybrid", _("ハイブリッド（対面とオンライン）")


ONLINE_MODES = (Mode.ONLINE, Mode.HYBRID)  # オンライン会議の利用: some attend through the meeting tool


class Meeting(models.Model):
    """庁内の会議: one meeting a department holds (課内会議, 庁議, 打合せ …)."""

    department = models.ForeignKey(
        Department, verbose_name=_("主催部署"), on_delete=models.PROTECT, related_name="staff_meetings"
    )
    title = models.CharField(_("会議名"), max_length=200)
    agenda = models.TextField(_("議題"))
    held_at = models.DateTimeField(_("開催日時"))
    mode = models.CharField(_("開催方法"), max_length=20, choices=Mode.choices)
    meeting_url = models.URLField(_("会議ツールのURL"), max_length=300, blank=True)
    paper_printed = models.BooleanField(_("紙の資料を印刷した"))
    printed_pages = models.PositiveIntegerField(_("印刷した枚数"), default=0)
    cancelled_at = models.DateTimeField(_("中止した日時"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_at", "pk"]
        indexes = [models.Index(fields=["department", "held_at"])]
        verbose_name = _("庁内の会議")
        verbose_name_plural = _("庁内の会議")

    def __str__(self) -> str:
        return self.title

    @property
    def online(self) -> bool:
        return self.mode in ONLINE_MODES


class PackDocument(models.Model):
    """会議資料: one document of a meeting's pack; its file is in its versions."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("資料名"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("会議資料")
        verbose_name_plural = _("会議資料")

    def __str__(self) -> str:
        return self.title

    def latest(self) -> DocumentVersion | None:
        return self.versions.order_by("-number").first()


def version_path(version: DocumentVersion, filename: str) -> str:
    # A random name: the title and the uploader's file name never reach the file system.
    return f"workstyle/packs/{version.document.meeting_id}/{uuid.uuid4().hex}.pdf"


class DocumentVersion(models.Model):
    """版: the document as uploaded at one time (第1版, 第2版 …); earlier versions stay readable."""

    document = models.ForeignKey(PackDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版"))
    file = models.FileField(upload_to=version_path, max_length=200)
    original_name = models.CharField(_("元のファイル名"), max_length=200)
    size = models.PositiveIntegerField(_("サイズ"))
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("変更内容"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="workstyle_version_once")]
        verbose_name = _("会議資料の版")
        verbose_name_plural = _("会議資料の版")

    def __str__(self) -> str:
        return f"{self.document} 第{self.number}版"


class DocumentOpen(models.Model):
    """閲覧の記録: who opened which version, when (one row per opening)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="opens")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["opened_at", "pk"]
        verbose_name = _("会議資料の閲覧")
        verbose_name_plural = _("会議資料の閲覧")

    def __str__(self) -> str:
        return f"{self.version} {self.user_id}"


class TeleworkPilot(models.Model):
    """テレワーク実証実験: one pilot period of a telework system in some departments.

    Its roster (PilotMember) is taken when the pilot is registered, from the staff roles held at
    that moment: the population the participation rate is measured against."""

    class Target(models.TextChoices):
        ALL = "all", _("対象部署の全職員")
        MANAGERS = "managers", _("対象部署の管理職（決裁の権限を持つ職員）")

    department = models.ForeignKey(
        Department, verbose_name=_("運営部署"), on_delete=models.PROTECT, related_name="telework_pilots"
    )
    title = models.CharField(_("名称"), max_length=200)
    system_name = models.CharField(_("テレワークシステム"), max_length=200)
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"))
    target = models.CharField(_("対象"), max_length=20, choices=Target.choices)
    target_departments = models.ManyToManyField(Department, verbose_name=_("対象部署"), related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("テレワーク実証実験")
        verbose_name_plural = _("テレワーク実証実験")

    def __str__(self) -> str:
        return self.title


class PilotMember(models.Model):
    """対象職員: a staff account on a pilot's roster, counted in one department (the first target
    department, in the city's order, where the account held a qualifying role)."""

    pilot = models.ForeignKey(TeleworkPilot, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("所属"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pilot", "department__sort_order", "department__code", "pk"]
        constraints = [models.UniqueConstraint(fields=["pilot", "user"], name="workstyle_member_once")]
        verbose_name = _("実証実験の対象職員")
        verbose_name_plural = _("実証実験の対象職員")

    def __str__(self) -> str:
        return f"{self.pilot} {self.user_id}"


class TeleworkDay(models.Model):
    """テレワーク実施日: a day the member worked through the pilot's system."""

    member = models.ForeignKey(PilotMember, on_delete=models.CASCADE, related_name="days")
    on = models.DateField(_("実施日"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member", "on"]
        constraints = [models.UniqueConstraint(fields=["member", "on"], name="workstyle_day_once")]
        verbose_name = _("テレワーク実施日")
        verbose_name_plural = _("テレワーク実施日")

    def __str__(self) -> str:
        return f"{self.member} {self.on}"


class SurveyAnswer(models.Model):
    """実証実験のアンケート: one short answer per member."""

    class Continue(models.TextChoices):
        YES = "yes", _("続けたい")
        NO = "no", _("続けたくない")
        UNSURE = "unsure", _("どちらともいえない")

    member = models.OneToOneField(PilotMember, on_delete=models.CASCADE, related_name="survey")
    usability = models.PositiveSmallIntegerField(_("業務の進めやすさ（1〜5）"))
    connection_trouble = models.BooleanField(_("接続の不具合があった"))
    would_continue = models.CharField(_("今後も利用したいか"), max_length=10, choices=Continue.choices)
    comment = models.TextField(_("意見・課題"), blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("実証実験のアンケート")
        verbose_name_plural = _("実証実験のアンケート")

    def __str__(self) -> str:
        return f"{self.member}"
