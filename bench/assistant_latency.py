"""The assistant's answer latency with 5,000 FAQ entries: p50/p95 of `answer()` in-process, beside
a baseline of one SQL lookup (Faq.objects.get(pk=…)) measured in the same run. Goal: p95 < 30 ms.

    .venv/bin/python bench/assistant_latency.py [--faqs 5000] [--runs 1000] [--keep FILE]

Builds a throw-away SQLite database with the demo city (departments, procedures, life events,
counter, the 300+ demo FAQs and synonyms), then synthesises FAQs up to `--faqs` by recombining
the demo ones (a question with a town or a situation added, another entry's answer, variants),
so the vocabulary and the lengths stay those of real entries. The index is built once (its build
time is printed); each timed call then runs the whole answer path: the version check in the
cache, Sudachi analysis of the question, the three BM25 fields, re-ranking and the Answer objects.
The questions are the evaluation questions, asked in turn, each analysed afresh.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 30.0
DATA = Path(__file__).resolve().parent / "data"
TOWNS = [
    "本町",
    "南町",
    "本多",
    "東恋ケ窪",
    "西恋ケ窪",
    "日吉町",
    "内藤",
    "北町",
    "光町",
    "高木町",
    "戸倉",
    "新町",
]
SITUATIONS = [
    "の場合",
    "（平日に来られないとき）",
    "（代理人のとき）",
    "（外国籍の方）",
    "（土日）",
    "（郵送）",
]


def setup_django(database_url: str) -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def synthesise(total: int, *, seed: int = 132144) -> int:
    """Add generated FAQs until there are `total`; returns how many were added."""
    from django.db import transaction

    from madoguchi.assistant.models import Faq, FaqVariant

    rng = random.Random(seed)
    demo = list(Faq.objects.filter(is_published=True).prefetch_related("variants"))
    have = Faq.objects.count()
    added = 0
    with transaction.atomic():
        while have + added < total:
            base, other = rng.choice(demo), rng.choice(demo)
            town = rng.choice(TOWNS)
            situation = rng.choice(SITUATIONS)
            faq = Faq.objects.create(
                key=f"bench-{added}",
                department_id=base.department_id,
                question=f"{town}{situation} {base.question}"[:200],
                question_en=base.question_en,
                answer=f"{base.answer} {town}にお住まいの方へ: {other.answer}",
                answer_en=base.answer_en,
                is_published=True,
            )
            variants = [v.text for v in base.variants.all()][:3]
            FaqVariant.objects.bulk_create([FaqVariant(faq=faq, text=f"{town} {text}") for text in variants])
            added += 1
    return added


def questions() -> list[str]:
    lines = (DATA / "assistant_questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faqs", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--keep", metavar="FILE", help="SQLite file to build once and reuse")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-") as tmp:
        fresh = not (args.keep and Path(args.keep).exists())
        setup_django(f"sqlite:///{args.keep or tmp + '/bench.sqlite3'}")
        os.environ.setdefault("MADOGUCHI_VAR_DIR", tmp)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from assistant_eval import load_city

        if fresh:
            load_city()
        synthesise(args.faqs)

        from madoguchi.assistant.models import Faq
        from madoguchi.assistant.retrieval import answer, get_index
        from madoguchi.assistant.retrieval.normalise import analyse

        started = time.perf_counter()
        index = get_index()
        build_s = time.perf_counter() - started
        # one FAQ edited: the next question rebuilds, re-analysing only that FAQ
        edited = Faq.objects.filter(key__startswith="bench-").first()
        edited.answer += " 変更しました。"
        edited.save()
        started = time.perf_counter()
        index = get_index()
        rebuild_s = time.perf_counter() - started
        asked = questions()
        pks = list(Faq.objects.values_list("pk", flat=True))
        rng = random.Random(7)
        for question in asked[:20]:  # warm: first calls load the dictionary's pages
            answer(question)
        timings, baseline = [], []
        for run in range(args.runs):
            question = asked[run % len(asked)]
            analyse.cache_clear()  # each question analysed afresh, as a new resident's would be
            t0 = time.perf_counter()
            answer(question)
            timings.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            Faq.objects.get(pk=rng.choice(pks))
            baseline.append((time.perf_counter() - t0) * 1000)
    faqs = sum(1 for doc in index.docs if doc.source == "faq")
    p95, base95 = percentile(timings, 95), percentile(baseline, 95)
    print(
        f"index: {len(index.docs):,} docs ({faqs:,} FAQs) built in {build_s:.1f} s; "
        f"rebuilt after one FAQ edit in {rebuild_s:.1f} s"
    )
    print(
        f"answer() over {faqs:,} FAQs: p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, "
        f"max {max(timings):.2f} ms ({args.runs} calls)"
    )
    print(
        f"baseline Faq.objects.get(pk=…): p50 {statistics.median(baseline):.3f} ms, p95 {base95:.3f} ms; "
        f"answer p95 / lookup p95 = {p95 / base95:.1f}"
    )
    print(f"p95 / goal ({GOAL_MS:.0f} ms) = {p95 / GOAL_MS:.2f}")
    return 0 if p95 < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
