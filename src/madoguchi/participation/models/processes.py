"""Processes, proposals, comments, surveys, workshops and opinion maps (市民参加の場)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("情報提供")
    CONSULTATION = "consultation", _("意見募集")
    DELIBERATION = "deliberation", _("検討")
    RESULTS = "results", _("結果報告")


class ParticipationChannel(models.TextChoices):
    """How a resident took part. "Digital" means online."""

    ONLINE = "online", _("オンライン")
    IN_PERSON = "in_person", _("会場参加")
    POSTAL = "postal", _("郵送")
    PAPER = "paper", _("紙（会場・窓口）")


DIGITAL_CHANNELS = {ParticipationChannel.ONLINE}


class AgeBand(models.TextChoices):
    UNDER_20 = "10s", _("10代以下")
    TWENTIES = "20s", _("20代")
    THIRTIES = "30s", _("30代")
    FORTIES = "40s", _("40代")
    FIFTIES = "50s", _("50代")
    SIXTIES = "60s", _("60代")
    SEVENTY_PLUS = "70plus", _("70代以上")
    UNKNOWN = "unknown", _("不明")


class Process(models.Model):
    """参加の場: one consultation of the city (e.g. 「国分寺市の公園の使い方」)."""

    title = models.CharField(_("題名"), max_length=200)
    summary = models.CharField(_("概要"), max_length=400, blank=True)
    description = models.TextField(_("説明"), blank=True)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("担当部署"), null=True, blank=True, on_delete=models.SET_NULL
    )
    phase = models.CharField(
        _("現在の段階"), max_length=20, choices=PhaseKind.choices, default=PhaseKind.INFORMATION
    )
    comments_by_email_users = models.BooleanField(_("メール確認済みの利用者もコメントできる"), default=True)
    premoderation = models.BooleanField(
        _("提案・コメント・意見を公開前に確認する"),
        default=False,
        help_text=_("職員が承認するまで、住民が投稿した提案・コメント・意見を公開しません。"),
    )
    support_threshold = models.PositiveIntegerField(_("提案の検討に必要な賛同数"), default=10)
    is_published = models.BooleanField(_("公開"), default=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("参加の場")
        verbose_name_plural = _("参加の場")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:process", args=[self.pk])

    @property
    def is_collecting(self) -> bool:
        return self.phase == PhaseKind.CONSULTATION


class Phase(models.Model):
    """One step of a process, with its dates (情報提供 → 意見募集 → 検討 → 結果報告)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("段階"), max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField(_("開始日"), null=True, blank=True)
    ends_on = models.DateField(_("終了日"), null=True, blank=True)
    description = models.TextField(_("説明"), blank=True)

    class Meta:
        ordering = ["process", "starts_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "kind"], name="participation_phase_once")]
        verbose_name = _("段階")
        verbose_name_plural = _("段階")

    def __str__(self) -> str:
        return f"{self.process} / {self.get_kind_display()}"


class Participation(models.Model):
    """One act of taking part, for the indicators only. Never shown individually.

    `participant_key` is a keyed digest of the Person (or a random value for an anonymous
    postal answer), so "participants" can be counted without showing who they are.
    """

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("提案")
        SUPPORT = "support", _("賛同")
        COMMENT = "comment", _("コメント")
        SURVEY = "survey", _("アンケート回答")
        WORKSHOP = "workshop", _("ワークショップ参加")
        OPINION = "opinion", _("みんなの意見への投票")
        BALLOT = "ballot", _("予算案への投票")
        REFERENDUM = "referendum", _("提案への投票")
        ARGUMENT = "argument", _("議論への意見")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="participations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=20, choices=ParticipationChannel.choices)
    participant_key = models.CharField(max_length=64, db_index=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    district = models.CharField(max_length=40, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["process", "fiscal_year"])]
        verbose_name = _("参加記録")
        verbose_name_plural = _("参加記録")

    def __str__(self) -> str:
        return f"{self.process_id} {self.kind} {self.channel}"


class Proposal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("受付中")
        EVALUATING = "evaluating", _("検討中")
        ACCEPTED = "accepted", _("採用")
        PARTIAL = "partial", _("一部採用")
        REJECTED = "rejected", _("不採用")

    class Moderation(models.TextChoices):
        PUBLISHED = "published", _("公開")
        PENDING = "pending", _("確認待ち")
        HIDDEN = "hidden", _("非表示")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("題名"), max_length=150)
    body = models.TextField(_("内容"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状況"), max_length=20, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("市の回答"), blank=True)
    progress = models.PositiveSmallIntegerField(_("進捗（％）"), default=0)
    supports_count = models.PositiveIntegerField(default=0, editable=False)
    # a process with premoderation keeps a new proposal out of sight until staff approve it
    moderation = models.CharField(
        _("公開の確認"), max_length=10, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-supports_count", "pk"]
        verbose_name = _("提案")
        verbose_name_plural = _("提案")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:proposal", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.moderation == self.Moderation.PUBLISHED

    @property
    def reached_threshold(self) -> bool:
        return self.supports_count >= self.process.support_threshold


class Support(models.Model):
    """賛同: one per verified resident per proposal (a database constraint, not only a check)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person"], name="participation_one_support_per_person"
            )
        ]
        verbose_name = _("賛同")
        verbose_name_plural = _("賛同")

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.person_id}"


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("公開")
        PENDING = "pending", _("確認待ち")
        HIDDEN = "hidden", _("非表示")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="comments")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    display_name = models.CharField(_("表示名"), max_length=60)
    body = models.TextField(_("コメント"), max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    hidden_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("コメント")
        verbose_name_plural = _("コメント")

    def __str__(self) -> str:
        return self.body[:40]


class Report(models.Model):
    """通報: a reader flags a comment; a moderator hides it or dismisses the report."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("宣伝・スパム")
        OFFENSIVE = "offensive", _("誹謗中傷・不適切な表現")
        PRIVACY = "privacy", _("個人情報が含まれている")
        OTHER = "other", _("その他")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("理由"), max_length=20, choices=Reason.choices)
    details = models.CharField(_("詳しい内容"), max_length=500, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="participation_one_report_per_user")
        ]
        verbose_name = _("通報")
        verbose_name_plural = _("通報")

    def __str__(self) -> str:
        return f"{self.comment_id} {self.reason}"


class Block(models.Model):
    """投稿停止: a user a moderator has stopped from posting anywhere in participation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("理由"), max_length=200)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("投稿停止")
        verbose_name_plural = _("投稿停止")

    def __str__(self) -> str:
        return str(self.user_id)


class Follow(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "user"], name="participation_follow_once")]
        verbose_name = _("フォロー")
        verbose_name_plural = _("フォロー")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.process_id}"


class Survey(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("題名"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    anonymous = models.BooleanField(
        _("無記名"), default=True, help_text=_("無記名の場合、回答と回答者は結び付けて保存しません。")
    )
    is_open = models.BooleanField(_("回答受付中"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("アンケート")
        verbose_name_plural = _("アンケート")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:survey", args=[self.pk])


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("ひとつ選ぶ")
        MULTIPLE = "multiple", _("いくつでも選ぶ")
        SCALE = "scale", _("段階で答える")
        TEXT = "text", _("自由記述")
        RANKING = "ranking", _("順位をつける")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(_("質問"), max_length=300)
    choices = models.JSONField(_("選択肢"), default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField(default=5)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("質問")
        verbose_name_plural = _("質問")

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(max_length=20, choices=ParticipationChannel.choices)
    # Set only for identified surveys, or to stop a resident answering an anonymous survey twice
    # (then only the digest is kept, in `respondent_key`).
    person = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondent_key = models.CharField(max_length=64, null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paper_reference = models.CharField(_("整理番号"), max_length=40, blank=True)
    answers = models.JSONField(default=dict)  # {question_id: value}
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"],
                condition=Q(respondent_key__isnull=False),
                name="participation_one_answer_per_resident",
            )
        ]
        verbose_name = _("アンケート回答")
        verbose_name_plural = _("アンケート回答")

    def __str__(self) -> str:
        return f"{self.survey_id} #{self.pk}"


# An event without a stated end lasts this long (the demo's and older events got it in migration 0004).
DEFAULT_EVENT_DURATION = timedelta(hours=2)


class Workshop(models.Model):
    """A workshop, briefing or event (説明会・イベント): in person, online or hybrid, with seats per
    mode. Its materials, questions in advance and attendance are in `models/events.py`."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("会場")
        ONLINE = "online", _("オンライン")
        HYBRID = "hybrid", _("会場とオンラインの併用")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("題名"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    format = models.CharField(_("開催方法"), max_length=20, choices=Format.choices)
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(
        _("終了日時"), blank=True, help_text=_("空欄のときは開始の2時間後になります。")
    )
    venue = models.CharField(_("会場"), max_length=200, blank=True)
    online_url = models.URLField(_("オンライン参加のURL"), blank=True)
    capacity_in_person = models.PositiveIntegerField(_("会場の定員"), default=0)
    capacity_online = models.PositiveIntegerField(_("オンラインの定員"), default=0)
    minutes = models.TextField(_("記録（議事要旨）"), blank=True)
    recording_url = models.URLField(_("録画のURL"), blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="participation_workshop_ends_after_start"
            )
        ]
        verbose_name = _("ワークショップ")
        verbose_name_plural = _("ワークショップ")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.ends_at is None and self.starts_at is not None:
            self.ends_at = self.starts_at + DEFAULT_EVENT_DURATION
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("participation:workshop", args=[self.pk])

    def clean(self):
        super().clean()
        if self.ends_at is None and self.starts_at is not None:
            self.ends_at = self.starts_at + DEFAULT_EVENT_DURATION
        if self.ends_at is not None and self.starts_at is not None and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("終了日時は開始日時より後にしてください。")})

    def capacity_for(self, mode: str) -> int:
        return self.capacity_online if mode == ParticipationChannel.ONLINE else self.capacity_in_person

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at


