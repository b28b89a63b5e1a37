from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationConfig(AppConfig):
    name = "madoguchi.automation"
    label = "automation"
    verbose_name = _("業務改革・自動化・プロセス分析")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.models import Event

        from .demo import LOADER
        from .services.rules import event_recorded

        demo_loaders.register(LOADER)
        post_save.connect(event_recorded, sender=Event, dispatch_uid="automation-rules")
        from madoguchi.core.pagecache import bump_on_save

        from .models import Rule

        bump_on_save("automation", Rule)  # the submit's cached active rules

        from madoguchi.core import access
        from madoguchi.core.navigation import StaffLink, staff_links

        staff_links.register(
            StaffLink(
                code="automation",
                title=_("業務改革・自動化"),
                url_name="automation_staff:index",
                permissions=(access.AUTOMATION_MANAGE,),
                order=80,
            )
        )
