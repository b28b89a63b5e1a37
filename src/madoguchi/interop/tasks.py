"""Scheduled work of interop (celery beat, config/settings.py): the registry sync and the portal inbox."""

from celery import shared_task

from . import services


@shared_task
def sync_registry() -> int:
    """定期連携: the standard-layout files the core system left in the exchange folder."""
    return len(services.sync())


@shared_task
def import_portal_inbox() -> int:
    """The archives downloaded from ぴったりサービス into the inbox folder."""
    return len(services.import_inbox())
