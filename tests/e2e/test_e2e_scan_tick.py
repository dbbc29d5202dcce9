"""Reading a long scan runs off the event loop: a reminder due meanwhile still goes out in its tick."""

from __future__ import annotations

import asyncio
from datetime import datetime

import docgen
from dispatches import HEALTH, parts
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard

from bot.clock import VN_TZ


def _ten_pages() -> str:
    body = HEALTH.split("Để chủ động", 1)[1]
    text = HEALTH
    while docgen.page_count(text) < 10:
        text += "\n" + body
    return text


async def test_reminder_due_while_a_ten_page_scan_is_read(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.send_text(GROUP, admin, parts(HEALTH, 1)[0])
    await bot.flush()
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    await bot.press(card, admin, "Lưu tất cả")
    await fake.wait_message(GROUP, "Đã lưu")

    scan = docgen.scanned_pdf(_ten_pages(), max_pages=10)
    fake.send_document(GROUP, admin, scan, "ban chup 10 trang.pdf")
    await fake.wait_for(
        lambda: any("Đang đọc trang" in v for m in fake.bot_messages(GROUP) for v in m.versions), timeout=60
    )
    before = len(fake.bot_messages(GROUP))
    # 11/03/2026 08:00 is 7 working days before the 20/03 deadline: its reminder is due now.
    await asyncio.wait_for(bot.tick(datetime(2026, 3, 11, 8, 0, 5, tzinfo=VN_TZ)), timeout=15)
    sent = fake.bot_messages(GROUP)[before:]
    assert any("Giao Sở Y tế" in m.text or "#1" in m.text for m in sent), [m.text for m in sent]
    progress = next(m for m in fake.bot_messages(GROUP) if any("Đang đọc trang" in v for v in m.versions))
    assert not progress.text.startswith("📄 Đã đọc"), "the tick had to wait for the scan"
    done = await fake.wait_message(GROUP, "Đã đọc 10 trang", timeout=240)
    assert done is not None
