"""`madoguchi pki init` / `madoguchi pki export-root --out FILE`: the test PKI (identity.pki)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Test PKI: create it (init) or export its root certificate (export-root --out FILE)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("init", help="create the test root, intermediate, CRL, city and card certificates")
        export = sub.add_parser("export-root", help="write the root certificate as PEM")
        export.add_argument("--out", required=True, help="file to write (- for standard output)")

    def handle(self, *args, action, **options):
        from madoguchi.identity import pki

        if action == "init":
            current = pki.ensure_test_pki()
            self.stdout.write(f"テスト用認証局: {current.dir}")
            try:
                from madoguchi.identity.cards import card_holders

                pki.issue_card_certificates(card_holders(), say=self.stdout.write)
            except Exception as error:  # database not migrated yet: the CA alone is still useful
                self.stderr.write(f"署名用電子証明書は発行しませんでした: {error}")
            return
        pem = pki.root_certificate_pem()
        if options["out"] == "-":
            self.stdout.write(pem.decode())
            return
        out = Path(options["out"])
        try:
            out.write_bytes(pem)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error}") from error
        self.stdout.write(f"ルート証明書を書き出しました: {out}")
