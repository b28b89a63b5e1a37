"""`madoguchi paper_batches resume [--minutes N]`: re-queue scan batches whose worker died (queued
or running with no sign of life for N minutes); pages already read are kept."""

from django.core.management.base import BaseCommand

from madoguchi.paper import services


class Command(BaseCommand):
    help = "Re-queue stuck paper scan batches (a worker died); pages already read are skipped."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        resume = sub.add_parser("resume", help="re-queue batches with no worker activity for --minutes")
        resume.add_argument("--minutes", type=int, default=10)

    def handle(self, *args, action: str, **options):
        if action == "resume":
            count = services.resume_stuck_batches(older_than_minutes=options["minutes"])
            self.stdout.write(f"re-queued {count} batch(es)")
