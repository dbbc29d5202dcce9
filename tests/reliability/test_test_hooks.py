"""The settings the reliability tests drive the real process with: fake now, tick interval, webhook port, leases."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import clock_for
from bot.clock import StartedClock, SystemClock
from bot.settings import SettingsError, load_settings
from dispatch.time.calendar import VN_TZ

WEBHOOK = '[webhook]\nenabled = true\nurl = "https://bot.example.vn"\nport = 8443\n'


def test_fake_now_starts_a_clock_that_runs(tmp_path: Path) -> None:
    settings = load_settings({"DONDOC_FAKE_NOW": "2026-03-04T08:00:30+07:00"}, tmp_path / "none.toml")
    assert settings.fake_now == datetime(2026, 3, 4, 8, 0, 30, tzinfo=VN_TZ)
    assert isinstance(clock_for(settings), StartedClock)
    assert isinstance(clock_for(load_settings({}, tmp_path / "none.toml")), SystemClock)
    elapsed = [100.0]
    start = datetime(2026, 3, 4, 1, 0, 30, tzinfo=VN_TZ)
    clock = StartedClock(start, monotonic=lambda: elapsed[0])
    assert clock.now() == start and clock.now().tzinfo is not None
    elapsed[0] += 2.5
    assert clock.now() - start == timedelta(seconds=2.5)
    with pytest.raises(ValueError):
        StartedClock(datetime(2026, 3, 4))  # noqa: DTZ001 - a naive start is refused


@pytest.mark.parametrize(("env", "message"), [
    ({"DONDOC_FAKE_NOW": "2026-03-04T08:00:30"}, "UTC offset"),
    ({"DONDOC_FAKE_NOW": "tomorrow"}, "ISO"),
    ({"DONDOC_TICK_SECONDS": "0.2"}, "tick_seconds"),
    ({"DONDOC_TICK_SECONDS": "soon"}, "DONDOC_TICK_SECONDS"),
])
def test_bad_test_hooks_fail_fast(env: dict[str, str], message: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env, tmp_path / "none.toml")


def test_tick_interval_and_webhook_port_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(WEBHOOK + "[reminders]\ntick_seconds = 30\n", encoding="utf-8")
    env = {"DONDOC_WEBHOOK_SECRET": "abc", "DONDOC_WEBHOOK_PORT": "8601", "DONDOC_TICK_SECONDS": "2"}
    settings = load_settings(env, config)
    assert settings.tick_seconds == 2 and settings.webhook is not None and settings.webhook.port == 8601
    assert load_settings({"DONDOC_WEBHOOK_SECRET": "abc"}, config).webhook.port == 8443  # type: ignore[union-attr]
    for port in ("http", "70000", "0"):
        with pytest.raises(SettingsError, match=r"(?i)port"):
            load_settings({**env, "DONDOC_WEBHOOK_PORT": port}, config)


def test_lease_length_and_a_lease_name_that_survives_a_restart(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(WEBHOOK + "[reminders]\nlease_seconds = 8\n", encoding="utf-8")
    env = {"DONDOC_WEBHOOK_SECRET": "abc", "DONDOC_WEBHOOK_PORT": "8601"}
    first, restarted = load_settings(env, config), load_settings(env, config)
    assert first.lease_seconds == 8 and load_settings({}, tmp_path / "none.toml").lease_seconds == 300
    assert first.instance_id == restarted.instance_id == f"{socket.gethostname()}:8601"
    assert load_settings({**env, "DONDOC_WEBHOOK_PORT": "8602"}, config).instance_id != first.instance_id
    assert load_settings({**env, "DONDOC_INSTANCE_ID": "bot1"}, config).instance_id == "bot1"
    config.write_text(WEBHOOK + "[reminders]\nlease_seconds = 0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="lease_seconds"):
        load_settings(env, config)
