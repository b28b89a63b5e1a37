from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    """Exchange with the national portal and the resident registry (外部連携)."""

    name = "madoguchi.interop"
    label = "interop"
    verbose_name = _("外部連携（ぴったりサービス・住民記録）")

    def ready(self) -> None:
        from madoguchi.core import access
        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.navigation import StaffLink, staff_links

        from .demo import LOADER
        from .services import adapter

        adapter.register()  # core.residents "exchange" (MADOGUCHI_RESIDENT_REGISTRY = "exchange")
        _schedule()
        demo_loaders.register(LOADER)
        staff_links.register(
            StaffLink(
                code="interop-portal",
                title=_("ぴったりサービスからの申請"),
                url_name="interop_staff:index",
                permissions=(access.INTEROP_INTAKE,),
                order=62,
            )
        )
        staff_links.register(
            StaffLink(
                code="interop-registry",
                title=_("住民記録システムとの連携"),
                url_name="interop_staff:registry",
                permissions=(access.INTEROP_REGISTRY,),
                order=63,
            )
        )


def _schedule() -> None:
    """The scheduled sync (celery beat): the registry's exchange folder every night, the portal inbox
    every 30 minutes in office hours. Declared here beside the app, added to the project's schedule."""
    from celery.schedules import crontab
    from django.conf import settings

    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
    if schedule is None:
        return
    schedule.setdefault(
        "interop-registry-sync",
        {"task": "madoguchi.interop.tasks.sync_registry", "schedule": crontab(hour=5, minute=0)},
    )
    schedule.setdefault(
        "interop-portal-inbox",
        {
            "task": "madoguchi.interop.tasks.import_portal_inbox",
            "schedule": crontab(minute="*/30", hour="8-18"),
        },
    )
