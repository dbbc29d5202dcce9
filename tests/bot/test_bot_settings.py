"""Settings from config.toml and DONDOC_* variables; the clock; the CLI's no-token message."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.cli import NO_TOKEN, main
from bot.clock import VN_TZ, ManualClock, SystemClock
from bot.settings import SettingsError, load_settings

CONFIG = Path(__file__).resolve().parents[2] / "config.toml"
TOKEN = "123456:ABCdefGhIJKlmnoPQRstuVWXyz_12345"


def test_committed_config_loads_with_defaults() -> None:
    settings = load_settings({}, CONFIG)
    assert settings.token is None
    assert settings.api_url == "https://api.telegram.org"
    assert settings.base_url == "https://api.telegram.org/bot"
    assert settings.base_file_url == "https://api.telegram.org/file/bot"
    assert settings.send_at == time(8, 0)
    assert settings.database_url.startswith("sqlite:///") and settings.webhook is None


def test_environment_overrides_config(tmp_path: Path) -> None:
    env = {"DONDOC_TOKEN": TOKEN, "DONDOC_DATABASE_URL": "postgresql+psycopg://u@h/db",
           "DONDOC_TELEGRAM_API_URL": "http://127.0.0.1:8081/", "DONDOC_REMINDERS_SEND_AT": "7:30"}
    settings = load_settings(env, CONFIG)
    assert settings.token == TOKEN and TOKEN not in repr(settings)
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.send_at == time(7, 30)
    assert settings.database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(("env", "message"), [
    ({"DONDOC_REMINDERS_SEND_AT": "25:00"}, "HH:MM"),
    ({"DONDOC_REMINDERS_SEND_AT": "8h"}, "HH:MM"),
    ({"DONDOC_TOKEN": "not a token"}, "BotFather"),
    ({"DONDOC_TELEGRAM_API_URL": "ftp://x"}, "http"),
    ({"DONDOC_TELEGRAM_API_URL": "https://api.telegram.org/bot"}, "root"),
    ({"DONDOC_DATABASE_URL": "mysql://x"}, "sqlite"),
])
def test_invalid_values_fail_fast_with_a_clear_message(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env, CONFIG)


def test_webhook_and_calendar_overrides(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[webhook]\nenabled = true\nurl = "https://bot.example.vn"\nport = 8443\n'
                      '[calendar]\nextra_holidays = ["2026-09-01"]\nextra_workdays = ["2026-08-29"]\n')
    with pytest.raises(SettingsError, match="DONDOC_WEBHOOK_SECRET"):
        load_settings({}, config)
    settings = load_settings({"DONDOC_WEBHOOK_SECRET": "s3cret_token-1"}, config)
    assert settings.webhook is not None and settings.webhook.secret_token == "s3cret_token-1"
    assert settings.extra_holidays == (date(2026, 9, 1),) and settings.extra_workdays == (date(2026, 8, 29),)


def test_a_webhook_url_in_the_environment_turns_webhook_mode_on() -> None:
    env = {"DONDOC_WEBHOOK_URL": "https://bot.example.vn", "DONDOC_WEBHOOK_SECRET": "s3cret_token-1",
           "DONDOC_WEBHOOK_PORT": "8444"}
    hook = load_settings(env, CONFIG).webhook  # the committed config.toml has webhook mode off
    assert hook is not None and (hook.url, hook.port, hook.listen, hook.path) == ("https://bot.example.vn", 8444,
                                                                                   "0.0.0.0", "tg")
    with pytest.raises(SettingsError, match="DONDOC_WEBHOOK_SECRET"):
        load_settings({"DONDOC_WEBHOOK_URL": "https://bot.example.vn"}, CONFIG)


def test_clocks() -> None:
    assert SystemClock().now().tzinfo is not None
    clock = ManualClock(datetime(2026, 1, 5, 8, 0, tzinfo=VN_TZ))
    clock.advance(timedelta(days=1))
    assert clock.now() == datetime(2026, 1, 6, 8, 0, tzinfo=VN_TZ)
    with pytest.raises(ValueError):
        clock.set(datetime(2026, 1, 1))  # noqa: DTZ001 - a naive datetime is refused


def test_run_without_token_explains_in_vietnamese_and_english(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("DONDOC_TOKEN", raising=False)
    monkeypatch.setenv("DONDOC_CONFIG", str(CONFIG))
    assert main(["run"]) != 0
    err = capsys.readouterr().err
    assert err.strip() == NO_TOKEN.strip()
    assert "@BotFather" in err and "Chưa có token" in err and "No bot token" in err
