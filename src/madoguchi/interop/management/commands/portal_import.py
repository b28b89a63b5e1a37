"""madoguchi portal_import [ARCHIVE ...]: take in archives delivered by ぴったりサービス (without
arguments: every archive waiting in the inbox folder). Re-importing creates nothing twice."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from madoguchi.interop import services


class Command(BaseCommand):
    help = "ぴったりサービスから届いた申請のアーカイブを取り込む（引数なし: 受信フォルダのすべて）"

    def add_arguments(self, parser):
        parser.add_argument("archives", nargs="*", type=Path)

    def handle(self, *args, archives, **options):
        services.seed_mappings()
        if not archives:
            results = services.import_inbox()
        else:
            results = []
            for path in archives:
                if not path.is_file():
                    raise CommandError(f"{path}: no such file")
                try:
                    results.append(services.import_archive(path.name, path.read_bytes()))
                except services.ArchiveError as error:
                    raise CommandError(f"{path}: {error}") from None
        for result in results:
            archive = result.archive
            self.stdout.write(
                f"{archive.name}: accepted {archive.created}, already taken in {archive.repeated}, "
                f"to review {archive.to_review}"
            )
