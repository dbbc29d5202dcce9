"""The ambiguous case: Telegram stored the message, the bot never learned it. How many duplicates does it cost?

N private chats each owed one digest, sent through the real bot path (bot.app.run_tick -> TelegramSender -> PTB)
against the fake server (tests/fakebot). For K of them the first send is carried out but its answer is lost:

    timeout   the fake answers after the client's read timeout (0.2 s here; PTB's default is 5 s)
    5xx       the fake stores the message, then answers 502
    drop      the fake stores the message, then closes the connection without an answer

and the ticks go on (the manual clock moving past each backoff) until no reminder is pending. A reference run
without faults is measured in the same run. Prints, per mode: ambiguous sends, messages, duplicates, lost.

    .venv/bin/python bench/ambiguous.py [--chats 300] [--ambiguous 50]
Figures only, no assertions. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

import httpx  # noqa: E402
from fakebot import FakeTelegram  # noqa: E402
from fakebot.state import Chat as FakeChat  # noqa: E402
from fanout import NOW, TOKEN, fake_server, seed  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from storage import make_engine  # noqa: E402
from storage.models import Reminder  # noqa: E402

FIRST = 10_000  # chat ids, as fanout.seed makes them
CLIENT_TIMEOUT, HANG = 0.2, 0.5  # seconds: in "timeout" mode the fake answers after the client gave up


def pending(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(Reminder).where(Reminder.state == "pending")).scalar()
    engine.dispose()
    return int(count or 0)


async def deliver_all(fake: FakeTelegram, url: str, mode: str) -> int:
    """Tick until nothing is pending (at most 20 ticks, 2 minutes apart on the manual clock); the ticks run."""
    from telegram.request import HTTPXRequest

    from bot.app import build_application, post_init, run_tick
    from bot.clock import ManualClock
    from bot.settings import load_settings

    env = {**os.environ, "DONDOC_TOKEN": TOKEN, "DONDOC_TELEGRAM_API_URL": fake.api_root, "DONDOC_DATABASE_URL": url}
    settings = load_settings(env, ROOT / "config.toml")
    clock = ManualClock(NOW)
    app = build_application(settings, clock=clock)
    await app.initialize()
    await post_init(app)
    if mode == "timeout":
        request = app.bot.request
        assert isinstance(request, HTTPXRequest)
        request._client.timeout = httpx.Timeout(5.0, read=CLIENT_TIMEOUT)
    ticks = 0
    try:
        while ticks < 20 and await asyncio.to_thread(pending, url):
            await run_tick(app)
            ticks += 1
            clock.advance(timedelta(minutes=2))
    finally:
        await app.shutdown()
    return ticks


def measure(mode: str, n_chats: int, n_ambiguous: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, fake_server() as fake:
        url = f"sqlite:///{Path(tmp) / 'ambiguous.db'}"
        seed(url, n_chats)
        for c in range(n_chats):
            fake.state.chats[FIRST + c] = FakeChat(id=FIRST + c, type="private")
        fake.state.limits = None
        step = max(1, n_chats // max(n_ambiguous, 1))
        chosen = [FIRST + c for c in range(0, n_chats, step)][:n_ambiguous] if mode != "reference" else []
        for chat_id in chosen:
            if mode == "timeout":
                fake.hang_next("sendMessage", seconds=HANG, chat_id=chat_id, deliver=True)
            else:
                fake.lose_answer_next("sendMessage", how=mode, chat_id=chat_id)
        ticks = asyncio.run(deliver_all(fake, url, mode))
        per_chat = Counter(m.chat_id for m in list(fake.state.messages.values()) if m.from_bot)
        left = pending(url)
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    lost = n_chats - len(per_chat)
    twice = sum(1 for c in chosen if per_chat[c] == 2)
    print(f"{mode:9}  {n_chats} chats, {len(chosen):3} ambiguous sends | messages {sum(per_chat.values())}, "
          f"duplicates {duplicates} ({twice} of the ambiguous chats got it twice), lost {lost}, still pending "
          f"{left} | {ticks} ticks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chats", type=int, default=300)
    parser.add_argument("--ambiguous", type=int, default=50)
    args = parser.parse_args()
    for mode in ("reference", "timeout", "5xx", "drop"):
        measure(mode, args.chats, args.ambiguous)


if __name__ == "__main__":
    main()
