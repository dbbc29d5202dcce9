"""Dependencies point one way: no package imports one above it, so there is no import cycle between packages.

    dispatch  <  storage  <  scheduler  <  reports  <  handlers  <  bot

Every import counts, also one inside a function or under ``TYPE_CHECKING`` (a lazy import hides a cycle,
it does not remove it). And `import dispatch` loads no file reader (pypdf, python-docx, Pillow, OCR).
"""

from __future__ import annotations

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
