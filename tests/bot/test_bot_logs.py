"""Log lines: secrets redacted from tracebacks too; JSON lines when configured; the instance name setting."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bot.logs import JsonFormatter, RedactingFormatter, secret_parts
from bot.settings import SettingsError, load_settings

TOKEN = "123456789:AAE-secret_part-ABCDEFGHIJKLMNOPQRST"


def _record_with_traceback() -> logging.LogRecord:
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected; url https://x/bot{TOKEN.split(':')[1]}/getMe")
    except RuntimeError as exc:
        return logging.LogRecord("telegram.ext", logging.ERROR, __file__, 1, "failed: %s", (exc,),
                                 (type(exc), exc, exc.__traceback__))


@pytest.mark.parametrize("formatter", [RedactingFormatter, JsonFormatter])
def test_no_part_of_the_token_in_a_formatted_traceback(formatter: type[RedactingFormatter]) -> None:
    line = formatter(secret_parts([TOKEN, None, ""])).format(_record_with_traceback())
    assert "Traceback" in line or "Traceback" in json.loads(line)["exc"]
    assert "secret_part" not in line and "123456789:" not in line and "<redacted>" in line


def test_json_lines_carry_level_logger_and_message() -> None:
    record = logging.LogRecord("scheduler.delivery", logging.WARNING, __file__, 1, "chat %s paused", (-100,), None)
    entry = json.loads(JsonFormatter(()).format(record))
    assert entry["level"] == "WARNING" and entry["logger"] == "scheduler.delivery"
    assert entry["message"] == "chat -100 paused" and entry["time"].endswith("+00:00")


def test_log_format_and_instance_id_settings(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[logging]\nformat = "json"\n', encoding="utf-8")
    assert load_settings({}, config).log_json is True
    assert load_settings({"DONDOC_LOG_FORMAT": "text"}, config).log_json is False
    with pytest.raises(SettingsError, match=r"logging\.format"):
        load_settings({"DONDOC_LOG_FORMAT": "xml"}, config)
    assert load_settings({"DONDOC_INSTANCE_ID": "bot-a"}, config).instance_id == "bot-a"
    assert load_settings({}, config).instance_id  # the host name by default, the same after a restart
    with pytest.raises(SettingsError, match="INSTANCE_ID"):
        load_settings({"DONDOC_INSTANCE_ID": "a b"}, config)
