from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifeEventsConfig(AppConfig):
    name = "madoguchi.lifeevents"
    label = "lifeevents"
    verbose_name = _("ライフイベント手続案内")

    def ready(self) -> None:
        from madoguchi.core.demo import DemoLoader, demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from . import demo

        home_tiles.register(
            HomeTile(
                code="lifeevents",
                title=_("ライフイベントの手続案内"),
                description=_(
                    "引越し・出生・結婚・死亡などのときに必要な手続と持ち物を、いくつかの質問でご案内します。"
                ),
                url_name="lifeevents:index",
                order=15,
            )
        )
        demo_loaders.register(DemoLoader("lifeevent-procedures", 45, demo.load))
        from madoguchi.core.search import search_sources

        from . import site_search

        search_sources.register(site_search.SOURCE)  # the header's site search
