"""研修・講習会: staff training with self-checks (plan 4-イ, 5, 3-ウ) and the citizens' smartphone
classes with digital supporters and the My Number card burden-reduction measures (plan 1-エ, 1-イ).

Every figure the plan asks for is computed from these rows (learning/metrics.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Channel, Department, Person, StaffRole

# --- staff training ------------------------------------------------------------------------------


class Topic(models.TextChoices):
    """What a course is about: each plan indicator counts one topic."""

    SECURITY = "security", _("情報セキュリティ")
    DIGITAL = "digital", _("デジタル化")
    BASIC = "basic", _("デジタル基礎知識")
    DATA = "data", _("データ利活用・EBPM")


class QuestionBank(models.Model):
    """問題集: questions a course draws its self-check from."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    title = models.CharField(_("名称"), max_length=100)
    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("問題集")
        verbose_name_plural = _("問題集")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One multiple-choice question (one right answer). Japanese text with an English version."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("問題"))
    text_en = models.TextField(_("問題（英語）"), blank=True)
    explanation = models.TextField(_("解説"), blank=True)
    explanation_en = models.TextField(_("解説（英語）"), blank=True)
    is_active = models.BooleanField(_("出題する"), default=True)

    class Meta:
        ordering = ["bank", "pk"]
        verbose_name = _("問題")
        verbose_name_plural = _("問題")

    def __str__(self) -> str:
        return self.text[:40]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("選択肢"), max_length=300)
    text_en = models.CharField(_("選択肢（英語）"), max_length=300, blank=True)
    is_correct = models.BooleanField(_("正解"), default=False)

    class Meta:
        ordering = ["question", "pk"]
        verbose_name = _("選択肢")
        verbose_name_plural = _("選択肢")

    def __str__(self) -> str:
        return self.text


class Course(models.Model):
    """研修コース: lessons, then a self-check drawn from a question bank with a pass mark."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    title = models.CharField(_("名称"), max_length=120)
    title_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    topic = models.CharField(_("分野"), max_length=20, choices=Topic.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("概要"), blank=True)
    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("問題集"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("1回の出題数"), default=5, validators=[MaxValueValidator(50)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("合格点（%）"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(_("制限時間（分）"), default=30)
    yearly = models.BooleanField(
        _("毎年度の受講が必要"),
        default=False,
        help_text=_("年度が替わると修了がリセットされ、再受講が必要になります。"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["topic", "code"]
        verbose_name = _("研修コース")
        verbose_name_plural = _("研修コース")

    def __str__(self) -> str:
        return self.title

    @property
    def has_check(self) -> bool:
        return self.bank_id is not None and self.questions_per_attempt > 0


class Lesson(models.Model):
    """A lesson of a course; its text is versioned (LessonVersion), the newest one is shown."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("順番"), default=1)
    title = models.CharField(_("題名"), max_length=120)

    class Meta:
        ordering = ["course", "order", "pk"]
        verbose_name = _("教材")
        verbose_name_plural = _("教材")

    def __str__(self) -> str:
        return self.title

    @property
    def current(self) -> LessonVersion | None:
        return self.versions.order_by("-number").first()


class LessonVersion(models.Model):
    """One version of a lesson's Markdown; kept so a completion can say what was read."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(_("本文（Markdown）"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["lesson", "number"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "number"], name="learning_lesson_version_once")
        ]
        verbose_name = _("教材の版")
        verbose_name_plural = _("教材の版")

    def __str__(self) -> str:
        return f"{self.lesson} v{self.number}"


class Assignment(models.Model):
    """受講の割当て: one run of a course for all staff, a department or a role, with a deadline.
    The plan's 研修実施回数 counts these."""

    class Target(models.TextChoices):
        ALL = "all", _("全職員")
        DEPARTMENT = "department", _("部署")
        ROLE = "role", _("権限（役割）")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="assignments")
    target = models.CharField(_("対象"), max_length=12, choices=Target.choices, default=Target.ALL)
    target_department = models.ForeignKey(
        Department,
        verbose_name=_("対象の部署"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_role = models.CharField(_("対象の権限"), max_length=20, choices=StaffRole.Role.choices, blank=True)
    opens_on = models.DateField(_("受講開始日"))
    due_on = models.DateField(_("受講期限"))
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("受講の割当て")
        verbose_name_plural = _("受講の割当て")

    def __str__(self) -> str:
        return f"{self.course}（{self.opens_on}〜{self.due_on}）"


class Attempt(models.Model):
    """確認テストの受験: the questions and choice order are drawn and kept server-side; the form
    sends only positions, scored against this row once (the token is single-use)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    layout = models.JSONField(default=list)  # [[question_id, [choice_id, …]], …] in the order shown
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent
    passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("確認テストの受験")
        verbose_name_plural = _("確認テストの受験")

    def __str__(self) -> str:
        return f"{self.course} / {self.user}"


class Completion(models.Model):
    """修了: the course passed (or read through, when it has no check) in a 年度. A yearly course
    needs one per 年度; the certificate of completion shows its number."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    attempt = models.OneToOneField(
        Attempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField(default=timezone.now)
    number = models.CharField(_("修了証番号"), max_length=24, unique=True)

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user", "fiscal_year"], name="learning_completion_once_a_year"
            )
        ]
        verbose_name = _("修了")
        verbose_name_plural = _("修了")

    def __str__(self) -> str:
        return self.number


