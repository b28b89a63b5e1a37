"""Votes on proposals (住民投票型の賛否) and debates (議論)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .processes import Comment, Process, Proposal

# --- votes on proposals and debates (投票・議論) --------------------------------------------------


class Referendum(models.Model):
    """提案への投票: a proposal that reached its support threshold is put to a vote of residents
    (CONSUL's supports → vote). Binding: the city carries out the majority's choice."""

    class Kind(models.TextChoices):
        CONSULTATIVE = "consultative", _("参考（諮問）投票")
        BINDING = "binding", _("拘束的な投票")

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="referendum")
    kind = models.CharField(_("投票の種類"), max_length=12, choices=Kind.choices, default=Kind.CONSULTATIVE)
    question = models.CharField(_("問い"), max_length=300)
    is_open = models.BooleanField(_("投票受付中"), default=True)
    yes = models.PositiveIntegerField(default=0, editable=False)
    no = models.PositiveIntegerField(default=0, editable=False)
    blank = models.PositiveIntegerField(default=0, editable=False)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("提案への投票")
        verbose_name_plural = _("提案への投票")

    def __str__(self) -> str:
        return self.question

    @property
    def passed(self) -> bool:
        return self.yes > self.no


class ReferendumVote(models.Model):
    class Choice(models.TextChoices):
        YES = "yes", _("賛成")
        NO = "no", _("反対")
        BLANK = "blank", _("白票")

    referendum = models.ForeignKey(Referendum, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=6, choices=Choice.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["referendum", "person"], name="participation_referendum_vote_once"
            )
        ]
        verbose_name = _("提案への投票の票")
        verbose_name_plural = _("提案への投票の票")

    def __str__(self) -> str:
        return f"{self.referendum_id}:{self.choice}"


class Debate(models.Model):
    """議論: a question the city opens, with arguments for and against."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="debates")
    title = models.CharField(_("題名"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    is_open = models.BooleanField(_("意見受付中"), default=True)
    conclusion = models.TextField(_("まとめ"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = _("議論")
        verbose_name_plural = _("議論")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:debate", args=[self.pk])


class Argument(models.Model):
    class Side(models.TextChoices):
        FOR = "for", _("賛成の意見")
        AGAINST = "against", _("反対の意見")

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="arguments")
    side = models.CharField(_("立場"), max_length=8, choices=Side.choices)
    body = models.TextField(_("意見"), max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    display_name = models.CharField(_("表示名"), max_length=60)
    status = models.CharField(max_length=10, choices=Comment.Status.choices, default=Comment.Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("議論への意見")
        verbose_name_plural = _("議論への意見")

    def __str__(self) -> str:
        return self.body[:40]
