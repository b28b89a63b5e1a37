"""Time to render (WeasyPrint) and sign (pyHanko PAdES) one 罹災証明書. Goal: < 300 ms.

    .venv/bin/python bench/certificate_sign.py [--runs 10]

Uses the test PKI in a temporary directory and an unsaved demo city, so it touches no database.
Prints the median and best of each step and the ratio of the median total to the goal.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 300.0


def setup_django(pki_dir: str | None = None) -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    if pki_dir:
        os.environ["MADOGUCHI_PKI_DIR"] = pki_dir
    import django

    django.setup()


def run(runs: int = 10) -> dict:
    """Render and sign `runs` times after one warm-up; returns timings in milliseconds."""
    from madoguchi.delivery.documents import render, signing
    from madoguchi.delivery.services import demo_city, risai_context

    city = demo_city()
    context = {
        "title": "罹災証明書",
        "city": city,
        "mayor_name": "",
        "issued_on_wareki": "令和8(2026)年11月25日",
        "sample": True,
        **risai_context(
            household_head="国分\u3000太郎",
            property_address="東京都国分寺市本町二丁目1番1号",
            disaster_name="令和8年台風第15号",
            disaster_date=datetime.date(2026, 9, 8),
            damage_level="半壊",
            inundation="床上浸水",
            purpose="被災者生活再建支援金の申請",
        ),
    }
    renders, signs, cpu = [], [], []
    for index in range(runs + 1):
        number = f"R8-RS-{index:06d}-BNCH"
        c0 = time.process_time()
        t0 = time.perf_counter()
        pdf = render.render_pdf("delivery/documents/risai.html", {**context, "number": number})
        t1 = time.perf_counter()
        signing.sign_pdf(pdf, number=number, city_name=city.name)
        t2 = time.perf_counter()
        c2 = time.process_time()
        if index:  # the first run loads fonts and keys
            renders.append((t1 - t0) * 1000)
            signs.append((t2 - t1) * 1000)
            cpu.append((c2 - c0) * 1000)
    totals = [r + s for r, s in zip(renders, signs, strict=True)]
    return {
        "runs": runs,
        "render_ms": statistics.median(renders),
        "sign_ms": statistics.median(signs),
        "total_ms": statistics.median(totals),
        "best_total_ms": min(totals),
        "cpu_ms": statistics.median(cpu),  # less sensitive to other processes on a busy machine
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as pki_dir:
        setup_django(os.environ.get("MADOGUCHI_PKI_DIR") or pki_dir)
        result = run(args.runs)
    print(
        f"certificate render+sign ({result['runs']} runs, median): render {result['render_ms']:.0f} ms, "
        f"sign {result['sign_ms']:.0f} ms, total {result['total_ms']:.0f} ms "
        f"(best {result['best_total_ms']:.0f} ms, CPU {result['cpu_ms']:.0f} ms); "
        f"goal {GOAL_MS:.0f} ms → ratio {result['total_ms'] / GOAL_MS:.2f} (CPU {result['cpu_ms'] / GOAL_MS:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
