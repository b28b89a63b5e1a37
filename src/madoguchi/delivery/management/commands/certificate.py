"""`madoguchi certificate sample --out FILE.pdf`: a signed sample 罹災証明書 from the demo data."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from madoguchi.delivery.samples import sample_risai_certificate
from madoguchi.identity import pki


class Command(BaseCommand):
    help = "Signed certificates: `sample --out FILE.pdf` writes a signed sample 罹災証明書."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sample = sub.add_parser("sample", help="write a signed sample 罹災証明書")
        sample.add_argument("--out", required=True, help="where to write the PDF")

    def handle(self, *args, action, out, **options):
        try:
            pki.ensure_test_pki()
            document = sample_risai_certificate()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        path = Path(out)
        path.write_bytes(bytes(document.pdf))
        self.stdout.write(f"{path}: {document.title} {document.number} ({len(document.pdf):,} bytes, signed)")
