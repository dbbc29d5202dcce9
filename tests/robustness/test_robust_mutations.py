"""A deterministic list of generated and mutated inputs: extremes, every command with every odd argument,
every button kind with tampered data, and seeded mutations of real-looking dispatches."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from dispatches import FIVE, HEALTH, NASTY
from fakebot import FakeTelegram
from fuzzworld import ADMIN, GROUP, World
from robust_harness import FUZZED, RobustHarness

SEED = 20260302
EXTREMES = [
    "", " ", "\n\n\n", "\x00", "\x00" * 50, "a\x00b", "\u200b", "\u202e" + "abc", "\ufeff", "\ud7ff", "\U0010fffd",
    "😀", "👨‍👩‍👧‍👦" * 500, "🇻🇳" * 2048, "x" * 4096, "x" * 4097, "ư" * 1_000_000, "<" * 1_000_000,
    ("1. Giao Sở Y tế chủ trì <b>&amp;</b> trước ngày 31/02/2026.\n" * 20_000)[:1_000_000],
    "Số: 12/UBND\nngày 12/6/20201\n1. Giao Sở Y tế chủ trì, hoàn thành trước ngày 12/6/20201.",
    "1. Giao Sở Y tế chủ trì, hoàn thành trước ngày 31/02/2026.", "/", "/ ", "//done 1", "/done" + " 1" * 5000,
    "/agency " + "Sở " * 100_000, "/deadline 1 " + "9" * 10_000, "/assign 1 @" + "a" * 10_000,
    "/settings days " + ",".join(["7"] * 5000), "/tasks " + "all " * 1000, "\r\n".join(["/status"] * 100),
]
ODD_ARGS = ["1", "#1", "5", "0", "-1", "99999999999", "1" * 40, "²", "３", "٣", "1.5", "#", "@", "-", "all", "overdue",
            "days", "time", "chung", "on", "7,3,1", "0,0", "61", "8:00", "25:99", "8h", "31/02", "12/6/20201", "25/12",
            "@lan", "@" + "x" * 40, "<b>", "&amp;", "\x00", "😀", "\u202e", "Sở Y tế"]
CALLBACK_IDS = ["0", "1", "-1", "²", "٣", "99999999999999999999", "1" * 64, "", "abc", "1:2", "\x00", "😀"]
POOL = ["<", ">", "&", "*", "_", "\x00", "\u200b", "\u202e", "\ufeff", "😀", "ư", "Đ", "\t", "\n", "31/02", "12/6/20201",
        "</b>", "<b>", "&amp;", "Số:", "ngày", "trước ngày", "\u0301", "\u0323", "\u00a0"]


def mutate(text: str, rng: random.Random) -> str:
    """One to four random edits: insert, delete, duplicate, swap lines, corrupt dates, renormalise."""
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(9)
        i = rng.randrange(len(text) + 1)
        if op == 0:
            text = text[:i] + rng.choice(POOL) + text[i:]
        elif op == 1:
            text = text[:i] + text[i + rng.randint(1, 80):]
        elif op == 2:
            text = text[:i] + text[i:i + rng.randint(1, 400)] * rng.randint(2, 30) + text[i:]
        elif op == 3:
            lines = text.split("\n")
            rng.shuffle(lines)
            text = "\n".join(lines)
        elif op == 4:
            text = text.replace("20/3/2026", rng.choice(["31/02/2026", "12/6/20201", "0/0/0", "32/13/2026"]))
        elif op == 5:
            text = unicodedata.normalize(rng.choice(["NFC", "NFD", "NFKC", "NFKD"]), text)
        elif op == 6:
            text = "".join(chr(rng.randrange(0x20, 0x3000)) if rng.random() < 0.02 else c for c in text)
        elif op == 7:
            text = text[:i]
        else:
            text = text.upper() if rng.random() < 0.5 else text.lower()
    return text


def mutations(n: int) -> Iterator[str]:
    rng = random.Random(SEED)
    for k in range(n):
        base = (HEALTH, FIVE, NASTY)[k % 3].replace("Số: ", f"Số: {k}")
        yield mutate(base, rng)


async def test_generated_and_mutated_inputs(bot: RobustHarness, fake: FakeTelegram) -> None:
    world = await World.get(bot, fake)
    admin, member = world.admin, world.member
    await bot.say(ADMIN, admin, "/agency Sở Y tế")  # the private chat gets cards too
    start = sum(FUZZED.values())

    for text in EXTREMES:
        for chat_id, user in ((GROUP, admin), (ADMIN, admin)):
            await bot.say(chat_id, user, text)
            await bot.flush()
            world.check("extreme")

    for name in bot.command_names():
        for arg in ODD_ARGS:
            for user in (admin, member):
                await bot.say(GROUP, user, f"/{name} {arg} {arg}" if name in {"deadline", "assign", "han", "giao"}
                              else f"/{name} {arg}")
                world.check("command x argument")
            if world.messages_with_buttons() == []:
                await world.new_card()

    card = world.messages_with_buttons()[-1]
    for kind in ("cd", "ag", "done", "snooze", "extend", "xx"):
        for ident in CALLBACK_IDS:
            for data in (f"{kind}:{ident}", f"{kind}:{ident}:save", f"{kind}:{ident}:drop:{ident}",
                         f"{kind}:{ident}:edit:{ident}", f"{kind}:"):
                await bot.click(card, member, data)
                world.check("tampered button")

    for n, text in enumerate(mutations(450)):
        chat_id = ADMIN if n % 2 else GROUP
        forwarded: dict[str, Any] = {"forward_origin": {"type": "hidden_user", "date": 0, "sender_user_name": "VT"}}
        await bot.say(chat_id, admin, text, **(forwarded if n % 3 else {}))
        await bot.flush()
        world.check("mutated dispatch")
        if n % 15 == 0:  # save some of them: the stored side must stay consistent too
            cards = world.messages_with_buttons(chat_id)
            if cards and any("Lưu" in label for label, _ in cards[-1].buttons()):
                await bot.click(cards[-1], admin, cards[-1].button("Lưu"))
                world.check()

    for _ in range(13):  # reminders for whatever got saved, then the invariants once more
        await bot.tick(bot.clock.now().replace(hour=8, minute=0, second=30) + timedelta(days=3))
        world.check()
    total = sum(FUZZED.values()) - start
    print(f"\n{total} generated and mutated inputs went through the handlers")
    assert total >= 2000
