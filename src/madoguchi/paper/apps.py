from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaperConfig(AppConfig):
    """AI-OCR intake of paper forms (紙の申請書の読取り, plan 2-イ)."""

    name = "madoguchi.paper"
    label = "paper"
    verbose_name = _("紙の申請書の読取り（AI-OCR）")

    def ready(self) -> None:
        from madoguchi.core import access
        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.navigation import StaffLink, staff_links

        from .demo import LOADER

        demo_loaders.register(LOADER)

        from madoguchi.procedures.services import FormDownload, form_downloads

        from .services import public_form_url

        form_downloads.register(
            FormDownload(
                code="paper-ocr",
                title=_("読み取り用の申請書（PDF、記入欄がマス目になっています）"),
                url=public_form_url,
            )
        )
        staff_links.register(
            StaffLink(
                code="paper",
                title=_("紙の申請書の読取り（AI-OCR）"),
                url_name="paper_staff:index",
                permissions=(access.PAPER_TEMPLATES, access.PAPER_INTAKE),
                order=60,
            )
        )
