from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from madoguchi.privacy import services


class Command(BaseCommand):
    help = (
        "Personal-information protection. `privacy register --format csv` prints the register of "
        "personal-information files (個人情報ファイル簿), one row per personal field of every model; `privacy review-access` runs the access review now."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        register = sub.add_parser("register", help="the 個人情報ファイル簿 as CSV")
        register.add_argument("--format", choices=["csv"], default="csv")
        register.add_argument(
            "--public", action="store_true", help="only the published part (without exempt files)"
        )

        review = sub.add_parser("review-access", help="scan the audit log for unusual staff reads")
        review.add_argument("--hours", type=int, default=2, help="how far back to look (default 2)")

    def handle(self, *args, action, **options):
        if action == "register":
            self.stdout.write(services.register_csv(public_only=options["public"]), ending="")
        elif action == "review-access":
            until = timezone.now()
            alerts = services.scan_access(since=until - timedelta(hours=options["hours"]), until=until)
            self.stdout.write(f"access review: {len(alerts)} alert(s) raised or extended")
