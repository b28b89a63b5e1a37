"""The counter (窓口): queue tickets, windows, visit reservations, signage notices, and the
no-writing counter's sessions (書かない窓口) whose forms become Applications with channel=counter.

Forms refer to procedures by code and to applications by id, so this app has no migration
dependency on the procedures and applications apps.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Localized:
    def localized_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class ServiceCategory(Localized, models.Model):
    """受付区分: what a ticket is for (証明書, 住所変更・ライフイベント, 福祉 …); its own number series."""

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("名称（英語）"), max_length=120, blank=True)
    prefix = models.CharField(_("番号の頭文字"), max_length=2, unique=True)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("担当部署"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    default_service_minutes = models.PositiveSmallIntegerField(_("標準の対応時間（分）"), default=10)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("受付中"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("受付区分")
        verbose_name_plural = _("受付区分")

    def __str__(self) -> str:
        return self.name


class Window(Localized, models.Model):
    """窓口: a numbered desk that calls tickets of some categories."""

    number = models.CharField(_("窓口番号"), max_length=10, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("名称（英語）"), max_length=120, blank=True)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("部署"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    categories = models.ManyToManyField(
        ServiceCategory, verbose_name=_("受付区分"), related_name="windows", blank=True
    )
    is_open = models.BooleanField(_("開いている"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        ordering = ["sort_order", "number"]
        verbose_name = _("窓口")
        verbose_name_plural = _("窓口")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Ticket(models.Model):
    """整理券: one visitor's place in a queue, kept across transfers between windows."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("お待ちください")
        CALLED = "called", _("呼び出し中")
        SERVING = "serving", _("対応中")
        DONE = "done", _("完了")
        NO_SHOW = "no_show", _("不在")
        CANCELLED = "cancelled", _("取消")

    OPEN = (Status.WAITING, Status.CALLED, Status.SERVING)

    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("受付区分"), on_delete=models.PROTECT, related_name="tickets"
    )
    day = models.DateField(_("受付日"), db_index=True)
    number = models.PositiveIntegerField(_("番号"))
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.WAITING)
    window = models.ForeignKey(
        Window,
        verbose_name=_("窓口"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("住民"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reservation = models.ForeignKey(
        "Reservation", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    issued_at = models.DateTimeField(_("発券時刻"))
    first_called_at = models.DateTimeField(_("最初の呼出時刻"), null=True, blank=True)
    called_at = models.DateTimeField(_("呼出時刻"), null=True, blank=True)
    started_at = models.DateTimeField(_("対応開始時刻"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完了時刻"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("引継ぎ時刻"), null=True, blank=True)
    transfer_count = models.PositiveSmallIntegerField(_("引継ぎ回数"), default=0)

    class Meta:
        ordering = ["day", "issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "day", "number"], name="unique_ticket_number")
        ]
        indexes = [models.Index(fields=["status", "called_at"])]
        verbose_name = _("整理券")
        verbose_name_plural = _("整理券")

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.category.prefix}{self.number:03d}"

    @property
    def wait_seconds(self) -> float | None:
        if self.first_called_at is None:
            return None
        return (self.first_called_at - self.issued_at).total_seconds()


class SignageNotice(models.Model):
    """デジタルサイネージのお知らせ: shown in rotation on the hall display."""

    text = models.CharField(_("お知らせ"), max_length=200)
    text_en = models.CharField(_("お知らせ（英語）"), max_length=300, blank=True)
    starts_on = models.DateField(_("掲示開始日"), null=True, blank=True)
    ends_on = models.DateField(_("掲示終了日"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("掲示する"), default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("サイネージのお知らせ")
        verbose_name_plural = _("サイネージのお知らせ")

    def __str__(self) -> str:
        return self.text

    def localized_text(self) -> str:
        return self.text_en if get_language() == "en" and self.text_en else self.text


class VisitSlot(models.Model):
    """来庁予約の枠: a time at one window, for up to `capacity` reservations."""

    window = models.ForeignKey(Window, verbose_name=_("窓口"), on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("終了"))
    capacity = models.PositiveSmallIntegerField(_("定員"), default=1)

    class Meta:
        ordering = ["starts_at", "window__sort_order"]
        constraints = [models.UniqueConstraint(fields=["window", "starts_at"], name="unique_visit_slot")]
        verbose_name = _("予約枠")
        verbose_name_plural = _("予約枠")

    def __str__(self) -> str:
        return f"{self.window} {self.starts_at:%Y-%m-%d %H:%M}"


class Reservation(models.Model):
    """来庁予約: a booking of a slot for a life event, with the checklist answers; by a resident
    logged in with the card, or by anyone with a name and a phone number or e-mail address."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("予約済み")
        CANCELLED = "cancelled", _("取消済み")
        VISITED = "visited", _("来庁済み")

    reference = models.CharField(_("予約番号"), max_length=12, unique=True)
    slot = models.ForeignKey(
        VisitSlot, verbose_name=_("予約枠"), on_delete=models.PROTECT, related_name="reservations"
    )
    # A resident who logged in with the card; None for a booking without one (contact_* below).
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("住民"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_name = models.CharField(_("予約した人の氏名"), max_length=60, blank=True)
    contact_phone = models.CharField(_("予約した人の電話番号"), max_length=20, blank=True)
    contact_email = models.EmailField(_("予約した人のメールアドレス"), blank=True)
    life_event = models.CharField(_("ライフイベント"), max_length=40)
    answers = models.JSONField(_("回答"), default=dict, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("来庁予約")
        verbose_name_plural = _("来庁予約")

    def __str__(self) -> str:
        return self.reference

    @property
    def booker_name(self) -> str:
        return self.person.full_name if self.person_id else self.contact_name


class CounterSession(models.Model):
    """書かない窓口の受付: staff and a resident preparing every form of a life event together."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("作成中")
        CHECKING = "checking", _("本人確認中")
        CONFIRMED = "confirmed", _("申請済み")

    class Signature(models.TextChoices):
        CARD = "card", _("マイナンバーカードによる電子署名")
        DRAWN = "drawn", _("手書きの署名")
        CHECKBOX = "checkbox", _("確認欄へのチェック")

    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    person = models.ForeignKey(
        "core.Person", verbose_name=_("住民"), on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("担当職員"), on_delete=models.PROTECT, related_name="+"
    )
    life_event = models.CharField(_("ライフイベント"), max_length=40)
    answers = models.JSONField(_("回答"), default=dict, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.PREPARING)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    signature_method = models.CharField(_("署名の方法"), max_length=10, choices=Signature.choices, blank=True)
    signature_image = models.TextField(_("署名の画像"), blank=True)  # data:image/png;base64,…
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("書かない窓口の受付")
        verbose_name_plural = _("書かない窓口の受付")

    def __str__(self) -> str:
        return f"{self.life_event} #{self.pk}"


class CounterForm(models.Model):
    """One form prepared in a counter session; becomes one Application when the resident confirms."""

    session = models.ForeignKey(CounterSession, on_delete=models.CASCADE, related_name="forms")
    procedure_code = models.CharField(_("手続コード"), max_length=60)
    title = models.CharField(_("手続名"), max_length=200)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("担当部署"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(_("入力内容"), default=dict, blank=True)
    # the documents staff saw at the desk (codes of the procedure's required_attachments)
    documents_received = models.JSONField(_("窓口で受け取った書類"), default=list, blank=True)
    included = models.BooleanField(_("今回申請する"), default=True)
    application_id = models.PositiveBigIntegerField(null=True, blank=True)
    receipt_number = models.CharField(_("受付番号"), max_length=20, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "sort_order", "pk"]
        verbose_name = _("窓口で作成した申請書")
        verbose_name_plural = _("窓口で作成した申請書")

    def __str__(self) -> str:
        return self.title
