"""madoguchi plan load [FILE]: load (or update) the plan, its initiatives and indicators. Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from madoguchi.pdca.loader import DEFAULT_PLAN_FILE, load_plan, read_plan_file


class Command(BaseCommand):
    help = "計画データの読み込み（madoguchi plan load [FILE]）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="計画のJSONファイルを読み込む（何度実行しても同じ結果）")
        load.add_argument("file", nargs="?", default=str(DEFAULT_PLAN_FILE))

    def handle(self, *args, action, file=None, **options):
        if action == "load":
            try:
                data = read_plan_file(file)
            except (OSError, ValueError) as exc:
                raise CommandError(f"計画ファイルを読み込めません: {file}: {exc}") from exc
            load_plan(data, say=self.stdout.write)
