"""Seconds per scanned page for the AI-OCR pipeline (issue #19; goal ≤ 3 s/page on CPU).

    .venv/bin/python bench/ocr_speed.py [--forms 6]

Pipeline: paper.imaging.prepare_page (blank check, orientation, deskew, QR, registration) and
paper.engines.read_fields for every zone of the page. Baseline, measured in the same run on the same
pages: Tesseract reading the whole page once (pytesseract.image_to_string(page, lang="jpn")).
Pages come from paper/tests/synth.py (printed and scanned filled forms); one warm-up page first.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

GOAL_S = 3.0
PROCEDURES = ["tenshutsu", "jidou-teate-nintei", "kaigo-nintei", "hoiku-moushikomi", "risai-shomei"]


def setup_django() -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=6)
    args = parser.parse_args()
    setup_django()
    import pytesseract

    from madoguchi.paper import imaging
    from madoguchi.paper.engines import read_fields
    from madoguchi.paper.tests import synth

    pages = []
    for index in range(args.forms):
        rng = random.Random(index)
        _version, layout, _values, pdf = synth.filled_form(PROCEDURES[index % len(PROCEDURES)], index)
        scan = synth.random_scan(rng)
        scan.dpi = 300  # a scanner's usual setting; the pipeline scales it down itself
        pages.extend((layout, page) for page in synth.print_and_scan(pdf, scan, seed=index))

    def pipeline(layout, image) -> int:
        page = imaging.prepare_page(image)
        zones = layout.zones_on(page.page or 1)
        read_fields([(imaging.crop(page, zone), zone.kind) for zone in zones])
        return len(zones)

    pipeline(*pages[0])  # warm-up: models and fonts load once per process
    pytesseract.image_to_string(pages[0][1], lang="jpn")
    ours, whole, cpu, fields = [], [], [], 0
    for layout, image in pages:
        c0, t0 = time.process_time(), time.perf_counter()
        fields += pipeline(layout, image)
        t1 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        pytesseract.image_to_string(image, lang="jpn")
        whole.append(time.perf_counter() - t1)
        ours.append(t1 - t0)
    mean, base = statistics.mean(ours), statistics.mean(whole)
    print(
        f"pages: {len(pages)} ({args.forms} forms), fields read: {fields} ({fields / len(pages):.1f} a page)"
    )
    print(
        f"pipeline (prepare + all fields): {mean:.2f} s/page (median {statistics.median(ours):.2f}, max {max(ours):.2f})"
    )
    print(
        f"  in-process CPU: {statistics.mean(cpu):.2f} s/page (Tesseract runs in-process through its C API)"
    )
    print(f"baseline (whole page, image_to_string jpn): {base:.2f} s/page")
    print(
        f"ratio pipeline/baseline: {mean / base:.2f}   goal ≤ {GOAL_S:.0f} s/page: ratio {mean / GOAL_S:.2f}"
    )


if __name__ == "__main__":
    main()
