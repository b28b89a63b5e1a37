from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    """The residents' assistant (問合せ案内・チャットボット, plan 2-イ)."""

    name = "madoguchi.assistant"
    label = "assistant"
    verbose_name = _("問合せ案内（チャットボット）")
