"""The architecture's rules that a machine can check (issue 15, docs/architecture.md).

- Views and API modules parse, call a service and respond: they never write a model themselves
  (`.save()`, `.delete()`, `.create()`, `.update()` on a queryset…). State changes live in
  `services`, which record the Event.
- No module under src/ (outside migrations and data) grows past 600 lines.
The import rules (layers, public modules, no cycles) are import-linter's: `make lint`.
"""

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "madoguchi"
VIEW_NAMES = {"views.py", "api.py", "staff_views.py"}
WRITES = {
    "save",
    "delete",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "update",
}
QUERYSET = re.compile(r"(\.objects\b|\.(filter|exclude|all|select_for_update|select_related)\()")
MAX_LINES = 600


def view_modules() -> list[Path]:
    found = []
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        if path.name in VIEW_NAMES or "views" in path.parent.name:
            found.append(path)
    return sorted(found)


def writes_in(path: Path, root: Path = SRC) -> list[str]:
    """Model writes in one module: `x.save()`/`x.delete()` on anything but the session, and
    create/update calls on a manager or queryset (a dict's `.update()` is fine)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, ast.unparse(node.func.value)
        if method not in WRITES or receiver.startswith("request.session"):
            continue
        if method in {"save", "delete"} or QUERYSET.search(receiver + "."):
            problems.append(f"{path.relative_to(root)}:{node.lineno}: {receiver}.{method}()")
    return problems


def test_the_check_finds_a_write(tmp_path):
    """The AST check itself: a view that saves is reported, a dict update is not."""
    sample = tmp_path / "views.py"
    sample.write_text(
        "def view(request):\n"
        "    context = {}\n    context.update(a=1)\n"
        "    Thing.objects.filter(pk=1).update(state='x')\n"
        "    thing.save(update_fields=['state'])\n",
        encoding="utf-8",
    )
    found = [line.split(": ", 1)[1] for line in writes_in(sample, tmp_path)]
    assert found == ["Thing.objects.filter(pk=1).update()", "thing.save()"]


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_views_change_nothing_themselves(path):
    problems = writes_in(path)
    assert not problems, "move these into the app's services (with an Event):\n" + "\n".join(problems)


def test_no_module_over_600_lines():
    long = []
    for path in SRC.rglob("*.py"):
        if {"migrations", "data"} & set(path.parts):
            continue
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            long.append(f"{path.relative_to(SRC)}: {lines}")
    assert not long, "split along the module's banners into a package that re-exports:\n" + "\n".join(long)
