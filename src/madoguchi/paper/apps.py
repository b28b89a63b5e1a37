from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaperConfig(AppConfig):
    """AI-OCR intake of paper forms (紙の申請書の読取り, plan 2-イ)."""

    name = "madoguchi.paper"
    label = "paper"
    verbose_name = _("紙の申請書の読取り（AI-OCR）")
