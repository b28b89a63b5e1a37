from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "madoguchi.applications"
    label = "applications"
    verbose_name = _("申請")

    def ready(self) -> None:
        from madoguchi.core.demo import DemoLoader, demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from . import demo

        home_tiles.register(
            HomeTile(
                code="my-applications",
                title=_("申請状況の確認"),
                description=_("オンラインで申請した手続の状況を確認し、補正や取下げができます。"),
                url_name="applications:mine",
                order=11,
            )
        )
        demo_loaders.register(DemoLoader("applications", 50, demo.load))
