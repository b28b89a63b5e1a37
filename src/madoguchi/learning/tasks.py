"""Scheduled learning work (celery beat): the daily reminder to staff who have not finished an
assignment of this 年度 (the yearly security self-check among them)."""

from celery import shared_task

from . import services


@shared_task(name="madoguchi.learning.tasks.remind_unfinished")
def remind_unfinished() -> int:
    return services.remind_unfinished()
