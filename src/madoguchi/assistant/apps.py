from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    """The residents' assistant (問合せ案内・チャットボット, plan 2-イ)."""

    name = "madoguchi.assistant"
    label = "assistant"
    verbose_name = _("問合せ案内（チャットボット）")

    def ready(self) -> None:
        from madoguchi.core import access
        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.navigation import HomeTile, StaffLink, home_tiles, staff_links

        # --- conversation
        from .demo_conversation import LOADER as CONVERSATION_LOADER

        demo_loaders.register(CONVERSATION_LOADER)
        home_tiles.register(
            HomeTile(
                code="assistant",
                title=_("質問する（問合せ案内）"),
                description=_("手続や市のサービスについての質問に、よくある質問と手続の案内から答えます。"),
                url_name="assistant:ask",
                order=15,
            )
        )
        staff_links.register(
            StaffLink(
                code="assistant-inbox",
                title=_("問合せ案内：問合せ・折返し"),
                url_name="assistant_staff:inbox",
                permissions=(access.ASSISTANT_INQUIRIES,),
                order=60,
            )
        )
        staff_links.register(
            StaffLink(
                code="assistant-learning",
                title=_("問合せ案内：答えられなかった質問"),
                url_name="assistant_staff:learning",
                permissions=(access.ASSISTANT_MANAGE,),
                order=61,
            )
        )
        # --- knowledge (FAQ demo loader, FAQ editor link)
        from .demo import LOADER as KNOWLEDGE_LOADER
        from .retrieval import hooks

        hooks.connect()
        from madoguchi.core.search import search_sources

        from . import site_search

        search_sources.register(site_search.SOURCE)  # the header's site search
        demo_loaders.register(KNOWLEDGE_LOADER)
        staff_links.register(
            StaffLink(
                code="assistant-faqs",
                title=_("問合せ案内：FAQ・同義語"),
                url_name="assistant_staff:faqs",
                permissions=(access.ASSISTANT_MANAGE,),
                order=62,
            )
        )
