from django.core.management.base import BaseCommand

from madoguchi.privacy import services


class Command(BaseCommand):
    help = (
        "Personal-information protection. `privacy register --format csv` prints the register of "
        "personal-information files (個人情報ファイル簿), one row per personal field of every model."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        register = sub.add_parser("register", help="the 個人情報ファイル簿 as CSV")
        register.add_argument("--format", choices=["csv"], default="csv")
        register.add_argument(
            "--public", action="store_true", help="only the published part (without exempt files)"
        )

    def handle(self, *args, action, **options):
        if action == "register":
            self.stdout.write(services.register_csv(public_only=options["public"]), ending="")
