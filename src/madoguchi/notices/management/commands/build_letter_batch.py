"""`madoguchi build_letter_batch [--date YYYY-MM-DD]`: print the letters waiting, now."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from madoguchi.notices.services.letters import build_batch


class Command(BaseCommand):
    help = "Build the day's batch of letters (PDF for the print room and CSV manifest)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the batch date (default: today)")

    def handle(self, *args, **options):
        date = None
        if options.get("date"):
            try:
                date = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        batch = build_batch(date=date)
        if batch is None:
            self.stdout.write("no letters waiting")
            return
        self.stdout.write(
            f"batch {batch.number}: {batch.letter_count} letters, {batch.page_count} pages "
            f"({batch.pdf.name}, {batch.manifest.name})"
        )
