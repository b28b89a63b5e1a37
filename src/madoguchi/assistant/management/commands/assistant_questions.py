"""madoguchi assistant_questions [--week 2025-10-06] [--record]: the week's unanswered and unhelpful
questions, grouped as the learning-loop page shows them (for a report or a cron without Celery)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from madoguchi.assistant import services


class Command(BaseCommand):
    help = "Group a week's unanswered and unhelpful questions for FAQ authors."

    def add_arguments(self, parser):
        parser.add_argument("--week", help="any day of the week (default: last week)")
        parser.add_argument(
            "--record", action="store_true", help="record the run as an Event (as celery beat does)"
        )

    def handle(self, *args, week=None, record=False, **options):
        try:
            day = (
                datetime.date.fromisoformat(week)
                if week
                else datetime.date.today() - datetime.timedelta(days=7)
            )
        except ValueError:
            raise CommandError("--week: a date such as 2025-10-06") from None
        clusters = services.record_week(day) if record else services.weekly_clusters(day)
        start, _end = services.week_bounds(day)
        self.stdout.write(f"week of {start.date()}: {len(clusters)} groups")
        for cluster in clusters:
            self.stdout.write(f"{cluster.size:4d}  {cluster.label}")
            for log in cluster.questions[1:]:
                self.stdout.write(f"      - {log.text}")
