"""Fixtures for the robustness tests: the e2e fake server and harness, plus a record of every error handled."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))  # harness.py, dispatches.py

from fakebot import FakeTelegram
from robust_harness import RobustHarness

from bot.clock import ManualClock


@pytest.fixture
async def bot(fake: FakeTelegram, clock: ManualClock, database_url: str) -> AsyncIterator[RobustHarness]:
    harness = RobustHarness.create(fake, clock, database_url)
    await harness.start()
    yield harness
    await harness.stop()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist (scripts/test.sh), a worker hands its counts to the controller (tests/conftest.py)."""
    from robust_harness import FUZZED

    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["fuzzed"] = dict(FUZZED)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many generated and mutated inputs went through the handlers."""
    from robust_harness import FUZZED

    if FUZZED:
        detail = ", ".join(f"{name} {count}" for name, count in sorted(FUZZED.items()))
        terminalreporter.write_line(f"fuzzed inputs: {sum(FUZZED.values())} ({detail})")
