"""Settings: config.toml (non-secret) overridden by DONDOC_* environment variables, validated once."""

from __future__ import annotations

import os
import re
import socket
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

DEFAULT_API_URL = "https://api.telegram.org"
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class SettingsError(ValueError):
    """The configuration is invalid; the message says what to fix."""


@dataclass(frozen=True)
class WebhookSettings:
    """Where to listen and the public URL Telegram calls."""

    listen: str
    port: int
    url: str
    path: str
    secret_token: str


@dataclass(frozen=True)
class QuotaLimits:
    """How much one chat may send: a burst, then a steady rate; the notice is repeated at most this often."""

    burst: int = 20
    per_minute: float = 30.0
    notice_every: float = 60.0  # seconds

    @classmethod
    def from_config(cls, section: Mapping[str, object]) -> QuotaLimits:
        """The [quota] section of config.toml; a bad value fails at start-up with its key name."""
        values: dict[str, float] = {}
        for key, attr in (("burst", "burst"), ("per_minute", "per_minute"), ("notice_every_seconds", "notice_every")):
            value = section.get(key, getattr(cls, attr))
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise SettingsError(f"quota.{key} must be a positive number, got {value!r}")
            values[attr] = value
        return cls(burst=int(values["burst"]), per_minute=float(values["per_minute"]),
                   notice_every=float(values["notice_every"]))


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs to start; built once by load_settings()."""

    token: str | None = field(default=None, repr=False)
    database_url: str = "sqlite:///data/dondoc.sqlite3"
    data_dir: Path = Path("data")
    api_url: str = DEFAULT_API_URL
    send_at: time = time(8, 0)
    days_before: tuple[int, ...] = (7, 3, 1)
    remind_collective: bool = True
    tick_seconds: float = 30.0
    lease_seconds: float = 300.0  # a chat leased by a tick, renewed every third of it (scheduler.leases)
    gather_seconds: float = 4.0  # quiet time after a part that ends a dispatch (Nơi nhận, signer, ./.)
    gather_wait_seconds: float = 30.0  # the longest gap between two parts of a dispatch not yet ended
    max_file_mb: int = 20
    max_pages: int = 30
    read_timeout: float = 120.0
    read_memory_mb: int = 1024  # address space of the process reading one file (dispatch.readers.worker)
    read_workers: int = 1  # files read at once; each OCRs on one core, the event loop keeps the other
    read_queue_per_chat: int = 3  # files of one chat reading or waiting (handlers.readqueue)
    read_queue_total: int = 12
    overall_max_rate: float = 30.0
    group_max_rate: float = 20.0
    max_retries: int = 3
    allowed_chats: frozenset[int] | None = None
    extra_holidays: tuple[date, ...] = ()
    extra_workdays: tuple[date, ...] = ()
    webhook: WebhookSettings | None = None
    quota: QuotaLimits = QuotaLimits()  # per-chat flood limits (handlers.quota)
    # names this process in delivery leases; stable across restarts, so a restarted process takes its leases back
    instance_id: str = ""
    log_json: bool = False  # log lines as JSON objects (bot.logs)
    # FOR TESTS ONLY (DONDOC_FAKE_NOW): the clock of `dondoc run` starts at this instant (bot.clock.StartedClock)
    fake_now: datetime | None = None

    @property
    def base_url(self) -> str:
        """Bot API method root, e.g. https://api.telegram.org/bot (PTB appends the token)."""
        return self.api_url + "/bot"

    @property
    def base_file_url(self) -> str:
        """Bot API file download root (PTB appends the token)."""
        return self.api_url + "/file/bot"

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024


def _parse_send_at(value: str, origin: str) -> time:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
    if not match:
        raise SettingsError(f"{origin} must be HH:MM (e.g. 08:00), got {value!r}")
    return time(int(match.group(1)), int(match.group(2)))


def _dates(values: Any, origin: str) -> tuple[date, ...]:
    if not isinstance(values, list):
        raise SettingsError(f"{origin} must be a list of ISO dates")
    out = []
    for item in values:
        if isinstance(item, date):
            out.append(item)
            continue
        try:
            out.append(date.fromisoformat(str(item)))
        except ValueError:
            raise SettingsError(f"{origin}: {item!r} is not an ISO date (YYYY-MM-DD)") from None
    return tuple(out)


