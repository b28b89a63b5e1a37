"""What goes with a briefing or event (説明会・イベント) besides its sign-ups: the materials staff
attach before it (a PDF or a link) and the questions registrants send in advance (事前質問),
answered by staff and shown on the event page without the asker."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .processes import Registration, Workshop


def material_path(material: EventMaterial, filename: str) -> str:
    # A random name: the title and the uploader's file name never reach the file system.
    return f"participation/materials/{material.workshop_id}/{uuid.uuid4().hex}.pdf"


class EventMaterial(models.Model):
    """資料: a PDF kept by the city, or a link to where it is published. Public with the event."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("資料名"), max_length=200)
    file = models.FileField(_("ファイル（PDF）"), upload_to=material_path, max_length=200, blank=True)
    original_name = models.CharField(_("元のファイル名"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("サイズ"), default=0)
    url = models.URLField(_("資料のURL"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["workshop", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="participation_material_file_or_link",
            )
        ]
        verbose_name = _("説明会の資料")
        verbose_name_plural = _("説明会の資料")

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        """Where a reader opens it: the link itself, or the city's download of the file."""
        if self.url:
            return self.url
        return reverse("participation:workshop_material", args=[self.workshop_id, self.pk])


class EventQuestion(models.Model):
    """事前質問: sent by a registrant before the event; public once answered (never who asked)."""

    MAX_LENGTH = 1000
    PER_REGISTRATION = 5

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="questions")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="questions")
    body = models.TextField(_("質問"), max_length=MAX_LENGTH)
    answer = models.TextField(_("回答"), blank=True)
    is_public = models.BooleanField(
        _("質問と回答を公開する"),
        default=True,
        help_text=_("個人的な事情に関わる質問は、公開せずに質問した人にだけ回答を届けます。"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["workshop", "created_at", "pk"]
        verbose_name = _("事前質問")
        verbose_name_plural = _("事前質問")

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
