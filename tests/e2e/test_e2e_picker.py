"""The assignment picker in a large group, page by page; an assignment notice that fails for now is sent later."""

from __future__ import annotations

from dispatches import FIVE
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard
from test_e2e_state import save_dispatch

from bot.settings import QuotaLimits

FIRST = 100  # user ids of the group's people: 100, 101, …


def names(picker: object) -> list[str]:
    return [label.removeprefix("✅ ") for label, _ in picker.buttons()  # type: ignore[attr-defined]
            if label.removeprefix("✅ ").startswith("Cán bộ")]


async def big_group(bot: Harness, fake: FakeTelegram, people: int) -> None:
    bot.deps.quota = QuotaLimits(burst=1000, per_minute=1000)  # many people speak at once
    await onboard(bot, fake)
    for n in range(people):
        fake.send_text(GROUP, fake.user(FIRST + n, f"Cán bộ {n:02d}"), "Đã nhận")
    await bot.settle()
    await save_dispatch(bot, fake, FIVE)


async def test_every_member_of_a_large_group_can_be_picked_page_by_page(bot: Harness, fake: FakeTelegram) -> None:
    await big_group(bot, fake, 25)
    admin = fake.state.users[ADMIN]
    fake.command(GROUP, admin, "/giao 2")
    picker = await fake.wait_message(GROUP, "Người phụ trách việc #2")
    first = names(picker)
    assert len(first) == 20 and "Trang 1/2" in picker.text
    assert "Trang trước" not in str(picker.buttons())
    await bot.press(picker, admin, "Trang sau")
    second = names(picker)
    assert "Trang 2/2" in picker.text and "Trang sau" not in str(picker.buttons())
    assert not set(first) & set(second), "no one on two pages"
    assert {f"Cán bộ {n:02d}" for n in range(25)} <= {*first, *second}, "everyone who spoke is on a page"
    await bot.press(picker, admin, "Cán bộ 24")
    assert "✅ Cán bộ 24" in [label for label, _ in picker.buttons()] and "Trang 2/2" in picker.text
    await bot.press(picker, admin, "Trang trước")
    assert "Trang 1/2" in picker.text and "✅ Cán bộ 24" in [label for label, _ in picker.buttons()], \
        "the person assigned stays in sight"


async def test_an_assignment_notice_that_fails_for_now_is_sent_again(bot: Harness, fake: FakeTelegram) -> None:
    bot.deps.notice_retry_delays = (0.05, 0.05, 0.05)
    await big_group(bot, fake, 1)
    person = fake.state.users[FIRST]
    fake.command(FIRST, person, "/start")
    await fake.wait_message(FIRST, "Đã bật nhắc việc riêng")
    fake.fail_next("sendMessage", code=502, chat_id=FIRST, times=2)  # Telegram's gateway, twice
    fake.command(GROUP, fake.state.users[ADMIN], "/giao 3")
    picker = await fake.wait_message(GROUP, "Người phụ trách việc #3")
    await bot.press(picker, fake.state.users[ADMIN], "Cán bộ 00")
    told = await fake.wait_message(FIRST, "Bạn được giao việc")
    assert "#3" in told.text
    assert len(fake.calls("sendMessage", status=502)) == 2
    assert len([m for m in fake.bot_messages(FIRST) if "Bạn được giao việc" in m.text]) == 1, "sent once"
