from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "madoguchi.delivery"
    label = "delivery"
    verbose_name = _("電子交付・手数料")

    def ready(self) -> None:
        from madoguchi.core.navigation import MyPageSource, my_page_sources

        from . import mypage

        my_page_sources.register(MyPageSource(code="delivery", items=mypage.items, order=30))
        from madoguchi.core.demo import DemoLoader, demo_loaders
        from madoguchi.core.navigation import HomeTile, home_tiles

        from . import checks, integration  # noqa: F401  (checks registers the deploy checks)
        from .demo import load_demo
        from .payments import providers
        from .payments.gateway_skeleton import GatewayProvider
        from .payments.komoju import KomojuProvider
        from .payments.postal_order import PostalOrderProvider
        from .payments.sandbox import SandboxProvider

        if "sandbox" not in providers:
            providers.register(SandboxProvider())
            providers.register(GatewayProvider())
            providers.register(KomojuProvider())
            providers.register(PostalOrderProvider())
        if "delivery" not in demo_loaders:
            demo_loaders.register(DemoLoader("delivery", 60, load_demo))
        if "verify" not in home_tiles:
            home_tiles.register(
                HomeTile(
                    code="verify",
                    title=_("交付文書の確認"),
                    description=_("市が電子交付した証明書・通知書が本物か、失効していないかを確認できます。"),
                    url_name="delivery:verify",
                    order=80,
                )
            )
        if "my-documents" not in home_tiles:
            home_tiles.register(
                HomeTile(
                    code="my-documents",
                    title=_("交付文書と手数料"),
                    description=_("電子交付された証明書・通知書のダウンロードと、手数料の支払い状況。"),
                    url_name="delivery:my_documents",
                    order=81,
                )
            )
        integration.connect()