def _number(section: Mapping[str, Any], key: str, default: float, origin: str, *, minimum: float) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise SettingsError(f"{origin}.{key} must be a number ≥ {minimum}, got {value!r}")
    return float(value)


def _env_float(env: Mapping[str, str], name: str) -> float:
    try:
        return float(env[name])
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {env[name]!r}") from None


def read_config(path: Path | None) -> dict[str, Any]:
    """Parse config.toml; a missing file means all defaults."""
    if path is None or not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from exc


def _webhook(section: Mapping[str, Any], env: Mapping[str, str]) -> WebhookSettings | None:
    if env.get("DONDOC_WEBHOOK_URL", "").strip():  # a container sets the mode through its environment
        section = {**section, "enabled": True, "url": env["DONDOC_WEBHOOK_URL"].strip()}
    if not section.get("enabled", False):
        return None
    url = str(section.get("url", "")).strip()
    if not url.startswith("https://") and not url.startswith("http://"):
        raise SettingsError("webhook.url must be the public https URL Telegram calls")
    secret = env.get("DONDOC_WEBHOOK_SECRET", "")
    if not _SECRET_RE.fullmatch(secret):
        raise SettingsError(
            "webhook mode needs DONDOC_WEBHOOK_SECRET (1-256 characters: A-Z, a-z, 0-9, _ and -)"
        )
    if env.get("DONDOC_WEBHOOK_PORT"):  # several instances on one host sharing one config.toml
        section = {**section, "port": _env_float(env, "DONDOC_WEBHOOK_PORT")}
    port = int(_number(section, "port", 8443, "webhook", minimum=1))
    if port > 65535:
        raise SettingsError(f"webhook port must be at most 65535, got {port}")
    return WebhookSettings(
        listen=str(section.get("listen", "0.0.0.0")),
        port=port,
        url=url,
        path=str(section.get("path", "tg")).strip("/"),
        secret_token=secret,
    )


def _fake_now(env: Mapping[str, str]) -> datetime | None:
    raw = env.get("DONDOC_FAKE_NOW", "").strip()
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise SettingsError(f"DONDOC_FAKE_NOW must be an ISO datetime, got {raw!r}") from None
    if when.tzinfo is None:
        raise SettingsError("DONDOC_FAKE_NOW needs a UTC offset, e.g. 2026-03-04T08:00:30+07:00")
    return when


def _instance_id(env: Mapping[str, str], webhook: WebhookSettings | None) -> str:
    """DONDOC_INSTANCE_ID, else the host name (and the webhook port: several instances may share a host)."""
    given = env.get("DONDOC_INSTANCE_ID", "").strip()
    if given:
        if not re.fullmatch(r"[\w.:@-]{1,64}", given):
            raise SettingsError("DONDOC_INSTANCE_ID must be 1-64 letters, digits or . : @ _ -")
        return given
    name = socket.gethostname() or "dondoc"
    return f"{name}:{webhook.port}" if webhook is not None else name


def _log_json(section: Mapping[str, Any], env: Mapping[str, str]) -> bool:
    value = (env.get("DONDOC_LOG_FORMAT") or str(section.get("format", "text"))).strip().lower()
    if value not in ("text", "json"):
        raise SettingsError(f"logging.format (DONDOC_LOG_FORMAT) must be text or json, got {value!r}")
    return value == "json"


