from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounterConfig(AppConfig):
    name = "madoguchi.counter"
    label = "counter"
    verbose_name = _("窓口")

    def ready(self) -> None:
        from madoguchi.core.navigation import MyPageSource, my_page_sources

        from . import mypage

        my_page_sources.register(MyPageSource(code="counter", items=mypage.items, order=20))
        from madoguchi.core.demo import DemoLoader, demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from . import demo

        home_tiles.register(
            HomeTile(
                code="counter-waits",
                title=_("窓口の待ち状況"),
                description=_("市役所の窓口の待ち人数と、おおよその待ち時間をご覧いただけます。"),
                url_name="counter:waits",
                order=40,
            )
        )
        home_tiles.register(
            HomeTile(
                code="counter-reserve",
                title=_("窓口の来庁予約"),
                description=_("引越しや出生などの手続で来庁する日時を予約できます。"),
                url_name="counter:reserve",
                order=41,
            )
        )
        demo_loaders.register(DemoLoader("counter", 70, demo.load))

        from madoguchi.core import access
        from madoguchi.core.navigation import StaffLink, staff_links

        from .services import is_onestop_staff

        staff_links.register(
            StaffLink(
                code="counter-desk",
                title=_("窓口の呼出し"),
                url_name="counter:desk",
                permissions=(access.COUNTER_WORK,),
                order=20,
            )
        )
        staff_links.register(
            StaffLink(
                code="counter-onestop",
                title=_("書かない窓口"),
                url_name="counter:onestop",
                visible=is_onestop_staff,
                order=21,
            )
        )