class Reminder(models.Model):  # noqa: DJ008  (internal bookkeeping, never shown)
    """When a staff member was last reminded of an assignment (reminders go out once a week)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]


# --- citizen classes -------------------------------------------------------------------------------


class ClassTopic(models.TextChoices):
    SMARTPHONE = "smartphone", _("スマートフォンの基本操作")
    MYNUMBER = "mynumber", _("マイナンバーカードの申請")
    MYNAPORTAL = "mynaportal", _("マイナポータルの使い方")
    ONLINE = "online", _("オンライン手続")


class CitizenClass(models.Model):
    """講習会（スマホ講習会など）: one session at a place the city knows, with a capacity."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("開催予定")
        CANCELLED = "cancelled", _("中止")

    title = models.CharField(_("名称"), max_length=120)
    topic = models.CharField(_("内容"), max_length=20, choices=ClassTopic.choices)
    description = models.TextField(_("説明"), blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    facility_id = models.CharField(_("施設ID"), max_length=40, blank=True)
    place_name = models.CharField(_("会場"), max_length=120)
    place_address = models.CharField(_("会場の所在地"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("定員"), validators=[MinValueValidator(1)])
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    uid = models.CharField(max_length=64, unique=True)  # the iCalendar UID, stable across edits
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("講習会")
        verbose_name_plural = _("講習会")

    def __str__(self) -> str:
        return self.title


class ClassRegistration(models.Model):
    """講習会の申込: online by the resident, or by phone / at the counter entered by staff."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("参加確定")
        WAITING = "waiting", _("キャンセル待ち")
        CANCELLED = "cancelled", _("取消し")

    citizen_class = models.ForeignKey(CitizenClass, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("氏名"), max_length=80)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    channel = models.CharField(
        _("申込の方法"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices)
    reference = models.CharField(_("受付番号"), max_length=12, unique=True)
    attended = models.BooleanField(_("出席"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("講習会の申込")
        verbose_name_plural = _("講習会の申込")

    def __str__(self) -> str:
        return self.reference


class SurveyAnswer(models.Model):
    """講習会後のアンケート: 理解度・満足度 on a 5-point scale (5 = よく分かった／満足)."""

    registration = models.OneToOneField(ClassRegistration, on_delete=models.CASCADE, related_name="survey")
    understanding = models.PositiveSmallIntegerField(
        _("理解度"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("満足度"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("ご意見"), blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("講習会アンケート")
        verbose_name_plural = _("講習会アンケート")

    def __str__(self) -> str:
        return f"{self.registration} {self.understanding}/{self.satisfaction}"


class Supporter(models.Model):
    """デジタルサポーター（ボランティア、国のデジタル推進委員を含む）."""

    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("氏名"), max_length=80)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    national_promoter = models.BooleanField(_("デジタル推進委員"), default=False)
    active = models.BooleanField(_("活動中"), default=True)
    registered_on = models.DateField(_("登録日"), default=timezone.localdate)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("デジタルサポーター")
        verbose_name_plural = _("デジタルサポーター")

    def __str__(self) -> str:
        return self.name


class Shift(models.Model):
    """サポーターの担当: at a class, or a help desk at a place."""

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="shifts")
    citizen_class = models.ForeignKey(
        CitizenClass,
        verbose_name=_("講習会"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shifts",
    )
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    place_name = models.CharField(_("場所"), max_length=120)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("サポーターの担当")
        verbose_name_plural = _("サポーターの担当")

    def __str__(self) -> str:
        return f"{self.supporter} {self.starts_at:%Y-%m-%d}"


class BurdenMeasure(models.Model):
    """マイナンバーカード取得に係る負担軽減施策: an application-support session or a pop-up
    application point (出張申請受付), or another measure, on a day at a place."""

    class Kind(models.TextChoices):
        SUPPORT = "support", _("申請サポート（写真撮影・申請の手伝い）")
        POPUP = "popup", _("出張申請受付")
        EXTENDED = "extended", _("休日・夜間の受付・交付")
        OTHER = "other", _("その他")

    kind = models.CharField(_("種類"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=120)
    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("実施日"))
    facility_id = models.CharField(_("施設ID"), max_length=40, blank=True)
    place_name = models.CharField(_("場所"), max_length=120)
    applications = models.PositiveIntegerField(_("受け付けた申請の件数"), default=0)
    note = models.TextField(_("備考"), blank=True)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("負担軽減施策")
        verbose_name_plural = _("負担軽減施策")

    def __str__(self) -> str:
        return self.title
