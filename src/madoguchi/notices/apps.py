from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notices to residents through every channel (通知)."""

    name = "madoguchi.notices"
    label = "notices"
    verbose_name = _("通知（メール・SMS・LINE・郵便）")
