"""Celery tasks of the assistant."""

from celery import shared_task


@shared_task(name="madoguchi.assistant.tasks.group_last_weeks_questions")
def group_last_weeks_questions() -> int:
    """Monday morning: group last week's unanswered and unhelpful questions for FAQ authors."""
    from . import services

    return len(services.record_week())
