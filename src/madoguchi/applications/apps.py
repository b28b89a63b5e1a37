from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "madoguchi.applications"
    label = "applications"
    verbose_name = _("申請")

    def ready(self) -> None:
        from madoguchi.core.navigation import MyPageSource, my_page_sources

        from . import mypage

        my_page_sources.register(MyPageSource(code="applications", items=mypage.items, order=10))
        from madoguchi.core import access
        from madoguchi.core.demo import DemoLoader, demo_loaders
        from madoguchi.core.navigation import (
            HomeTile,
            StaffLink,
            StaffPanel,
            home_tiles,
            staff_links,
            staff_panels,
        )

        from . import demo, staff_views

        home_tiles.register(
            HomeTile(
                code="my-applications",
                title=_("申請状況の確認"),
                description=_("オンラインで申請した手続の状況を確認し、補正や取下げができます。"),
                url_name="applications:mine",
                order=11,
            )
        )
        staff_links.register(
            StaffLink(
                code="cases",
                title=_("申請の受付箱"),
                url_name="cases:inbox",
                permissions=(access.CASE_VIEW,),
                order=10,
            )
        )
        staff_links.register(
            StaffLink(
                code="cases-register",
                title=_("紙・郵送の申請を登録"),
                url_name="cases:register",
                permissions=(access.CASE_REGISTER,),
                order=11,
            )
        )
        staff_panels.register(StaffPanel(code="work-queue", render=staff_views.work_queue_panel, order=10))
        demo_loaders.register(DemoLoader("applications", 50, demo.load))
