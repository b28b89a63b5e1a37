from django.core.management.base import BaseCommand

from madoguchi.opendata import search


class Command(BaseCommand):
    help = (
        "オープンデータ: `reindex` rewrites the search rows of every published dataset (after a bulk "
        "import or anything that changed datasets without going through the services)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reindex"])

    def handle(self, *args, **options):
        written = search.rebuild()
        self.stdout.write(f"search rows written: {written}")
