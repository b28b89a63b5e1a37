from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "madoguchi.procedures"
    label = "procedures"
    verbose_name = _("手続")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from madoguchi.core.demo import DemoLoader, demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from . import demo, services
        from .models import Procedure, ProcedureVersion

        for model in (Procedure, ProcedureVersion):
            for signal in (post_save, post_delete):
                signal.connect(
                    services.forms_changed, sender=model, dispatch_uid=f"forms-changed-{model.__name__}"
                )
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
