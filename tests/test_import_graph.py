"""Dependencies point one way: no package imports one above it, so there is no import cycle between packages.

    dispatch  <  storage  <  scheduler  <  reports  <  handlers  <  bot

Every import counts, also one inside a function or under ``TYPE_CHECKING`` (a lazy import hides a cycle,
it does not remove it). And `import dispatch` loads no file reader (pypdf, python-docx, Pillow, OCR).

Inside dispatch the stages of extraction point one way too (DISPATCH_LADDER):

    errors  <  core  <  time  <  model  <  doers  <  layout  <  clauses  <  extract, user, readers  <  dispatch

errors and model stay at the top of the folder as public API, but sit where their imports put them:
every stage may raise a DispatchError, and the result types (model) hold time's Recurrence and Urgency
while layout's Document holds model's Signer.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from astimports import imported

REPO = Path(__file__).resolve().parents[1]
LAYERS = ("dispatch", "storage", "scheduler", "reports", "handlers", "bot")


def _imports(package: str) -> list[tuple[str, int, str]]:
    """(file, line, imported project package) for every import of another project package in `package`."""
    found = []
    for path in sorted((REPO / package).rglob("*.py")):
        for line, name in imported(path):
            top = name.split(".")[0]
            if top in LAYERS and top != package:
                found.append((str(path.relative_to(REPO)), line, name))
    return found


@pytest.mark.parametrize("package", LAYERS)
def test_no_package_imports_one_above_it(package: str) -> None:
    rank = LAYERS.index(package)
    upward = [f"{file}:{line} imports {name}" for file, line, name in _imports(package)
              if LAYERS.index(name.split(".")[0]) > rank]
    assert upward == [], f"{package} may import only {LAYERS[:rank] or 'no project package'}"


def test_the_layers_are_really_used_that_way() -> None:
    """The test above would pass on empty folders: each layer does import the one it sits on."""
    edges = {(package, name.split(".")[0]) for package in LAYERS for _, _, name in _imports(package)}
    for below, above in (("dispatch", "storage"), ("storage", "scheduler"), ("scheduler", "handlers"),
                         ("storage", "handlers"), ("handlers", "bot"), ("reports", "handlers")):
        assert (above, below) in edges, f"{above} no longer imports {below}: update LAYERS"


def test_import_dispatch_loads_no_file_reader() -> None:
    code = ("import sys, dispatch; dispatch.extract('Kính gửi: Sở Y tế'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pypdf', 'docx', 'PIL', 'openpyxl', 'dispatch.readers') or m.startswith('dispatch.readers')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
    loaded = subprocess.run([sys.executable, "-c", "import sys, dispatch; dispatch.read; "
                             "print('dispatch.readers' in sys.modules)"],
                            cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "True", "dispatch.read loads the readers on first use"


# Inside dispatch: each group may import its own modules and the groups on lower rungs, never one on its
# rung or above. A group is a subpackage or a module left at the top of the folder ("__init__" is the
# package itself).
DISPATCH = REPO / "dispatch"
DISPATCH_LADDER: tuple[tuple[str, ...], ...] = (
    ("errors",),  # the exceptions: core.rules and time.calendar raise RulesError
    ("core",),  # text and rules, which every stage reads with
    ("time",),  # calendar, dates, deadlines, recurrence, urgency
    ("model",),  # the result types: they hold time's Recurrence and Urgency
    ("doers",),  # agencies, collectives, places, mentions and who leads
    ("layout",),  # header, structure, tables, sentences; Document holds model's Signer
    ("clauses",),  # the walk over the blocks and the drafts it makes
    ("extract", "user", "readers"),  # the pipeline; what a user types in the bot; file bytes -> text
    ("__init__",),  # the public API
)
TOP_MODULES = {"__init__", "model", "errors", "extract"}
# Imports that go up the ladder, each with the reason it has to. No order of the groups has fewer.
UPWARD_EXCEPTIONS = {
    # normalize() joins the rows of task tables cell by cell, and finding those rows is layout's work; the
    # import is lazy because layout.table reads rules, which fold with core.text (a cycle at load time).
    ("dispatch/core/text.py", "dispatch.layout.cells"),
    ("dispatch/core/text.py", "dispatch.layout.table"),
}


def _group(module: str) -> str:
    """The group of a dispatch module named "dispatch.core.text", "dispatch.model" or "dispatch"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _rung(group: str) -> int:
    return next(i for i, rung in enumerate(DISPATCH_LADDER) if group in rung)


