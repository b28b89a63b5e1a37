from django.core.management.base import BaseCommand

from madoguchi.core.mynumber import rotate_keys


class Command(BaseCommand):
    help = "Re-encrypt personal data with the newest key in MADOGUCHI_FIELD_KEYS."

    def handle(self, *args, **options):
        self.stdout.write(f"re-encrypted {rotate_keys()} values")
