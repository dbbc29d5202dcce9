"""Property-based fuzzing of the handlers: whatever arrives, the bot answers in Vietnamese or stays silent.

Each example is one update processed by the real Application (replies go over HTTP to the fake server,
which parses them like Telegram); after it: no error reached the error handler, every reply parses and
fits, and the database invariants hold (robust_harness.inconsistencies).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakebot import FakeTelegram
from fuzzworld import ADMIN, GROUP, MEMBER, World
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_harness import RobustHarness

FUZZ = settings(max_examples=250, deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])

VIET = st.sampled_from(list("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐƯƠ "))
EMOJI = st.sampled_from(["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇻🇳", "❤️", "🏳️‍🌈", "🧑‍💻", "\U0001f9ff", "🫠"])
HTMLISH = st.sampled_from(["<", ">", "&", "&amp;", "<b>", "</b>", "<a href='x'>", "*", "_", "`", "```", "\\",
                           "&#0;", "&lt;", "<script>", "]]>", "<!--", "%s", "{label}", "{0}", "\r\n"])
ODD = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Mn", "Co"], codec="utf-8")
ANY = st.text(st.characters(codec="utf-8"), max_size=200)
MIXED = st.lists(st.one_of(ANY, ODD, VIET, EMOJI, HTMLISH), max_size=30).map("".join)
TEXTS = st.one_of(
    MIXED,
    st.lists(EMOJI, min_size=1, max_size=50).map("".join),
    st.lists(ODD, min_size=1, max_size=20).map("".join),
    st.tuples(MIXED.filter(bool), st.integers(1, 20_000)).map(lambda p: (p[0] * p[1])[:200_000]),
    st.sampled_from(["31/02", "12/6/20201", "ngày 31/02/2026", "Số: /UBND", "1. Giao Sở Y tế chủ trì", "\u202e"]),
)
ARGS = st.one_of(
    st.sampled_from(["1", "#1", "2", "5", "0", "-1", "99999999999", "1" * 40, "²", "３", "٣", "1.5", "1e3", "#",
                     "@", "-", "none", "bo", "all", "overdue", "done", "xong", "quahan", "tatca", "days", "ngay",
                     "time", "gio", "chung", "on", "off", "bật", "7,3,1", "0,0", "61", ",,,", "1,2,3,4,5,6,7,8,9,10,11",
                     "8:00", "25:99", "8h", "24:00", "8:0", "08:000", "31/02", "12/6/20201", "25/12", "@lan", "@a",
                     "@" + "x" * 40, "@lan@lan", "Sở", "Y", "tế", "UBND", "<b>", "&amp;"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Zs", "Cc", "Zl", "Zp"]), min_size=1, max_size=40),
)
CHATS = st.sampled_from([(GROUP, ADMIN), (GROUP, MEMBER), (ADMIN, ADMIN), (MEMBER, MEMBER)])
DATES = st.one_of(
    st.from_regex(r"\A\d{1,3}/\d{1,3}(/\d{1,6})?\Z"),
    st.from_regex(r"\A\d{1,2}[hg:]\d{0,2} \d{1,2}/\d{1,2}\Z"),
    st.sampled_from(["31/02", "12/6/20201", "29/02/2027", "29/02/2028", "0/0", "00/00/0000", "31/04", "32/1",
                     "thứ sáu tuần sau", "3 ngày nữa", "cuối tháng", "17h 30/11", "ngày mai", "hôm qua",
                     "999999 ngày nữa", "-3 ngày nữa", "thứ tám", "25/12/1900", "25/12/9999", "25-12-2026",
                     "2026-12-25", "25.12", " ", "\u200b", "٢٥/١٢", "２５/１２"]),
    MIXED,
)


@FUZZ
@given(text=TEXTS, where=CHATS, forwarded=st.booleans())
async def test_fuzz_text_messages(bot: RobustHarness, fake: FakeTelegram, text: str, where: tuple[int, int],
                                  forwarded: bool) -> None:
    world = await World.get(bot, fake)
    chat_id, user_id = where
    extra: dict[str, Any] = {"forward_origin": {"type": "hidden_user", "date": 0, "sender_user_name": "Văn thư"}} if forwarded else {}
    await bot.say(chat_id, fake.state.users[user_id], text, **extra)
    await bot.flush()
    await world.settled()
    world.check("text")


@FUZZ
@given(data=st.data(), where=CHATS, args=st.lists(ARGS, max_size=4), sep=st.sampled_from([" ", "  ", "\n", "\t"]),
       mention=st.sampled_from(["", "", "@dondoc_test_bot", "@other_bot", "@"]), edited=st.booleans())
async def test_fuzz_commands(bot: RobustHarness, fake: FakeTelegram, data: st.DataObject, where: tuple[int, int],
                             args: list[str], sep: str, mention: str, edited: bool) -> None:
    world = await World.get(bot, fake)
    name = data.draw(st.sampled_from([*bot.command_names(), "unknown", "Done", "DONE", ""]))
    text = sep.join([f"/{name}{mention}", *args])
    chat_id, user_id = where
    await bot.say(chat_id, fake.state.users[user_id], text,
                  **({"edit_date": fake.state.now_ts()} if edited else {}),
                  kind="edited_message" if edited else "message")
    await bot.flush()
    await world.settled()
    world.check("command")
    if not world.messages_with_buttons():
        await world.new_card()


MADE_UP = st.builds(lambda k, parts: ":".join([k, *parts]), st.sampled_from(["cd", "ag", "done", "snooze", "extend",
                                                                           "xx", ""]),
                    st.lists(st.one_of(ARGS, st.sampled_from(["save", "drop", "edit", "all", "cancel"])), max_size=4))
# callback data: a real button's (picked by index among the chat's buttons at that moment), mutated, made up,
# random, or missing; the strategy never depends on the bot's state (hypothesis replays it)
PAYLOADS = st.one_of(
    st.tuples(st.just("real"), st.integers(0, 10**6), st.just("")),
    st.tuples(st.just("append"), st.integers(0, 10**6), ARGS),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.integers(0, 64).map(str)),
    st.tuples(st.just("swap"), st.integers(0, 10**6), ARGS),
    st.tuples(st.just("made"), st.just(0), MADE_UP),
    st.tuples(st.just("made"), st.just(0), st.text(max_size=64)),
    st.tuples(st.just("none"), st.just(0), st.just("")),
)


def payload(spec: tuple[str, int, str], real: list[str]) -> str | None:
    """Turn a drawn payload spec into callback data, against the buttons that exist now."""
    how, index, extra = spec
    if how == "none":
        return None
    if how == "made" or not real:
        return extra or "x"
    data = real[index % len(real)]
    if how == "append":
        return data + extra
    if how == "cut":
        return data[:int(extra)]
    if how == "swap":
        return data.rsplit(":", 1)[0] + ":" + extra
    return data


@FUZZ
@given(where=st.sampled_from([(GROUP, ADMIN), (GROUP, MEMBER), (GROUP, ADMIN), (ADMIN, ADMIN)]),
       target=st.integers(0, 10**6), spec=PAYLOADS, shape=st.sampled_from(["message", "message", "inline", "gone"]),
       tick=st.integers(0, 9))
async def test_fuzz_buttons(bot: RobustHarness, fake: FakeTelegram, where: tuple[int, int], target: int,
                            spec: tuple[str, int, str], shape: str, tick: int) -> None:
    world = await World.get(bot, fake)
    chat_id, user_id = where
    user = fake.state.users[user_id]
    targets = world.messages_with_buttons(chat_id)[-5:] or fake.bot_messages(chat_id)[-5:]
    if not targets:
        await bot.say(chat_id, user, "/help")
        targets = fake.bot_messages(chat_id)
    real = [d for m in world.messages_with_buttons() for _, d in m.buttons()]
    data = payload(spec, real)
    if shape == "inline":  # a press on an inline-mode message: no chat, no message
        await bot.feed({"id": fake.state.next_callback_id(), "from": user.to_dict(), "chat_instance": "1",
                        "inline_message_id": "AAA", "data": data or "x"}, "callback_query")
    elif shape == "gone":  # a message too old for Telegram to include (InaccessibleMessage)
        await bot.feed({"id": fake.state.next_callback_id(), "from": user.to_dict(), "chat_instance": "1",
                        "message": {"chat": fake.state.chats[chat_id].to_dict(), "message_id": 1, "date": 0},
                        "data": data or "x"}, "callback_query")
    else:
        await bot.click(targets[target % len(targets)], user, data)
    await world.settled()
    world.check("button")
    if tick == 0:  # now and then the clock moves and reminders go out
        await bot.tick(bot.clock.now() + timedelta(days=1))
        world.check()
    if not world.messages_with_buttons():
        await world.new_card()


@FUZZ
@given(data=st.data(), typed=DATES, route=st.sampled_from(["card", "extend", "command", "alias"]))
async def test_fuzz_deadline_edits(bot: RobustHarness, fake: FakeTelegram, data: st.DataObject, typed: str,
                                   route: str) -> None:
    world = await World.get(bot, fake)
    admin = world.admin
    if route in {"command", "alias"}:
        number = data.draw(st.sampled_from(["1", "2", "3", "7", "#4", "0", "²"]))
        name = "deadline" if route == "command" else "han"
        await bot.say(GROUP, admin, f"/{name} {number} {typed}")
    else:
        card = world.messages_with_buttons()[-1] if world.messages_with_buttons() else await world.new_card()
        if route == "card" and card is not None and any("Sửa hạn" in label for label, _ in card.buttons()):
            await bot.click(card, admin, card.button("Sửa hạn"))
        else:
            task_id = bot.scalar("SELECT MIN(id) FROM task WHERE chat_id = :c AND status = 'open'", c=GROUP)
            await bot.click(card or fake.bot_messages(GROUP)[-1], admin, f"extend:{task_id}")
        await bot.say(GROUP, admin, typed)  # the answer to "Nhập hạn mới"
    await bot.flush()
    await world.settled()
    world.check("deadline")