def _dispatch_modules() -> list[tuple[str, str]]:
    """(file, module) for every module of dispatch."""
    found = []
    for path in sorted(DISPATCH.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        found.append((str(path.relative_to(REPO)), ".".join(parts[:-1] if parts[-1] == "__init__" else parts)))
    return found


def _dispatch_imports() -> list[tuple[str, str, int, str]]:
    """(file, its module, line, imported dispatch module) for every import of dispatch inside dispatch.
    `from dispatch import errors` names a submodule: it counts as an import of dispatch.errors."""
    found = []
    for file, module in _dispatch_modules():
        path = REPO / file
        names = {node.lineno: [alias.name for alias in node.names]
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "dispatch"}
        for line, name in imported(path):
            if name.split(".")[0] != "dispatch":
                continue
            submodules = [f"dispatch.{n}" for n in names.get(line, [])
                          if (DISPATCH / f"{n}.py").is_file() or (DISPATCH / n / "__init__.py").is_file()]
            found.extend((file, module, line, target) for target in submodules or [name])
    return found


def test_dispatch_stages_import_only_down_the_ladder() -> None:
    upward = []
    for file, module, line, target in _dispatch_imports():
        source, group = _group(module), _group(target)
        if source != group and _rung(group) >= _rung(source) and (file, target) not in UPWARD_EXCEPTIONS:
            upward.append(f"{file}:{line} ({source}) imports {target} ({group})")
    assert upward == [], f"inside dispatch a group imports only lower rungs of {DISPATCH_LADDER}"


def test_dispatch_upward_exceptions_are_still_needed() -> None:
    """An exception that no longer happens is taken off the list, so the list stays the truth."""
    seen = {(file, target) for file, _, _, target in _dispatch_imports()}
    assert not UPWARD_EXCEPTIONS - seen, f"no longer imported: {sorted(UPWARD_EXCEPTIONS - seen)}"


def test_every_dispatch_module_sits_on_the_ladder() -> None:
    """Only the public API and the pipeline stay at the top of dispatch/; the rest is in a stage's folder."""
    top = {path.stem for path in DISPATCH.glob("*.py")}
    assert top == TOP_MODULES, f"dispatch/ holds only {sorted(TOP_MODULES)}; move {sorted(top - TOP_MODULES)}"
    groups = {_group(module) for _, module in _dispatch_modules()}
    placed = {group for rung in DISPATCH_LADDER for group in rung}
    assert groups == placed, f"not on DISPATCH_LADDER: {sorted(groups - placed)}; gone: {sorted(placed - groups)}"
    for folder in DISPATCH.iterdir():
        if folder.is_dir() and any(folder.glob("*.py")):
            assert (folder / "__init__.py").is_file(), f"{folder.name} is not a package"


def test_the_dispatch_ladder_is_really_used_that_way() -> None:
    """The tests above would pass on empty folders: each stage does import the one below it."""
    edges = {(_group(module), _group(target)) for _, module, _, target in _dispatch_imports()}
    for above, below in (("core", "errors"), ("time", "core"), ("model", "time"), ("doers", "core"),
                         ("layout", "doers"), ("layout", "model"), ("clauses", "layout"), ("extract", "clauses"),
                         ("user", "time"), ("readers", "layout"), ("__init__", "extract"), ("__init__", "readers")):
        assert (above, below) in edges, f"{above} no longer imports {below}: update DISPATCH_LADDER"
