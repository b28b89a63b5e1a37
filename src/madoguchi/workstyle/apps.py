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

        from madoguchi.core import access
        from madoguchi.core.navigation import StaffLink, staff_links

        staff_links.register(
            StaffLink(
                code="workstyle",
                title=_("会議・テレワーク"),
                url_name="workstyle_staff:index",
                permissions=(access.WORKSTYLE_MANAGE,),
                order=85,
            )
        )
