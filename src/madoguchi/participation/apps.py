from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "madoguchi.participation"
    label = "participation"
    verbose_name = _("市民参加")

    def ready(self) -> None:
        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from . import demo

        home_tiles.register(
            HomeTile(
                code="participation",
                title=_("市政への参加"),
                description=_(
                    "提案・アンケート・ワークショップ・みんなの意見で、市のまちづくりに参加できます。"
                ),
                url_name="participation:index",
                order=60,
            )
        )
        demo_loaders.register(demo.LOADER)
        from madoguchi.core.search import search_sources

        from . import site_search

        search_sources.register(site_search.SOURCE)  # the header's site search

        from madoguchi.core import access
        from madoguchi.core.navigation import StaffLink, staff_links

        staff_links.register(
            StaffLink(
                code="participation",
                title=_("市民参加のモデレーション"),
                url_name="participation:moderation",
                permissions=(access.PARTICIPATION_MANAGE,),
                order=50,
            )
        )
