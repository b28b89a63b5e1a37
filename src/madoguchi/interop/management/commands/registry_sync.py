"""madoguchi registry_sync [FILE.csv ...]: take in the resident registry's standard-layout files
(without arguments: the exchange folder, as the scheduled sync does) and report the conflicts."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from madoguchi.interop import services


class Command(BaseCommand):
    help = "住民記録システムの連携ファイル（標準レイアウトのCSV）を取り込み、相違を一覧にする"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args, files, **options):
        if not files:
            results = services.sync()
        else:
            results = []
            for path in files:
                try:
                    results.append(services.import_file(path.name, path.read_bytes()))
                except (OSError, services.LayoutError) as error:
                    raise CommandError(f"{path}: {error}") from None
        for result in results:
            f = result.file
            self.stdout.write(
                f"{f.name} ({f.layout}): rows {f.rows}, updated {f.updated}, conflicts {f.conflicts}"
            )
