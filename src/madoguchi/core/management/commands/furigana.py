import json

from django.core.management.base import BaseCommand

from madoguchi.core.furigana import city_code
from madoguchi.core.japanese.furigana import reading, ruby_html, segments


class Command(BaseCommand):
    help = "Readings (ふりがな) for a text, as the pages show them with ?furigana=on: the reading in hiragana, --html for the ruby markup, --json for the pieces."

    def add_arguments(self, parser):
        parser.add_argument("text")
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--html", action="store_true", help="the <ruby> markup")
        output.add_argument(
            "--json", action="store_true", help='{"reading": …, "segments": [[text, reading], …]}'
        )

    def handle(self, *args, text, html, json: bool, **options):
        city = city_code()
        if html:
            self.stdout.write(ruby_html(text, city))
        elif json:
            pieces = [[s.text, s.reading] for s in segments(text, city)]
            self.stdout.write(_dumps({"reading": reading(text, city), "segments": pieces}))
        else:
            self.stdout.write(reading(text, city))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
