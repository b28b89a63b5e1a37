from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "madoguchi.identity"
    label = "identity"
    verbose_name = _("本人確認")

    def ready(self) -> None:
        from madoguchi.core.demo import DemoLoader, demo_loaders

        from .cards import load_cards

        demo_loaders.register(DemoLoader("cards", 30, load_cards))
