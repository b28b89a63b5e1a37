"""郵送通知: letters queued for residents no electronic channel reaches, and the daily batch that
prints them — one PDF for the print room (A4, tri-folded into a 長3 window envelope, the address
and the customer barcode in the window) and a manifest (CSV) to check the envelopes against.

The window measurements are in `layout` below and in docs/notices.md."""

from __future__ import annotations

import base64
import csv
import datetime
import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from madoguchi.core import access
from madoguchi.core.events import record_event
from madoguchi.core.models import Department, Municipality

from .. import barcode
from ..events import Verb
from ..models import Delivery, Letter, LetterBatch

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logger = logging.getLogger("madoguchi.notices")

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "notices" / "letter.css"


@dataclass(frozen=True)
class WindowLayout:
    """Millimetres. The envelope: 長形3号 120 × 235, read landscape (the address runs along the
    long side), flap at the right. Its address window (the common 長3 window): 90 × 45, 23 from
    the left edge, 13 from the top edge. The A4 sheet is tri-folded (three panels of 99 mm) with
    the top panel facing the window; the sheet can slide a few millimetres in the envelope, so
    the printed address block is smaller than the window: 80 × 38 at 25 from the sheet's left
    and 17 from its top, inside the window for any shift up to 2 mm left, 8 mm right, 4 mm up
    and 3 mm down."""

    envelope: tuple[float, float] = (235, 120)
    window: tuple[float, float, float, float] = (23, 13, 90, 45)  # left, top, width, height
    block: tuple[float, float, float, float] = (25, 17, 80, 38)
    fold: float = 99  # each panel of the tri-folded A4

    def block_inside_window(self, shift_x: float = 0, shift_y: float = 0) -> bool:
        wx, wy, ww, wh = self.window
        bx, by, bw, bh = self.block
        bx, by = bx + shift_x, by + shift_y
        return wx <= bx and bx + bw <= wx + ww and wy <= by and by + bh <= wy + wh


layout = WindowLayout()


def mailroom() -> Department:
    """The department that prints and posts the city's letters (MADOGUCHI_NOTICES_MAILROOM, the
    code of a department; 市民課 in the demo)."""
    code = getattr(settings, "MADOGUCHI_NOTICES_MAILROOM", "shimin")
    department = (
        Department.objects.filter(code=code).first()
        or Department.objects.order_by("sort_order", "code").first()
    )
    if department is None:
        raise Http404("no department")
    return department


@transaction.atomic
def queue_letter(delivery: Delivery, *, subject: str, body: str) -> Letter:
    """The letter channel's "send": keep the letter for the next batch (once per delivery)."""
    person = delivery.notification.recipient
    existing = Letter.objects.filter(delivery=delivery).first()
    if existing is not None:
        return existing
    if person is None or not (person.postal_code and person.address):
        from madoguchi.core.notifications import PermanentFailure

        raise PermanentFailure("letter: no postal address")
    return Letter.objects.create(
        delivery=delivery,
        person=person,
        name=person.full_name,
        postal_code=person.postal_code,
        address=person.address,
        subject=subject,
        body=body,
    )


def waiting() -> int:
    return Letter.objects.filter(batch__isnull=True).count()


def build_batch(*, date: datetime.date | None = None, by=None) -> LetterBatch | None:
    """Print every letter not yet printed: one PDF and one manifest, numbered `date`-`sequence`.
    None when no letter is waiting. The letters' deliveries become "printed"."""
    date = date or timezone.localdate()
    with transaction.atomic():
        letters = list(
            Letter.objects.select_for_update(skip_locked=True)
            .filter(batch__isnull=True)
            .order_by("created_at", "pk")
        )
        if not letters:
            return None
        sequence = (LetterBatch.objects.filter(date=date).aggregate(m=Max("sequence"))["m"] or 0) + 1
        batch = LetterBatch.objects.create(department=mailroom(), date=date, sequence=sequence, created_by=by)
        for position, letter in enumerate(letters, start=1):
            letter.batch, letter.position = batch, position
        pdf, pages = render_batch(batch, letters)
        for letter, count in zip(letters, pages, strict=True):
            letter.pages = count
            letter.save(update_fields=["batch", "position", "pages"])
        batch.letter_count, batch.page_count = len(letters), sum(pages)
        batch.pdf.save(f"letters-{batch.number}.pdf", ContentFile(pdf), save=False)
        batch.manifest.save(
            f"letters-{batch.number}.csv", ContentFile(manifest_csv(batch, letters)), save=False
        )
        batch.save()
        Delivery.objects.filter(letter__in=letters).update(
            status=Delivery.Status.PRINTED, updated_at=timezone.now()
        )
        record_event(
            batch,
            verb=Verb.LETTER_BATCH_BUILT,
            actor=by,
            data={"letters": batch.letter_count, "pages": batch.page_count},
        )
    return batch


