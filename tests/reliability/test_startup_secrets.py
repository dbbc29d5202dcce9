"""`dondoc run` that cannot start (token refused with 401 or 404, API unreachable) says why and never prints the token."""

from __future__ import annotations

from pathlib import Path

import pytest
import relseed
from relfake import PerProcessTelegram
from relproc import BotProcess, free_port, write_config

TOKEN = "987654321:AAH-the-real-secret-part_0123456789xyz"
SECRET_PART = TOKEN.split(":", 1)[1]


@pytest.mark.parametrize("failure", ["401", "404", "refused"])
async def test_startup_failure_never_prints_the_token(fake: PerProcessTelegram, tmp_path: Path,
                                                      failure: str) -> None:
    api_root = {
        "401": fake.root_for("i1"),  # the fake knows another token: getMe answers 401 Unauthorized
        "404": fake.api_root + "/no-such-api",  # nothing there: 404, as Telegram answers a malformed token
        "refused": f"http://127.0.0.1:{free_port()}",  # nobody listens
    }[failure]
    bot = BotProcess("i1", workdir=tmp_path, token=TOKEN, api_root=api_root,
                     database_url=f"sqlite:///{tmp_path / 'dondoc.sqlite3'}", now=relseed.BOT_NOW,
                     config=write_config(tmp_path)).start()
    try:
        code = await bot.exited(timeout=60)
    finally:
        bot.kill()
    output = bot.log()  # stdout and stderr together
    print(f"\n{failure}: exit {code}, {len(output)} characters of output, token found: {SECRET_PART in output}")
    assert code == 1, output[-3000:]
    assert SECRET_PART not in output and TOKEN not in output, output[-3000:]
    expected = "không kết nối được" if failure == "refused" else "từ chối token"
    assert expected in output.lower(), output[-3000:]