class Registration(models.Model):
    """参加申込, and what happened on the day: checked in at the door (in person, by the QR code
    of the registration) or joined through /events/<id>/join/ (online)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("参加確定")
        WAITING = "waiting", _("キャンセル待ち")
        CANCELLED = "cancelled", _("取消")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(_("参加方法"), max_length=20, choices=ParticipationChannel.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    checked_in_at = models.DateTimeField(_("会場の受付"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(_("オンラインの参加（最初の入室）"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("前日のお知らせ"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], name="participation_register_once")
        ]
        verbose_name = _("参加申込")
        verbose_name_plural = _("参加申込")

    def __str__(self) -> str:
        return f"{self.workshop_id}:{self.person_id} {self.status}"

    @property
    def attended_at(self):
        """When the registrant was seen taking part in their mode (None: not recorded)."""
        return self.joined_at if self.mode == ParticipationChannel.ONLINE else self.checked_in_at


class OpinionMap(models.Model):
    """みんなの意見マップ (Polis-style): short statements, agree / disagree / pass."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="opinion_maps")
    title = models.CharField(_("題名"), max_length=200)
    question = models.CharField(_("問いかけ"), max_length=300)
    allow_statements = models.BooleanField(_("参加者が意見を追加できる"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("みんなの意見マップ")
        verbose_name_plural = _("みんなの意見マップ")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:opinion_map", args=[self.pk])


class Statement(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("公開")
        PENDING = "pending", _("確認待ち")
        HIDDEN = "hidden", _("非表示")

    opinion_map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("意見"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("意見")
        verbose_name_plural = _("意見")

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("そう思う")
        DISAGREE = -1, _("そう思わない")
        PASS = 0, _("どちらとも言えない")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(choices=Value.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["statement", "person"], name="participation_vote_once")
        ]
        verbose_name = _("投票")
        verbose_name_plural = _("投票")

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.value}"


class Label(models.Model):
    """わかりやすい表示名: each city renames the words residents see (see `labels.py`)."""

    key = models.SlugField(_("キー"), max_length=40, unique=True)
    text = models.CharField(_("表示名"), max_length=60)
    text_en = models.CharField(_("表示名（英語）"), max_length=80, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("表示名")
        verbose_name_plural = _("表示名")

    def __str__(self) -> str:
        return f"{self.key}: {self.text}"
