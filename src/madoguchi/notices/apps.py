from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notices to residents through every channel (通知)."""

    name = "madoguchi.notices"
    label = "notices"
    verbose_name = _("通知（メール・SMS・LINE・郵便）")

    def ready(self) -> None:
        from django.conf import settings

        from madoguchi.core import access
        from madoguchi.core.demo import demo_loaders
        from madoguchi.core.navigation import MyPageSource, StaffLink, my_page_sources, staff_links
        from madoguchi.core.notifications import notification_failed, notification_sending

        from . import channels, mypage
        from .demo import LOADERS
        from .services import deliveries, letters

        channels.register()
        notification_sending.connect(deliveries.on_notification_sending, dispatch_uid="notices-delivery")
        notification_failed.connect(deliveries.on_notification_failed, dispatch_uid="notices-fall-back")
        for loader in LOADERS:
            demo_loaders.register(loader)
        my_page_sources.register(MyPageSource(code="notices", items=mypage.items, order=90))
        staff_links.register(
            StaffLink(
                code="notices",
                title=_("通知（郵送・配達の状況）"),
                url_name="notices_staff:index",
                permissions=(access.NOTICES_LETTERS,),
                visible=letters.works_in_mailroom,
                order=70,
            )
        )
        # The day's letters are printed every morning (Celery beat reads the schedule at start).
        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict) and "notices-daily-letter-batch" not in schedule:
            from celery.schedules import crontab

            schedule["notices-daily-letter-batch"] = {
                "task": "madoguchi.notices.tasks.build_daily_letter_batch",
                "schedule": crontab(hour=7, minute=0),  # after the push invitations (6:30)
            }
