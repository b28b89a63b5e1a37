"""`madoguchi paper ocr-field IMAGE --kind digits [--json]`: read one field's image with the
configured OCR engine and print the value and its confidence (for operators checking the engine)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from madoguchi.paper.fields import FieldKind

KINDS = [kind.value for kind in FieldKind]


class Command(BaseCommand):
    # Reading an image needs neither the URLconf nor the database: skip the system checks (faster).
    requires_system_checks: list = []
    help = "Paper forms (AI-OCR): `ocr-field IMAGE --kind KIND [--json]` reads one field image."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ocr = sub.add_parser("ocr-field", help="read one field image (PNG, JPEG, TIFF or a scanned PDF)")
        ocr.add_argument("image", help="the field's image file")
        ocr.add_argument("--kind", required=True, choices=KINDS, help="what the field holds")
        ocr.add_argument("--json", action="store_true", help='print {"value": …, "confidence": 0–1}')
        resume = sub.add_parser("resume", help="re-queue scan batches whose worker stopped")
        resume.add_argument(
            "--older-than", type=int, default=10, help="minutes without progress (default 10)"
        )

    def handle(self, *args, action, **options):
        if action == "resume":
            from madoguchi.paper import services

            count = services.resume_stuck_batches(older_than_minutes=options["older_than"])
            self.stdout.write(f"{count}件のバッチを再開しました。")
            return
        self.ocr_field(options["image"], options["kind"], as_json=options["json"])

    def ocr_field(self, image: str, kind: str, *, as_json: bool) -> None:
        from madoguchi.paper import imaging
        from madoguchi.paper.engines import read_field

        path = Path(image)
        if not path.is_file():
            raise CommandError(f"画像ファイルが見つかりません: {path}")
        try:
            pages = imaging.load_pages(path.read_bytes(), path.name)
            first = next(iter(pages), None)
        except imaging.BadScan as exc:
            raise CommandError(exc.message) from exc
        if first is None:
            raise CommandError(f"画像がありません: {path}")
        reading = read_field(first, FieldKind(kind))
        if as_json:
            self.stdout.write(_json({"value": reading.value, "confidence": reading.confidence}))
        else:
            self.stdout.write(f"{reading.value}\t{reading.confidence:.3f}")


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