MANIFEST_HEADER = ["番号", "郵便番号", "住所", "宛名", "件名", "枚数", "カスタマバーコード", "通知ID"]


def manifest_csv(batch: LetterBatch, letters: list[Letter]) -> bytes:
    """The manifest: one row per letter in print order (UTF-8 with BOM, for Excel)."""
    from madoguchi.core.csvsafe import cell as safe_cell

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MANIFEST_HEADER)
    for letter in letters:
        writer.writerow(
            [
                f"{batch.number}-{letter.position:04d}",
                letter.postal_code,
                safe_cell(letter.address),
                safe_cell(letter.name),
                safe_cell(letter.subject),
                letter.pages,
                "".join(_code(letter)[1:-1]),
                letter.delivery.notification_id,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode()


def _code(letter: Letter) -> list[str]:
    try:
        return barcode.customer_code(letter.postal_code, letter.address)
    except ValueError:
        return []


def letter_html(batch: LetterBatch, letter: Letter) -> str:
    code = _code(letter)
    city = Municipality.current()
    with translation.override("ja"):  # letters from the city are written in Japanese
        return render_to_string(
            "notices/letter.html",
            {
                "batch": batch,
                "letter": letter,
                "city": city,
                "layout": layout,
                "barcode_uri": "data:image/svg+xml;base64,"
                + base64.b64encode(barcode.svg(code).encode()).decode()
                if code
                else "",
                "paragraphs": [p for p in letter.body.split("\n\n") if p.strip()],
            },
        )


def render_batch(batch: LetterBatch, letters: list[Letter]) -> tuple[bytes, list[int]]:
    """One PDF for the batch, each letter rendered on its own (its pages numbered "1 / 2" on their
    own), and the page count of each letter."""
    from weasyprint import HTML

    font_config, stylesheet = _fonts_and_stylesheet()
    documents = [
        HTML(string=letter_html(batch, letter), base_url=str(STYLESHEET.parent)).render(
            stylesheets=[stylesheet], font_config=font_config
        )
        for letter in letters
    ]
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf()
    return pdf, [len(document.pages) for document in documents]


_local = threading.local()


def _fonts_and_stylesheet():
    if not hasattr(_local, "fonts"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        _local.fonts = (font_config, CSS(filename=str(STYLESHEET), font_config=font_config))
    return _local.fonts


# --- staff -----------------------------------------------------------------------------------------


def works_in_mailroom(user) -> bool:
    """Whether the letters pages are open to this user (the staff menu shows them only then)."""
    department = mailroom()
    return department is not None and access.can(user, access.NOTICES_LETTERS, department)


def require_mailroom(user) -> Department:
    """Staff pages of letters: the permission notices.letters in the mailroom department."""
    department = mailroom()
    access.require(user, access.NOTICES_LETTERS, department=department)
    return department


def batches_for(user):
    department = require_mailroom(user)
    return LetterBatch.objects.filter(department=department)


def batch_for(user, pk: int) -> LetterBatch:
    department = require_mailroom(user)
    batch = LetterBatch.objects.filter(pk=pk, department=department).first()
    if batch is None:
        raise Http404
    return batch


def build_batch_as(user, *, date: datetime.date | None = None) -> LetterBatch | None:
    require_mailroom(user)
    return build_batch(date=date, by=user)


def can_see(user) -> bool:
    try:
        require_mailroom(user)
    except (PermissionDenied, Http404):
        return False
    return True
