from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from madoguchi.privacy import services


class Command(BaseCommand):
    help = (
        "Personal-information protection. `privacy register --format csv` prints the register of "
        "personal-information files (個人情報ファイル簿), one row per personal field of every model; "
        "`privacy review-access` runs the access review now; `privacy purge [--dry-run]` deletes or "
        "anonymises what is past retention (a killed run continues where it stopped)."
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

        purge = sub.add_parser("purge", help="delete or anonymise records past retention")
        purge.add_argument("--dry-run", action="store_true", help="list what would go; change nothing")
        purge.add_argument("--batch", type=int, default=services.PURGE_BATCH, help="records per transaction")
        purge.add_argument("--by", default="", help="the staff member's username (recorded on the run)")

        rotate = sub.add_parser("rotate-keys", help="re-encrypt My Numbers with the newest key (resumable)")
        rotate.add_argument("--background", action="store_true", help="queue the Celery job and return")
        rotate.add_argument("--status", action="store_true", help="show the progress of the last job")

    def handle(self, *args, action, **options):
        if action == "register":
            self.stdout.write(services.register_csv(public_only=options["public"]), ending="")
        elif action == "review-access":
            until = timezone.now()
            alerts = services.scan_access(since=until - timedelta(hours=options["hours"]), until=until)
            self.stdout.write(f"access review: {len(alerts)} alert(s) raised or extended")
        elif action == "purge":
            self._purge(options)
        elif action == "rotate-keys":
            self._rotate(options)

    def _rotate(self, options):
        from madoguchi.privacy import tasks

        if options["status"]:
            job = services.rotations().first()
            self.stdout.write(
                f"key rotation: {job.get_status_display()} {job.stage} {job.done}/{job.total} ({job.percent}%)"
                if job
                else "key rotation: never run"
            )
            return
        if options["background"]:
            tasks.rotate_keys.delay()
            self.stdout.write("key rotation queued; `madoguchi privacy rotate-keys --status` shows progress")
            return
        job = services.run_rotation(services.start_rotation())
        self.stdout.write(f"key rotation done: {job.done} value(s) re-encrypted")

    def _purge(self, options):
        if options["dry_run"]:
            found = services.plan()
            for item in found.items:
                self.stdout.write(f"{item.record_type}\t{item.record_id}\t{item.label}\t{item.procedure}")
            for (record_type, reason), n in sorted(found.skipped.items()):
                self.stdout.write(f"kept\t{record_type}\t{reason}\t{n}")
            self.stdout.write(f"dry run: {len(found.items)} record(s) would be removed; nothing changed")
            return
        if options["batch"] < 1:
            raise CommandError("--batch must be 1 or more")
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"no user {options['by']!r}")
        run = services.purge(by=by, batch_size=options["batch"])
        self.stdout.write(f"purge run {run.pk}: {run.counts.get('outcome', {})}")
