"""make mutate: the mutation gate on the security core, module by module (docs/quality/mutation.md).

    python scripts/mutate.py                 # every module in pyproject [tool.madoguchi.mutate]
    python scripts/mutate.py mynumber audit  # some of them
    python scripts/mutate.py --survivors signatures  # only the recorded survivors, after new tests

Runs `mutmut run` once per module, from a fresh `mutants/` copy, with only that module's tests as
the selection (its `tests`; each mutant then runs the selected tests that execute its function).
Prints per module: killed (a test failed or timed out), survived, no test, and the surviving
mutants' names (`mutmut show NAME` prints the change); writes the counts to
docs/quality/mutation-results.json. With --survivors, only the mutants that survived the
recorded run are run again (against the tests as they are now) and its kills carried forward
(`full_run` is the date of the run that tried every mutant). Exits 1 when a survivor (or a mutant
no test reaches) has no reason in docs/quality/mutation-survivors.toml, or one was left unchecked.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUALITY = ROOT / "docs" / "quality"
REASONS = QUALITY / "mutation-survivors.toml"
RESULTS = QUALITY / "mutation-results.json"
# mutmut's exit-code meanings (mutmut.stats.status_by_exit_code): 1/3 killed, 0 survived, timeouts.
KILLED, SURVIVED, NO_TEST, TIMEOUT = {1, 3}, {0}, {5, 33}, {24, -24, 36, 152, 255}
# mutmut reads its test selection from pyproject once per process; this sets the module's own
# before `mutmut run` starts (the list in [tool.mutmut] stays the selection of a bare `mutmut run`).
LAUNCH = """
import json, sys
from mutmut.__main__ import cli
from mutmut.configuration import config
config().pytest_add_cli_args_test_selection = json.loads(sys.argv[1])
cli(sys.argv[2:])
"""


def modules() -> dict[str, dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["madoguchi"]["mutate"]


def results() -> dict[str, int | None]:
    found = {}
    for meta in (ROOT / "mutants").rglob("*.meta"):
        found.update(json.loads(meta.read_text())["exit_code_by_key"])
    return found


def short(mutant: str) -> str:
    """x_function__mutmut_N or xǁClassǁmethod__mutmut_N: the name without its module."""
    return mutant.rsplit(".", 1)[-1]


def run_module(name: str, module: dict, children: str, earlier: dict | None = None) -> dict | None:
    """Run the module's mutants, or with `earlier` (its recorded result) only the survivors of it."""
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)  # mutmut keeps stale copies of changed tests
    prefix = module["mutants"].rsplit(".", 1)[0]  # the module's dotted path
    wanted = [f"{prefix}.{m}" for m in earlier["survived"] + earlier["no_test"]] if earlier else []
    if earlier and not wanted:
        return earlier
    command = [sys.executable, "-c", LAUNCH, json.dumps(module["tests"]), "run", "--max-children", children]
    env = dict(os.environ)
    if children == "1":  # one mutant at a time: they may share a kept test database (mutation_plugin)
        env["MUTATE_TEST_DB"] = str(ROOT / "mutants" / "test-db.sqlite3")
    run = subprocess.run([*command, *(wanted or [module["mutants"]])], cwd=ROOT, env=env)  # noqa: S603
    if run.returncode not in (0, 1):
        print(f"{name}: mutmut failed ({run.returncode})")
        return None
    found = results()
    mine = {k: found.get(k) for k in wanted} or {
        k: v for k, v in found.items() if fnmatch.fnmatchcase(k, module["mutants"])
    }
    if not mine or all(v is None for v in mine.values()):  # mutmut crashed or stopped (a failing test)
        print(f"{name}: no mutant was tested; see mutmut's output above")
        return None
    killed = sum(v in KILLED or v in TIMEOUT for v in mine.values())
    return {
        "date": datetime.date.today().isoformat(),
        "tests": module["tests"],
        "mutants": earlier["mutants"] if earlier else len(mine),
        "killed": killed + (earlier["killed"] if earlier else 0),
        "survived": sorted(short(k) for k, v in mine.items() if v in SURVIVED),
        "no_test": sorted(short(k) for k, v in mine.items() if v in NO_TEST),
        "other": {short(k): v for k, v in mine.items() if v not in KILLED | TIMEOUT | SURVIVED | NO_TEST},
        "full_run": earlier["full_run"] if earlier else datetime.date.today().isoformat(),
    }


def check(name: str, result: dict, reasons: dict[str, str]) -> int:
    """Print the module's counts and survivors; return how many lack a written reason."""
    survivors = result["survived"] + result["no_test"]
    print(
        f"\n{name}: {result['mutants']} mutants, {result['killed']} killed, {len(result['survived'])} survived,"
        f" {len(result['no_test'])} no test, {len(result['other'])} other"
    )
    missing = 0
    for mutant in survivors:
        reason = reasons.get(mutant, "").strip()
        missing += not reason
        kind = "no test " if mutant in result["no_test"] else "survived"
        print(f"  {kind} {mutant}  ({reason or 'NO WRITTEN REASON'})")
    for mutant, code in result["other"].items():
        print(f"  unchecked {mutant} (mutmut exit code {code})")
    for mutant in sorted(set(reasons) - set(survivors)):
        print(f"  note: {mutant} has a reason but no longer survives; drop it from {REASONS.name}")
    return missing + len(result["other"])


def main(names: list[str]) -> int:
    rerun = "--survivors" in names
    names = [n for n in names if n != "--survivors"]
    table = modules()
    unknown = [n for n in names if n not in table]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; known: {', '.join(table)}")
        return 2
    children = os.environ.get("MUTATE_CHILDREN", "1")
    reasons = tomllib.loads(REASONS.read_text(encoding="utf-8")) if REASONS.exists() else {}
    recorded = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    failing = 0
    for name in names or list(table):
        if rerun and name not in recorded:
            print(f"{name}: no recorded result to take the survivors from; run it whole first")
            return 2
        result = run_module(name, table[name], children, recorded[name] if rerun else None)
        if result is None:
            return 1
        recorded[name] = result
        RESULTS.write_text(json.dumps(recorded, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        failing += check(name, result, reasons.get(name, {}))
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
