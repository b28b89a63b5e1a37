"""`madoguchi payments reconcile [--date YYYY-MM-DD] [--out FILE.csv]` and `madoguchi payments sync`."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from madoguchi.delivery import services


class Command(BaseCommand):
    help = "Fee payments: the daily reconciliation CSV by procedure; sync pending payments."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rec = sub.add_parser("reconcile", help="daily reconciliation CSV (JST day, default yesterday)")
        rec.add_argument("--date", help="YYYY-MM-DD (JST)")
        rec.add_argument("--out", help="file to write (default: standard output)")
        sub.add_parser("sync", help="ask the provider about payments whose webhook has not arrived")

    def handle(self, *args, action, **options):
        if action == "sync":
            self.stdout.write(f"synced {services.sync_pending_payments()} payment(s)")
            return
        try:
            day = (
                datetime.date.fromisoformat(options["date"])
                if options.get("date")
                else timezone.localdate() - datetime.timedelta(days=1)
            )
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        text = services.reconciliation_csv(day)
        if options.get("out"):
            Path(options["out"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"{options['out']}: {day}")
        else:
            self.stdout.write(text, ending="")
