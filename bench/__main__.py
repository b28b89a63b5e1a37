"""`make bench`: the load scenarios, then the durability drill; results in bench/results/."""

import contextlib
import io
import json
import sys
import time

from . import drill, load
from .common import RESULTS, machine


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
        results = load.run()
        outcome = drill.run(prepare=False)
    (RESULTS / f"{stamp}.txt").write_text(captured.getvalue())
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps({"machine": description, "load": results, "drill": outcome}, ensure_ascii=False, indent=2)
    )
    print(f"results: bench/results/{stamp}.txt, .json")
    if (
        outcome["found"] != outcome["acknowledged"]
        or outcome["duplicates"]
        or outcome["effects"] != outcome["acknowledged"]
    ):
        raise SystemExit(1)


main()
