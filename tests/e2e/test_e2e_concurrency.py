"""No chat waits for another: a long scan, hostile PDFs and a full file queue, while other chats are answered.

The figures (latencies, RSS) are printed; the 1 s bound is a behaviour bound with a wide margin (/help
is answered in milliseconds when nothing holds it), never a benchmark (bench/concurrency.py measures).
"""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import docgen
import hostile
from dispatches import FIVE, HEALTH, parts
from fakebot import FakeTelegram, User
from harness import Harness, bot_settings
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_scan_tick import _ten_pages

from bot.clock import ManualClock
from handlers import texts

OTHER = -1002
THIRD = -1003
HELP = "Cách dùng Đôn đốc"
ANSWERED_WITHIN = 1.0
RSS_LIMIT_MB = 500


def other_chat(fake: FakeTelegram, chat_id: int = OTHER, user_id: int = 21) -> User:
    fake.group(chat_id, f"Phòng {chat_id}", admins=(user_id,))
    user = fake.user(user_id, "Hà", f"ha{user_id}")
    fake.add_bot(chat_id, user)
    return user


async def help_latency(fake: FakeTelegram, chat_id: int, user: User) -> float:
    """Seconds from /help sent in `chat_id` to the bot's answer there."""
    after = max((m.message_id for m in fake.bot_messages(chat_id)), default=0)
    start = time.perf_counter()
    fake.command(chat_id, user, "/help")
    await fake.wait_message(chat_id, HELP, after=after, timeout=30)
    return time.perf_counter() - start


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kb / 1024


@contextmanager
def peak_rss() -> Iterator[dict[str, float]]:
    """The largest RSS of this process (the bot runs in it) while the block runs, sampled every 10 ms."""
    seen = {"start": rss_mb(), "peak": rss_mb()}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.01):
            seen["peak"] = max(seen["peak"], rss_mb())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join()


def status_of(fake: FakeTelegram, chat_id: int, after: int = 0) -> Any:
    """The latest 'reading' status message of the chat (its text follows the read)."""
    return [m for m in fake.bot_messages(chat_id) if m.message_id > after and m.text.startswith("📄 Đang")][-1]


