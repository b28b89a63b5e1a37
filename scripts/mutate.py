"""make mutate: the mutation gate on the security core, module by module (docs/quality/mutation.md).

    python scripts/mutate.py                 # every module in pyproject [tool.madoguchi.mutate]
    python scripts/mutate.py mynumber audit  # some of them

Runs `mutmut run` once per module (its mutants only; each mutant against the selected tests that
execute its function), then prints per module: killed (a test failed or timed out), survived, and
the surviving mutants' names (`mutmut show NAME` prints the change). Exits 1 when a module has a
survivor that docs/quality/mutation.md does not name with its reason.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).parent / "mutmut"
REPORT = ROOT / "docs" / "quality" / "mutation.md"
# mutmut's exit-code meanings (mutmut.stats.status_by_exit_code): 1/3 killed, 0 survived, timeouts.
KILLED, SURVIVED, TIMEOUT = {1, 3}, {0}, {24, -24, 36, 152, 255}


def modules() -> dict[str, str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["madoguchi"]["mutate"]


def results() -> dict[str, int | None]:
    found = {}
    for meta in (ROOT / "mutants").rglob("*.meta"):
        found.update(json.loads(meta.read_text())["exit_code_by_key"])
    return found


def main(names: list[str]) -> int:
    table = modules()
    unknown = [n for n in names if n not in table]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; known: {', '.join(table)}")
        return 2
    children = os.environ.get("MUTATE_CHILDREN", "1")
    explained = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    unexplained = 0
    for name in names or list(table):
        pattern = table[name]
        run = subprocess.run([str(MUTMUT), "run", "--max-children", children, pattern], cwd=ROOT)  # noqa: S603
        if run.returncode not in (0, 1):
            print(f"{name}: mutmut failed ({run.returncode})")
            return run.returncode
        mine = {k: v for k, v in results().items() if fnmatch.fnmatchcase(k, pattern)}
        killed = sum(v in KILLED or v in TIMEOUT for v in mine.values())
        survived = sorted(k for k, v in mine.items() if v in SURVIVED)
        other = len(mine) - killed - len(survived)
        if not mine or other == len(mine):  # mutmut crashed or stopped before testing (a failing test)
            print(f"{name}: no mutant was tested; see mutmut's output above")
            return 1
        print(f"\n{name}: {len(mine)} mutants, {killed} killed, {len(survived)} survived, {other} other")
        for mutant in survived:
            short = mutant.rsplit(".", 1)[-1].rsplit("ǁ", 1)[-1]  # x_function__mutmut_N or method__mutmut_N
            named = re.search(re.escape(short) + r"(?!\d)", explained) is not None  # _7 is not _70
            reason = "explained" if named else "NO WRITTEN REASON"
            unexplained += not named
            print(f"  survived {mutant}  ({reason})")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
