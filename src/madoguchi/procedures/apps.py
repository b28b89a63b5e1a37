from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "madoguchi.procedures"
    label = "procedures"
    verbose_name = _("手続")

    def ready(self) -> None:
        from madoguchi.core.demo import DemoLoader, demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles
        from madoguchi.core.pagecache import bump_on_save

        from . import demo
        from .models import Procedure, ProcedureVersion

        bump_on_save("procedures", Procedure, ProcedureVersion)  # the catalog and the submit's forms
        home_tiles.register(
            HomeTile(
                code="procedures",
                title=_("オンライン申請"),
                description=_("子育て・介護・罹災証明・転出などの手続をオンラインで申請できます。"),
                url_name="procedures:list",
                order=10,
            )
        )
        demo_loaders.register(DemoLoader("procedures", 40, demo.load))
        from madoguchi.core.search import search_sources

        from . import site_search

        search_sources.register(site_search.SOURCE)  # the header's site search

        from madoguchi.core import access
        from madoguchi.core.navigation import StaffLink, staff_links

        staff_links.register(
            StaffLink(
                code="procedures",
                title=_("手続の様式の編集"),
                url_name="procedures_staff:list",
                permissions=(access.PROCEDURE_EDIT,),
                order=30,
            )
        )
