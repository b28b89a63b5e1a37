from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "madoguchi.learning"
    label = "learning"
    verbose_name = _("研修・講習会")

    def ready(self) -> None:
        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from .demo import LOADER

        demo_loaders.register(LOADER)

        home_tiles.register(
            HomeTile(
                code="learning-classes",
                title=_("スマホ講習会"),
                description=_(
                    "スマートフォンの使い方、マイナンバーカードの申請、マイナポータル、オンライン手続の講習会の日程と申込。"
                ),
                url_name="learning:calendar",
                order=70,
            )
        )

        from madoguchi.core.navigation import StaffLink, staff_links

        # every staff member has training duties, so no permission is asked
        staff_links.register(
            StaffLink(code="learning", title=_("研修・講習会"), url_name="learning_staff:home", order=70)
        )
