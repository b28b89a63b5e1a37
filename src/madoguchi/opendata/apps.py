from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "madoguchi.opendata"
    label = "opendata"
    verbose_name = _("オープンデータ")

    def ready(self) -> None:
        from madoguchi.core.demo import DemoLoader, demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from . import demo

        home_tiles.register(
            HomeTile(
                code="opendata",
                title=_("オープンデータ"),
                description=_(
                    "市が公開しているデータを探して、CSVや地図で利用できます。APIにも対応しています。"
                ),
                url_name="opendata:index",
                order=80,
            )
        )
        home_tiles.register(
            HomeTile(
                code="connect",
                title=_("Wi-Fi・インターネット端末"),
                description=_(
                    "無料の公衆無線LANと、誰でも使えるインターネット端末のある場所を、お住まいの町から近い順に探せます。"
                ),
                url_name="opendata:connect",
                order=85,
            )
        )
        demo_loaders.register(DemoLoader("opendata", 80, demo.load))
        from madoguchi.core.search import search_sources

        from . import site_search

        search_sources.register(site_search.SOURCE)  # the header's site search

        from madoguchi.pdca.hooks import report_sections

        from . import report

        report_sections.register(report.SECTION)  # 利用状況 in the yearly evaluation report

        from madoguchi.core import access
        from madoguchi.core.navigation import StaffLink, staff_links

        staff_links.register(
            StaffLink(
                code="opendata",
                title=_("オープンデータの管理"),
                url_name="opendata:staff_index",
                permissions=(access.DATASET_EDIT,),
                order=40,
            )
        )
