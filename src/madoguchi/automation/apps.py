from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationConfig(AppConfig):
    name = "madoguchi.automation"
    label = "automation"
    verbose_name = _("業務改革・自動化・プロセス分析")

    def ready(self) -> None:
        from madoguchi.core.demo import demo_loaders

        from .demo import LOADER

        demo_loaders.register(LOADER)