def load_settings(env: Mapping[str, str] | None = None, config_path: Path | None = None) -> Settings:
    """Build Settings from config.toml and the environment; raise SettingsError on anything invalid."""
    env = os.environ if env is None else env
    if config_path is None:
        config_path = Path(env.get("DONDOC_CONFIG", "config.toml"))
    raw = read_config(config_path)
    tg = raw.get("telegram", {})
    st = raw.get("storage", {})
    rem = raw.get("reminders", {})
    intake = raw.get("intake", {})
    access = raw.get("access", {})
    cal = raw.get("calendar", {})

    token = env.get("DONDOC_TOKEN", "").strip() or None
    if token is not None and not re.fullmatch(r"\d+:[A-Za-z0-9_-]{20,}", token):
        raise SettingsError("DONDOC_TOKEN does not look like a bot token (digits:letters, from @BotFather)")

    api_url = (env.get("DONDOC_TELEGRAM_API_URL") or tg.get("api_url") or DEFAULT_API_URL).strip().rstrip("/")
    if not re.match(r"^https?://[^/\s]+", api_url):
        raise SettingsError(f"DONDOC_TELEGRAM_API_URL must be an http(s) URL, got {api_url!r}")
    for suffix in ("/bot", "/file/bot"):
        if api_url.endswith(suffix):
            raise SettingsError(f"DONDOC_TELEGRAM_API_URL is the API root: drop the trailing {suffix!r}")

    data_dir = Path(env.get("DONDOC_DATA_DIR") or st.get("data_dir", "data"))
    database_url = env.get("DONDOC_DATABASE_URL") or st.get("database_url") or ""
    if not database_url:
        database_url = f"sqlite:///{data_dir / 'dondoc.sqlite3'}"
    if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", database_url):
        raise SettingsError("DONDOC_DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL")

    send_at_raw = env.get("DONDOC_REMINDERS_SEND_AT")
    origin = "DONDOC_REMINDERS_SEND_AT" if send_at_raw else "reminders.send_at"
    send_at = _parse_send_at(send_at_raw or str(rem.get("send_at", "08:00")), origin)

    days = rem.get("days_before", [7, 3, 1])
    if not isinstance(days, list) or not all(isinstance(d, int) and 1 <= d <= 60 for d in days):
        raise SettingsError("reminders.days_before must be a list of whole numbers between 1 and 60")

    tick: Mapping[str, Any] = rem
    if env.get("DONDOC_TICK_SECONDS"):
        tick = {"tick_seconds": _env_float(env, "DONDOC_TICK_SECONDS")}

    allowed = access.get("allowed_chats")
    if allowed is not None and not (isinstance(allowed, list) and all(isinstance(c, int) for c in allowed)):
        raise SettingsError("access.allowed_chats must be a list of chat ids (integers)")

    webhook = _webhook(raw.get("webhook", {}), env)
    return Settings(
        token=token,
        database_url=database_url,
        data_dir=data_dir,
        api_url=api_url,
        send_at=send_at,
        days_before=tuple(sorted(set(days), reverse=True)),
        remind_collective=bool(rem.get("remind_collective", True)),
        tick_seconds=_number(tick, "tick_seconds", 30, "reminders", minimum=1),
        lease_seconds=_number(rem, "lease_seconds", 300, "reminders", minimum=1),
        gather_seconds=_number(intake, "gather_seconds", 4.0, "intake", minimum=0),
        gather_wait_seconds=_number(intake, "gather_wait_seconds", 30.0, "intake", minimum=0),
        max_file_mb=int(_number(intake, "max_file_mb", 20, "intake", minimum=1)),
        max_pages=int(_number(intake, "max_pages", 30, "intake", minimum=1)),
        read_timeout=_number(intake, "read_timeout_seconds", 120, "intake", minimum=1),
        read_memory_mb=int(_number(intake, "read_memory_mb", 1024, "intake", minimum=128)),
        read_workers=int(_number(intake, "read_workers", 1, "intake", minimum=1)),
        read_queue_per_chat=int(_number(intake, "read_queue_per_chat", 3, "intake", minimum=1)),
        read_queue_total=int(_number(intake, "read_queue_total", 12, "intake", minimum=1)),
        overall_max_rate=_number(tg, "overall_max_rate", 30, "telegram", minimum=1),
        group_max_rate=_number(tg, "group_max_rate", 20, "telegram", minimum=1),
        max_retries=int(_number(tg, "max_retries", 3, "telegram", minimum=0)),
        allowed_chats=frozenset(allowed) if allowed is not None else None,
        extra_holidays=_dates(cal.get("extra_holidays", []), "calendar.extra_holidays"),
        extra_workdays=_dates(cal.get("extra_workdays", []), "calendar.extra_workdays"),
        webhook=webhook,
        quota=QuotaLimits.from_config(raw.get("quota", {})),
        instance_id=_instance_id(env, webhook),
        log_json=_log_json(raw.get("logging", {}), env),
        fake_now=_fake_now(env),
    )
