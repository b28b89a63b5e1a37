from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationConfig(AppConfig):
    name = "madoguchi.automation"
    label = "automation"
    verbose_name = _("業務改革・自動化・プロセス分析")
