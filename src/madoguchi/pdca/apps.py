from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdcaConfig(AppConfig):
    name = "madoguchi.pdca"
    label = "pdca"
    verbose_name = _("計画の進行管理")

    def ready(self) -> None:
        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from .demo import LOADER
        from .metrics import discover

        discover()  # every installed app's metrics.py registers its @metric functions
        demo_loaders.register(LOADER)
        home_tiles.register(
            HomeTile(
                code="plan",
                title=_("デジタル化推進計画の進捗"),
                description=_("計画の取組・指標・評価を公開しています。"),
                url_name="pdca:index",
                order=900,
            )
        )

        from madoguchi.core import access
        from madoguchi.core.navigation import StaffLink, staff_links

        staff_links.register(
            StaffLink(
                code="plan",
                title=_("計画の指標入力・評価"),
                url_name="pdca:staff_index",
                permissions=(access.INDICATOR_ENTER, access.INDICATOR_APPROVE),
                order=60,
            )
        )
