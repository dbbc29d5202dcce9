"""Shared test fixtures: database URLs (SQLite file, or a fresh PostgreSQL database) and dev corpus paths."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["fakebot.fixtures"]  # clock and fake (the fake Bot API server), for e2e and robustness

DEV_DISPATCHES = Path(__file__).resolve().parents[2] / "shared" / "dispatches" / "dev"
PG_ENV = "DONDOC_TEST_DATABASE_URL"


def fresh_postgres_database(url: str) -> tuple[str, str]:
    """Create an empty database next to the one in `url`; return (its URL, its name)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"dondoc_e2e_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False), name


def drop_postgres_database(url: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database for one test: a SQLite file, or (when DONDOC_TEST_DATABASE_URL is set) a new PostgreSQL DB."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'dondoc.sqlite3'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    url, name = fresh_postgres_database(base)
    try:
        yield url
    finally:
        drop_postgres_database(base, name)


@pytest.fixture
def dev_dispatches() -> Path:
    """The shared dev corpus (never copied into the repo); skip when it is not there."""
    if not DEV_DISPATCHES.is_dir():
        pytest.skip("dev dispatches folder is missing")
    return DEV_DISPATCHES


# Under pytest-xdist the robustness workers hand over how many inputs they fuzzed (tests/robustness/conftest.py);
# the controller, which loads only this conftest, adds them up and prints the line a run without workers prints.
_FUZZED_BY_WORKERS: dict[str, int] = {}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    for name, count in getattr(node, "workeroutput", {}).get("fuzzed", {}).items():
        _FUZZED_BY_WORKERS[name] = _FUZZED_BY_WORKERS.get(name, 0) + count


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _FUZZED_BY_WORKERS:
        detail = ", ".join(f"{name} {count}" for name, count in sorted(_FUZZED_BY_WORKERS.items()))
        terminalreporter.write_line(f"fuzzed inputs: {sum(_FUZZED_BY_WORKERS.values())} ({detail})")
