from django.core.management.base import BaseCommand

from madoguchi.applications.push import run_all


class Command(BaseCommand):
    help = "プッシュ型案内: send invitations whose time has come and expire those past their deadline."

    def handle(self, *args, **options):
        for code, count in run_all().items():
            self.stdout.write(f"{code}: {count}")