async def test_other_chat_answered_within_a_second_while_a_ten_page_scan_is_read_and_parts_gather_in_order(
        bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin, ha = fake.state.users[ADMIN], other_chat(fake)
    await bot.settle()
    fake.send_document(GROUP, admin, docgen.scanned_pdf(_ten_pages(), max_pages=10), "ban chup 10 trang.pdf")
    await fake.wait_for(lambda: any("Đang đọc trang" in v for m in fake.bot_messages(GROUP) for v in m.versions),
                        timeout=60)
    waits = [await help_latency(fake, OTHER, ha) for _ in range(3)]
    waits.append(await help_latency(fake, GROUP, admin))  # the scan's own chat is not held by it either
    for chunk in parts(FIVE, 3):  # a dispatch pasted in three parts while its chat's scan is read
        fake.send_text(GROUP, admin, chunk)
    await bot.flush()
    card = await fake.wait_message(GROUP, "456/UBND-KGVX")
    progress = next(m for m in fake.bot_messages(GROUP) if any("Đang đọc trang" in v for v in m.versions))
    print(f"\n/help answered in {', '.join(f'{w * 1000:.0f} ms' for w in waits)} while the scan was read")
    assert max(waits) < ANSWERED_WITHIN, waits
    assert not progress.text.startswith("📄 Đã đọc"), "the scan was still being read"
    assert "Việc của <b>Sở Y tế</b>: 5" in card.text, "the three parts, in order, make one card with every task"
    assert len([m for m in fake.bot_messages(GROUP) if "456/UBND-KGVX" in m.text]) == 1
    await fake.wait_message(GROUP, "Đã đọc 10 trang", timeout=240)
    await fake.wait_message(GROUP, "123/UBND-VX", timeout=30)


HOSTILE = {  # name: (file, what the sender is told)
    "30 huge pages (3 KB)": (hostile.huge_pages(30, side_pt=4000), "có khổ quá lớn"),
    "20,000 pages": (hostile.many_pages(20_000), "20000 trang, vượt giới hạn 30 trang"),
    "content bomb, 70 MB on 30 pages": (hostile.content_bomb(70, 30), "có nội dung bất thường"),
    "slow content, 5 pages of 3.9 MB": (hostile.content_bomb(3.9, 5, shared=False), "quá 3 giây nên đã dừng"),
}


async def test_hostile_pdfs_get_clear_messages_while_another_chat_is_answered_and_rss_stays_low(
        fake: FakeTelegram, clock: ManualClock, database_url: str) -> None:
    bot = Harness(fake, clock, bot_settings(fake, database_url, read_timeout=3))
    await bot.start()
    try:
        await onboard(bot, fake)
        admin, ha = fake.state.users[ADMIN], other_chat(fake)
        await bot.settle()
        lines = []
        with peak_rss() as rss:
            for name, (data, told) in HOSTILE.items():
                after = max(m.message_id for m in fake.bot_messages(GROUP))
                fake.send_document(GROUP, admin, data, "cong van.pdf")
                await fake.wait_message(GROUP, "Đang đọc tệp", after=after)
                wait = await help_latency(fake, OTHER, ha)
                failed = await fake.wait_message(GROUP, "Không đọc được tệp", after=after, timeout=60)
                lines.append(f"{name:<34} {len(data):>9,} B  /help {wait * 1000:5.0f} ms  -> {failed.text}")
                assert told in failed.text, failed.text
                assert wait < ANSWERED_WITHIN, (name, wait)
                assert all(word not in failed.text for word in ("Error", "error", "exceeds", "Sorry")), failed.text
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print("\n" + "\n".join(lines))
        print(f"bot process RSS: {rss['start']:.0f} MB before, peak {rss['peak']:.0f} MB "
              f"(limit {RSS_LIMIT_MB}); largest reader child so far {children:.0f} MB")
        assert rss["peak"] < RSS_LIMIT_MB
        assert not [m for m in fake.bot_messages(GROUP) if m.text == texts.ERROR], "no generic apology"
    finally:
        await bot.stop()


async def test_file_queue_bounded_per_chat_and_in_all_and_fair_between_chats(
        fake: FakeTelegram, clock: ManualClock, database_url: str) -> None:
    settings = bot_settings(fake, database_url, read_timeout=3, read_queue_per_chat=2, read_queue_total=3)
    bot = Harness(fake, clock, settings)
    await bot.start()
    try:
        await onboard(bot, fake)
        admin, ha, third = fake.state.users[ADMIN], other_chat(fake), other_chat(fake, THIRD, 31)
        await bot.settle()
        fake.command(OTHER, ha, "/agency Sở Y tế")
        await fake.wait_message(OTHER, "Đơn vị của nhóm")
        slow = hostile.content_bomb(3.9, 5, shared=False)
        fake.send_document(GROUP, admin, slow, "cham.pdf")
        await fake.wait_message(GROUP, "Đang đọc tệp")
        fake.send_document(GROUP, admin, docgen.text_pdf(FIVE), "b.pdf")
        queued = await fake.wait_message(GROUP, "đang chờ đọc")
        fake.send_document(GROUP, admin, docgen.text_pdf(HEALTH), "c.pdf")
        chat_full = await fake.wait_message(GROUP, "Nhóm đang có 2 tệp chờ đọc")
        fake.send_document(OTHER, ha, docgen.text_pdf(HEALTH), "d.pdf")
        await fake.wait_message(OTHER, "đang chờ đọc")
        fake.send_document(THIRD, third, docgen.text_pdf(HEALTH), "e.pdf")
        all_full = await fake.wait_message(THIRD, "Bot đang đọc nhiều tệp")
        assert "còn 1 tệp đến trước" in queued.text and "gửi lại" in chat_full.text and "gửi lại" in all_full.text
        await fake.wait_message(GROUP, "quá 3 giây nên đã dừng", timeout=30)
        other_card = await fake.wait_message(OTHER, "123/UBND-VX", timeout=30)
        group_card = await fake.wait_message(GROUP, "456/UBND-KGVX", timeout=30)
        sent = [call.get("text", "") for call in fake.calls("sendMessage")]
        assert sent.index(other_card.text) < sent.index(group_card.text), \
            "the other chat's one file is read before the first chat's second"
    finally:
        await bot.stop()
