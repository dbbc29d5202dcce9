"""The real bot as a subprocess (`python -m bot.cli run`), configured through its environment."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DONDOC = "dondoc"  # [project.scripts] in pyproject.toml: bot.cli:main
TEST_CONFIG = """\
[telegram]
overall_max_rate = {rate}   # 1000: the fake server does not throttle, pace ~1 ms apart
group_max_rate = 1000
[reminders]
tick_seconds = 1
lease_seconds = {lease}
"""
WEBHOOK_CONFIG = """
[webhook]
enabled = true
listen = "127.0.0.1"
url = "https://bot.example.test"   # what setWebhook registers; the fake server never calls it
path = "tg"
"""


def dondoc(*args: str) -> list[str]:
    """The installed `dondoc` entry point with these arguments: the command the image and the systemd unit run."""
    return [str(Path(sys.executable).with_name(DONDOC)), *args]


async def poll_until(predicate: Callable[[], object], timeout: float, what: str,
                     *processes: BotProcess) -> None:
    """Poll a condition other processes bring about (in the database), for at most `timeout` s.

    The predicate runs in a thread: meanwhile the fake server, in this event loop, keeps answering.
    """
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(predicate):
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {p.name}\n{p.log()[-2000:]}" for p in processes)
            raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{logs}")
        await asyncio.sleep(0.2)


async def post_update(port: int, update: dict[str, object], secret: str | None) -> int:
    """POST an update to a webhook instance on loopback as Telegram would; the HTTP status."""
    import httpx

    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.post(f"http://127.0.0.1:{port}/tg", json=update, headers=headers)
    return response.status_code


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_config(directory: Path, *, webhook: bool = False, overall_max_rate: float = 1000,
                 lease_seconds: float = 300) -> Path:
    """A config.toml for test processes: pacing (messages/s per instance) and chat lease length as given."""
    path = directory / ("config-webhook.toml" if webhook else "config.toml")
    text = TEST_CONFIG.format(rate=overall_max_rate, lease=lease_seconds) + (WEBHOOK_CONFIG if webhook else "")
    path.write_text(text, encoding="utf-8")
    return path


class BotProcess:
    """One `dondoc run` process: its own API prefix, clock start and (for webhooks) port; output in a log."""

    def __init__(self, name: str, *, workdir: Path, token: str, api_root: str, database_url: str,
                 now: datetime, config: Path, webhook_port: int | None = None, secret: str | None = None) -> None:
        self.name = name
        self.log_path = workdir / f"{name}.log"
        self.webhook_port = webhook_port
        env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
        env.update({
            "PYTHONPATH": str(REPO),
            "DONDOC_TOKEN": token,
            "DONDOC_TELEGRAM_API_URL": api_root,
            "DONDOC_DATABASE_URL": database_url,
            "DONDOC_DATA_DIR": str(workdir / "data"),
            "DONDOC_CONFIG": str(config),
            "DONDOC_FAKE_NOW": now.isoformat(),
        })
        if webhook_port is not None:
            env["DONDOC_WEBHOOK_PORT"] = str(webhook_port)
        if secret is not None:
            env["DONDOC_WEBHOOK_SECRET"] = secret
        self.env = env
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> BotProcess:
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(dondoc("run"), env=self.env, cwd=self.workdir,
                                         stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        return self

    async def exited(self, timeout: float) -> int:
        """Wait (polling, at most `timeout` seconds) until the process is gone; its exit code."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while (code := self.proc.poll()) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} still running after {timeout} s\n{self.log()[-3000:]}")
            await asyncio.sleep(0.05)
        return code

    async def stop(self, timeout: float = 15) -> int:
        """SIGTERM (PTB shuts down cleanly: the running tick ends, leases are released); SIGKILL if stuck."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return await self.exited(timeout)
        except AssertionError:
            self.proc.kill()
            raise

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""
