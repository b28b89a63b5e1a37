"""The assistant's retrieval against resident questions: top-1 and top-3 hit rates. Goal: top-3 ≥ 90%.

    .venv/bin/python bench/assistant_eval.py [--part tuning|heldout|both] [--misses] [--keep FILE]

Two question files in bench/data, written from a topic plan before the FAQs existed, as residents
type (typos, kana only, colloquial, half width, no punctuation, English mixed):
assistant_questions.jsonl (the tuning part) and assistant_questions_heldout.jsonl (about 30%, run
only at the end). Each line: {"q": question, "faq": [FAQ keys], "procedure": [procedure codes]};
an answer hits when it is one of them.

Builds a throw-away SQLite database with the demo city's departments, procedures, life events,
counter and the assistant's demo FAQs and synonyms, then asks `assistant.retrieval.answer` each
question in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FILES = {"tuning": DATA / "assistant_questions.jsonl", "heldout": DATA / "assistant_questions_heldout.jsonl"}
GOAL_TOP3 = 0.90
LOADERS = ("city", "procedures", "lifeevent-procedures", "counter", "assistant-knowledge")


def setup_django(database_url: str) -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.config.settings")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def load_city() -> None:
    """The demo loaders the assistant answers from (city, procedures, life events, counter, FAQs)."""
    from madoguchi.core.demo import demo_loaders

    for loader in sorted(demo_loaders, key=lambda item: (item.order, item.code)):
        if loader.code in LOADERS:
            loader.load(lambda line: None)


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(questions: list[dict], *, show_misses: bool = False) -> dict:
    from madoguchi.assistant.models import Faq
    from madoguchi.assistant.retrieval import answer

    keys = dict(Faq.objects.values_list("pk", "key"))
    top1 = top3 = confident = 0
    for item in questions:
        wanted = set(item.get("faq") or []) | {f"procedure:{c}" for c in item.get("procedure") or []}
        result = answer(item["q"], limit=3)
        found = [
            keys.get(a.faq_id, "") if a.faq_id else f"{a.source}:{a.procedure_slug or a.title}"
            for a in result.answers
        ]
        got = [f in wanted or (f.startswith("procedure:") and f in wanted) for f in found]
        top1 += bool(got[:1] and got[0])
        top3 += any(got)
        confident += result.confident and bool(got[:1] and got[0])
        if show_misses and not any(got[:1]):
            scores = [a.score for a in result.answers]
            print(
                f"  miss{' (top-3 hit)' if any(got) else ''}: {item['q']!r} want {sorted(wanted)} got {found} {scores}"
            )
    n = len(questions)
    return {"n": n, "top1": top1 / n, "top3": top3 / n, "confident_right": confident / n}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["tuning", "heldout", "both"], default="both")
    parser.add_argument("--misses", action="store_true", help="print the questions whose top answer missed")
    parser.add_argument("--keep", metavar="FILE", help="SQLite file to build once and reuse")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-") as tmp:
        fresh = not (args.keep and Path(args.keep).exists())
        setup_django(f"sqlite:///{args.keep or tmp + '/bench.sqlite3'}")
        os.environ.setdefault("MADOGUCHI_VAR_DIR", tmp)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if fresh:
            load_city()
        else:  # the FAQ files may have changed since the database was built
            from madoguchi.assistant.demo import load_knowledge

            load_knowledge()
        parts = ["tuning", "heldout"] if args.part == "both" else [args.part]
        ok = True
        for part in parts:
            result = evaluate(read(FILES[part]), show_misses=args.misses)
            ok = ok and result["top3"] >= GOAL_TOP3
            print(
                f"{part:8s} {result['n']:4d} questions: top-1 {result['top1']:.1%}, top-3 {result['top3']:.1%} "
                f"(goal ≥ {GOAL_TOP3:.0%}); top answer right and confident {result['confident_right']:.1%}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
