"""Logging for `dondoc run`: secrets redacted from every formatted line (tracebacks included), text or JSON lines.

The record factory in bot.app.quiet_loggers redacts a record's message; it cannot reach a traceback, which the
formatter renders later (python-telegram-bot's InvalidToken names the token, an httpx error may carry the URL,
which holds it). So the formatter redacts what it wrote, whatever part of the record it came from.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "<redacted>"


def secret_parts(secrets: Iterable[str | None]) -> tuple[str, ...]:
    """The strings to hide: each secret, and a bot token's part after the colon (the part that grants access)."""
    out: set[str] = set()
    for secret in secrets:
        if not secret or len(secret) < 4:
            continue
        out.add(secret)
        head, sep, tail = secret.partition(":")
        if sep and head.isdigit() and len(tail) >= 8:
            out.add(tail)
    return tuple(sorted(out, key=len, reverse=True))  # longest first: the whole token before its tail


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingFormatter(logging.Formatter):
    """A text formatter that removes the secrets from the whole line, traceback included."""

    def __init__(self, secrets: Iterable[str], fmt: str = TEXT_FORMAT) -> None:
        super().__init__(fmt)
        self.secrets = tuple(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


class JsonFormatter(RedactingFormatter):
    """One JSON object per line: time (UTC, ISO), level, logger, message, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, ensure_ascii=False), self.secrets)


def configure_logging(*, secrets: Iterable[str | None], json_lines: bool = False, level: int = logging.INFO) -> None:
    """Root logging to stderr through the redacting formatter (text, or JSON lines when configured)."""
    parts = secret_parts(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(parts) if json_lines else RedactingFormatter(parts))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # two lines per tick otherwise
