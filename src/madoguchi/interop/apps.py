from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    """Exchange with the national portal and the resident registry (外部連携)."""

    name = "madoguchi.interop"
    label = "interop"
    verbose_name = _("外部連携（ぴったりサービス・住民記録）")
