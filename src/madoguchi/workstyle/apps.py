from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkstyleConfig(AppConfig):
    name = "madoguchi.workstyle"
    label = "workstyle"
    verbose_name = _("働き方改革（会議・テレワーク）")

    def ready(self) -> None:
        from madoguchi.core.demo import demo_loaders

        from .demo import LOADER

        demo_loaders.register(LOADER)
