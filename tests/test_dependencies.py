"""Every package the code imports is declared, nothing is declared that nothing imports, and the locks are current.

The bot's packages may import only [project.dependencies]; tests, bench/ and scripts/ may also import the test
extra. requirements/run.txt and requirements/test.txt (uv pip compile, see scripts/install.sh) pin a version
that satisfies every declared requirement, and agree with each other.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from astimports import imported
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
RUNTIME = ("bot", "handlers", "dispatch", "reports", "scheduler", "storage")
TEST_SIDE = ("tests", "bench", "scripts")
# declared, never imported, on purpose (each says why in pyproject.toml or here)
NOT_IMPORTED = {"psycopg", "tzdata", "pytest-asyncio", "pytest-xdist", "ruff", "mypy"}


def _project() -> dict[str, list[Requirement]]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"run": [Requirement(r) for r in data["dependencies"]],
            "test": [Requirement(r) for r in data["optional-dependencies"]["test"]]}


def _imports(folders: tuple[str, ...]) -> dict[str, Path]:
    """Top-level module name -> one file importing it (standard library and relative imports left out)."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted((REPO / folder).rglob("*.py")):
            for _, name in imported(path):
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names:
                    found.setdefault(top, path)
    return found


def _local(module: str) -> bool:
    """A module of this repository: a package of the project or a helper file beside the tests."""
    if module in RUNTIME:
        return True
    return any(path.stem == module and (path.suffix == ".py" or path.is_dir())
               for folder in TEST_SIDE for path in (REPO / folder).rglob(f"{module}*"))


def _distributions(imports: dict[str, Path]) -> dict[str, Path]:
    by_module = importlib.metadata.packages_distributions()
    out: dict[str, Path] = {}
    for module, path in imports.items():
        if _local(module):
            continue
        assert module in by_module, f"{path.relative_to(REPO)} imports {module}, which no installed package provides"
        for dist in by_module[module]:
            out.setdefault(str(canonicalize_name(dist)), path)
    return out


def _names(requirements: list[Requirement]) -> set[str]:
    return {str(canonicalize_name(r.name)) for r in requirements}


def test_the_bot_imports_only_declared_packages() -> None:
    declared = _names(_project()["run"])
    missing = {d: str(p.relative_to(REPO)) for d, p in _distributions(_imports(RUNTIME)).items() if d not in declared}
    assert missing == {}, "add these to [project.dependencies]"


def test_tests_import_only_declared_packages() -> None:
    project = _project()
    declared = _names(project["run"]) | _names(project["test"])
    used = _distributions(_imports(TEST_SIDE))
    missing = {d: str(p.relative_to(REPO)) for d, p in used.items() if d not in declared}
    assert missing == {}, "add these to the test extra"


def test_every_declared_package_is_imported_where_it_is_declared() -> None:
    project = _project()
    runtime = set(_distributions(_imports(RUNTIME)))
    everywhere = runtime | set(_distributions(_imports(TEST_SIDE)))
    unused_run = _names(project["run"]) - runtime - NOT_IMPORTED
    unused_test = _names(project["test"]) - everywhere - NOT_IMPORTED
    assert unused_run == set(), "the bot does not import these: drop them or move them to the test extra"
    assert unused_test == set(), "nothing imports these test dependencies"


def _pins(lock: Path) -> dict[str, Version]:
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", lock.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {str(canonicalize_name(name)): Version(version) for name, version in pins}


def test_the_locks_pin_every_declared_package_within_its_range_with_hashes() -> None:
    project = _project()
    run, test = _pins(REPO / "requirements" / "run.txt"), _pins(REPO / "requirements" / "test.txt")
    for lock, requirements in ((run, project["run"]), (test, project["run"] + project["test"])):
        for requirement in requirements:
            name = str(canonicalize_name(requirement.name))
            assert name in lock, f"{name} is not locked: regenerate the locks (scripts/install.sh)"
            assert requirement.specifier.contains(lock[name], prereleases=True), (name, str(lock[name]))
    assert {name: version for name, version in test.items() if name in run} == run, "the two locks disagree"
    for lock_file in ("run.txt", "test.txt"):
        text = (REPO / "requirements" / lock_file).read_text(encoding="utf-8")
        blocks = re.split(r"^(?=[A-Za-z0-9])", text, flags=re.MULTILINE)[1:]  # one per pinned package
        unhashed = [b.split()[0] for b in blocks if "--hash=sha256:" not in b]
        assert blocks and unhashed == [], f"{lock_file}: pins without a hash"


def test_the_install_scripts_install_from_the_locks() -> None:
    for script, lock in (("run.sh", "requirements/run.txt"), ("test.sh", "requirements/test.txt")):
        text = (REPO / "scripts" / script).read_text(encoding="utf-8")
        assert f"scripts/install.sh {lock}" in text, script
        assert "pip install" not in text, f"{script} installs only through scripts/install.sh"
    install = (REPO / "scripts" / "install.sh").read_text(encoding="utf-8")
    assert "--require-hashes" in install and "--no-deps -e ." in install
