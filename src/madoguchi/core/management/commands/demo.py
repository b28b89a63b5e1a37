from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from madoguchi.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo city (idempotent). Refused in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "デモデータは本番環境には読み込めません / the demo city cannot be loaded in production."
            )
        load_demo(say=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("デモ市を読み込みました / demo city loaded"))
