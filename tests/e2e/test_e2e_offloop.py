"""No chat waits for another's database work: every statement a handler runs runs off the event loop.

The bot is driven through most of what officials do (commands, a card and its buttons, reminder buttons,
an edit, the weekly summary, being removed and added again) while SQLAlchemy's ``before_cursor_execute``
notes each statement executed in the event loop's own thread, with the handler line that ran it.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from dispatches import HEALTH
from fakebot import FakeTelegram
from harness import Harness
from sqlalchemy import Engine, event
from test_e2e_loop import ADMIN, GROUP, onboard

from bot.clock import VN_TZ
from bot.settings import QuotaLimits

ROOT = Path(__file__).resolve().parents[2]


def where(stack: list[traceback.FrameSummary]) -> str:
    """The project's innermost frames outside storage/ and SQLAlchemy: who asked for the statement."""
    ours = [f for f in stack if f.filename.startswith(str(ROOT)) and not any(
        part in f.filename for part in ("/tests/", "/storage/", "/.venv/", "site-packages"))]
    return " <- ".join(f"{Path(f.filename).relative_to(ROOT)}:{f.lineno} {f.name}" for f in ours[-3:][::-1])


@contextmanager
def statements_on_the_loop(engine: Engine) -> Iterator[list[str]]:
    """Collect the statements executed in this (the event loop's) thread while the block runs."""
    loop_thread = threading.get_ident()
    found: list[str] = []

    def check(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if threading.get_ident() == loop_thread:
            found.append(f"{statement.split()[0]} from {where(traceback.extract_stack())}")

    event.listen(engine, "before_cursor_execute", check)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", check)


async def say(bot: Harness, fake: FakeTelegram, text: str) -> None:
    fake.command(GROUP, fake.state.users[ADMIN], text)
    await bot.settle()


async def test_no_handler_runs_a_statement_on_the_event_loop(bot: Harness, fake: FakeTelegram) -> None:
    assert bot.deps.engine is not None
    bot.deps.quota = QuotaLimits(burst=1000, per_minute=1000)  # one busy official; the clock does not move
    with statements_on_the_loop(bot.deps.engine) as found:
        await onboard(bot, fake)
        admin = fake.state.users[ADMIN]
        for text in ("/start", "/trogiup", "/donvi", "/caidat", "/caidat ngay 7,3,1", "/caidat gio 08:00",
                     "/donvi Sở Y tế"):
            await say(bot, fake, text)
        last = fake.bot_messages(GROUP)[-1].message_id
        pasted = fake.send_text(GROUP, admin, HEALTH)
        await bot.flush()
        card = await fake.wait_message(GROUP, "Lưu tất cả", after=last)
        await bot.press(card, admin, "Bỏ việc 1")
        await bot.press(card, admin, "Lấy lại việc 1")
        await bot.press(card, admin, "Sửa hạn 1")
        fake.send_text(GROUP, admin, "25/3/2026")
        await bot.settle()
        await bot.press(card, admin, "Mọi đơn vị")
        fake.edit_text(GROUP, admin, pasted, HEALTH.replace("20/3/2026", "27/3/2026"))
        await bot.settle()
        await bot.press(card, admin, "Lưu tất cả")
        for text in ("/viec", "/viec tatca", "/tinhhinh", "/han 1 30/3/2026", "/xong 1", "/hoantac 1",
                     "/xoa 1", "/giao 1", "/cuatoi", "/thongke", "/baocao", "/lich", "/them Gửi báo cáo hạn 30/3",
                     "/khonglenhnay"):
            await say(bot, fake, text)
        asked = [m for m in fake.bot_messages(GROUP) if "Xóa việc" in m.text][-1]
        await bot.press(asked, admin, "Giữ lại")
        await bot.tick(datetime(2026, 3, 19, 8, 0, 10, tzinfo=VN_TZ))  # 7 working days before 30/03
        reminder = next(m for m in fake.bot_messages(GROUP) if "Nhắc việc" in m.text and m.buttons())
        await bot.press(reminder, admin, "Hoãn")
        await bot.press(reminder, admin, "Gia hạn")
        fake.send_text(GROUP, admin, "thôi")
        await bot.settle()
        await bot.press(reminder, admin, "Xong")
        await bot.weekly(datetime(2026, 3, 23, 8, 0, 10, tzinfo=VN_TZ))
        fake.kick_bot(GROUP, admin)
        await bot.settle()
        fake.add_bot(GROUP, admin)
        await bot.settle()
    assert fake.format_errors() == []
    assert found == [], "\n".join(dict.fromkeys(found))
