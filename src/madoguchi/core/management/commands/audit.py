from django.core.management.base import BaseCommand, CommandError

from madoguchi.core import audit
from madoguchi.core.monitoring.business import record_audit_verification


class Command(BaseCommand):
    help = "Audit log tools. `audit verify` checks the hash chain and names the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        result = audit.verify()
        record_audit_verification(ok=result.ok, checked=result.checked)  # for /metrics
        if not result.ok:
            raise CommandError(
                f"audit chain broken at entry {result.broken_seq}: {result.reason} ({result.checked} entries ok before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain ok: {result.checked} entries"))
