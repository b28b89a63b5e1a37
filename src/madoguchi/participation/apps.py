from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "madoguchi.participation"
    label = "participation"
    verbose_name = _("市民参加")

    def ready(self) -> None:
        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.navigation import services

        from . import demo, plan_metrics

        services.register(plan_metrics.HOME_SERVICE)
        demo_loaders.register(demo.LOADER)
        plan_metrics.register()
