from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "madoguchi.core"
    label = "core"
    verbose_name = _("基本情報")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .monitoring import security, taskhooks  # noqa: F401  (security events; request ids in tasks)

        security.connect_mfa()
        from .models import Municipality
        from .pagecache import bump_on_save

        bump_on_save("site", Municipality)  # every page shows the city; Municipality.current() keeps it
        from .search import search_sources
        from .site_views import PAGES_SOURCE

        search_sources.register(PAGES_SOURCE)  # the footer's pages in the site search
