"""`make bench`: the submit ratio (bench/submit_ratio.py, on SQLite and on PostgreSQL), the load
scenarios, then the durability drill (on a PostgreSQL cluster of its own, bench/drill.py); results
in bench/results/. Exits non-zero when the drill's reconciliation fails."""

import contextlib
import io
import json
import subprocess
import sys
import time

from . import drill, load
from .common import BIN, DEFAULT_DB, RESULTS, ROOT, machine


def submit_ratio() -> list[str]:
    """The submit/bare ratio on SQLite and on PostgreSQL, each in a process of its own (the script
    sets Django up with its own database)."""
    pg_name = "madoguchi_bench_submit"
    pg = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *pg, "--if-exists", pg_name], check=True)
    subprocess.run(["createdb", *pg, pg_name], check=True)
    lines = []
    for extra in ([], ["--database-url", DEFAULT_DB.rsplit("/", 1)[0] + "/" + pg_name]):
        command = [str(BIN / "python"), "bench/submit_ratio.py", *extra]
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
        print(out, end="")
        lines.append(out.strip().splitlines()[-1])
    return lines


class Tee(io.TextIOBase):
    def __init__(self, *streams):
        self.streams = streams

    def write(self, text):
        for stream in self.streams:
            stream.write(text)
        return len(text)


def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    captured = io.StringIO()
    description = machine()
    with contextlib.redirect_stdout(Tee(sys.stdout, captured)):
        print("machine:", json.dumps(description, ensure_ascii=False))
        ratios = submit_ratio()
        results = load.run()
        outcome = drill.run()
    (RESULTS / f"{stamp}.txt").write_text(captured.getvalue())
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps(
            {"machine": description, "submit_ratio": ratios, "load": results, "drill": outcome},
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"results: bench/results/{stamp}.txt, .json")
    if not outcome["ok"]:
        raise SystemExit(1)


main()
