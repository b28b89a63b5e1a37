from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "madoguchi.privacy"
    label = "privacy"
    verbose_name = _("個人情報保護・情報セキュリティ")

    def ready(self) -> None:
        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from .demo import LOADER

        demo_loaders.register(LOADER)

        home_tiles.register(
            HomeTile(
                code="privacy",
                title=_("個人情報の取扱い"),
                description=_(
                    "市が保有する個人情報ファイルの名称・利用目的・記録項目（個人情報ファイル簿）を公表しています。"
                ),
                url_name="privacy:register",
                order=950,
            )
        )

        from madoguchi.core import access
        from madoguchi.core.navigation import StaffLink, staff_links

        from .services import can_manage

        staff_links.register(
            StaffLink(
                code="privacy-review",
                title=_("個人情報の閲覧記録の点検"),
                url_name="privacy_staff:review",
                permissions=(access.PRIVACY_REVIEW,),
                order=90,
            )
        )
        staff_links.register(
            StaffLink(
                code="privacy-security",
                title=_("情報セキュリティ"),
                url_name="privacy_staff:security",
                visible=can_manage,  # the security office's own staff only
                order=91,
            )
        )
