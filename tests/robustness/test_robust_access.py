"""Access: chat B's task ids and callback data are useless in chat A; group admins guard agency, settings and
deletion (getChatMember) while anyone may mark done; chats off the allowlist are left."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dispatches import FIVE
from fakebot import FakeTelegram, Message
from robust_harness import RobustHarness
from sqlalchemy import text

from bot.clock import ManualClock
from dispatch.time.calendar import VN_TZ
from handlers import texts

CHAT_A, CHAT_B, STRANGER = -1001, -3003, -4004
INTRUDER, ADMIN_B, MEMBER_B = 11, 41, 42
B_TASK_WORDS = ("danh mục thuốc", "an toàn thực phẩm", "tiêm chủng", "sức khỏe học đường", "tình hình dịch bệnh")


async def setup_chat_b(bot: RobustHarness, fake: FakeTelegram) -> dict[str, Any]:
    """Chat B: an agency, five saved tasks, reminders sent with buttons, an open card and an agency offer."""
    fake.group(CHAT_B, "Sở Y tế B", admins=(ADMIN_B,))
    admin, member = fake.user(ADMIN_B, "Bình", "binh"), fake.user(MEMBER_B, "Cúc", "cuc")
    await bot.say(CHAT_B, admin, "/agency Sở Y tế")
    await bot.say(CHAT_B, admin, FIVE)
    await bot.flush()
    card = fake.bot_messages(CHAT_B)[-1]
    await bot.click(card, admin, card.button("Lưu tất cả"))
    for day in (3, 4):
        await bot.tick(datetime(2026, 3, day, 8, 0, 30, tzinfo=VN_TZ))
    await bot.say(CHAT_B, admin, FIVE.replace("456/UBND", "457/UBND"))  # a card left open
    await bot.flush()
    await bot.say(CHAT_B, admin, "/agency Phòng Giáo")  # an offer of agencies left open
    with bot.deps.db.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM offer WHERE chat_id = :c AND state = 'open'"),
                            {"c": CHAT_B}).scalar(), "the offer exists"
    data = sorted({d for m in fake.bot_messages(CHAT_B) for _, d in m.buttons()})
    kinds = {d.split(":")[0] for d in data}
    assert {"cd", "ag", "done", "snooze", "extend"} <= kinds, kinds
    with bot.deps.db.connect() as conn:
        task_ids = [r[0] for r in conn.execute(text("SELECT id FROM task WHERE chat_id = :c"), {"c": CHAT_B})]
        reminder_ids = [r[0] for r in conn.execute(text("SELECT id FROM reminder WHERE chat_id = :c"), {"c": CHAT_B})]
    return {"admin": admin, "member": member, "data": data, "task_ids": task_ids, "reminder_ids": reminder_ids}


ADDING = frozenset({"them", "add"})


def snapshot(bot: RobustHarness, fake: FakeTelegram, chat_id: int) -> dict[str, Any]:
    """Everything about a chat that an intruder must not change."""
    with bot.deps.db.connect() as conn:
        rows = {
            "tasks": conn.execute(text("SELECT id, short_id, status, deadline, deadline_time, "
                                       "done_at FROM task WHERE chat_id = :c ORDER BY id"), {"c": chat_id}).all(),
            "reminders": conn.execute(text("SELECT id, state, due_at, next_attempt_at FROM reminder "
                                           "WHERE chat_id = :c ORDER BY id"), {"c": chat_id}).all(),
            "chat": conn.execute(text("SELECT agency, days_before, send_at, remind_collective, active FROM chat "
                                      "WHERE id = :c"), {"c": chat_id}).all(),
            "audit": conn.execute(text("SELECT COUNT(*) FROM audit_event WHERE chat_id = :c"), {"c": chat_id}).all(),
            "drafts": conn.execute(text("SELECT d.id, d.state, d.show_all, d.page, t.id, t.task, t.dropped "
                                        "FROM draft d JOIN draft_task t ON t.draft_id = d.id WHERE d.chat_id = :c "
                                        "ORDER BY t.id"), {"c": chat_id}).all(),
            "offers": conn.execute(text("SELECT id, choices, state FROM offer WHERE chat_id = :c ORDER BY id"),
                                   {"c": chat_id}).all(),
            "prompts": conn.execute(text("SELECT user_id, draft_task_id, task_id FROM prompt WHERE chat_id = :c"),
                                    {"c": chat_id}).all(),
        }
    return {**rows, "messages": [(m.message_id, m.text, m.reply_markup) for m in fake.bot_messages(chat_id)]}


async def test_chat_a_cannot_see_or_touch_chat_b_with_any_command_or_button(bot: RobustHarness,
                                                                           fake: FakeTelegram) -> None:
    b = await setup_chat_b(bot, fake)
    fake.group(CHAT_A, "Nhóm A", admins=(INTRUDER,))
    intruder = fake.user(INTRUDER, "Khách", "khach")
    await bot.say(CHAT_A, intruder, "/agency Sở Y tế")
    before = snapshot(bot, fake, CHAT_B)
    assert len(before["tasks"]) == 5 and before["drafts"] and before["offers"]
    # /them adds a task to the intruder's own chat (that is its job), which later commands could then find:
    # it goes last, so every other command meets a chat that has no task of its own
    commands = sorted(bot.command_names(), key=lambda name: name in ADDING)
    ids = [str(n) for n in range(1, 6)] + [f"#{n}" for n in range(1, 6)] + [str(i) for i in b["task_ids"]]
    checks = 0
    for chat_id in (CHAT_A, INTRUDER):  # the intruder's group, and a private chat with the bot
        for name in commands:
            for ident in ids:
                await bot.say(chat_id, intruder, f"/{name} {ident} 25/12/2026" if name in {"deadline", "han"} else
                              f"/{name} {ident} @khach" if name in {"assign", "giao"} else f"/{name} {ident}")
                await bot.say(chat_id, intruder, "25/12/2026")  # in case something now waits for a date
                checks += 1
        forged = Message(chat_id, 10**6 + checks, "giả", True, None)  # chat B's buttons replayed from chat A
        fake.state.messages[(chat_id, forged.message_id)] = forged
        made_up = ([f"{k}:{i}" for k in ("done", "extend") for i in b["task_ids"]]
                   + [f"snooze:{i}" for i in b["reminder_ids"]] + [f"ag:{i}" for i in range(6)]
                   + [d.rsplit(":", 1)[0] + ":" + str(n) for d in b["data"] if d.startswith("ag:") for n in range(6)])
        for data in [*b["data"], *made_up]:
            forged.reply_markup = {"inline_keyboard": [[{"text": "x", "callback_data": data}]]}
            await bot.click(forged, intruder, data)
            await bot.say(chat_id, intruder, "25/12/2026")
            checks += 1
        await bot.flush()
    after = snapshot(bot, fake, CHAT_B)
    assert after == before, "chat B was changed from chat A"
    replies = " ".join(m.text for c in (CHAT_A, INTRUDER) for m in fake.bot_messages(c))
    assert not any(words in replies.lower() for words in B_TASK_WORDS), "chat B's tasks were shown in chat A"
    successes = (texts.DONE, texts.DEADLINE_SET, texts.DELETED, texts.REOPENED, texts.ASSIGNED, texts.UNASSIGNED,
                 texts.SNOOZED, texts.SAVED, texts.ASK_DEADLINE)
    for template in successes:
        assert template.split("{")[0] not in replies, template
    assert bot.handled.errors == []
    print(f"\naccess checks tried: {checks} ({len(commands)} commands, {len(b['data'])} buttons of chat B)")
    assert checks >= 400


async def test_group_admins_guard_agency_settings_and_delete_anyone_marks_done(bot: RobustHarness,
                                                                              fake: FakeTelegram) -> None:
    b = await setup_chat_b(bot, fake)
    member, admin = b["member"], b["admin"]

    async def reply_to(user: Any, command: str) -> str:
        last = fake.bot_messages(CHAT_B)[-1].message_id
        await bot.say(CHAT_B, user, command)
        return " ".join(m.text for m in fake.bot_messages(CHAT_B) if m.message_id > last)

    chat_before = snapshot(bot, fake, CHAT_B)["chat"]
    asked = len(fake.calls("getChatMember"))
    for command in ("/agency Sở Tài chính", "/donvi Sở Tài chính", "/settings days 5,2", "/caidat time 09:00",
                    "/settings chung off", "/delete 1", "/xoa 2"):
        assert texts.ADMIN_ONLY.split("{")[0] in await reply_to(member, command), command
    offer = next(m for m in fake.bot_messages(CHAT_B) if any(d.startswith("ag:") for _, d in m.buttons()))
    await bot.click(offer, member, offer.buttons()[0][1])
    assert texts.ADMIN_ONLY.split("{")[0] in fake.bot_messages(CHAT_B)[-1].text
    assert len(fake.calls("getChatMember")) - asked == 8, "each was checked with getChatMember"
    assert snapshot(bot, fake, CHAT_B)["chat"] == chat_before
    assert "Cách dùng" not in await reply_to(member, "/settings")  # looking is allowed
    assert "đã xong" in await reply_to(member, "/done 1")
    reminder = next(m for m in fake.bot_messages(CHAT_B) if any(d.startswith("done:") for _, d in m.buttons()))
    done_data = next(d for _, d in reminder.buttons() if d.startswith("done:"))
    await bot.click(reminder, member, done_data)
    assert "đã xong" in fake.bot_messages(CHAT_B)[-1].text or "đã được đánh dấu xong" in \
        fake.bot_messages(CHAT_B)[-1].text
    question = await reply_to(admin, "/delete 2")
    assert "Xóa việc #2?" in question
    ask = fake.bot_messages(CHAT_B)[-1]
    await bot.click(ask, member, ask.button("Xóa việc"))
    assert texts.ADMIN_ONLY.split("{")[0] in fake.bot_messages(CHAT_B)[-1].text, "only an admin confirms"
    await bot.click(ask, admin, ask.button("Xóa việc"))
    assert "Đã xóa việc #2" in ask.text
    assert "Đã lưu cài đặt" in await reply_to(admin, "/settings days 5,2")
    assert "Đơn vị của nhóm" in await reply_to(admin, "/agency Sở Tài chính")
    assert bot.handled.errors == []


async def test_allowlist_leaves_other_chats_and_ignores_them(fake: FakeTelegram, clock: ManualClock,
                                                              database_url: str) -> None:
    bot = RobustHarness.create(fake, clock, database_url, allowed_chats=frozenset({CHAT_A}))
    await bot.start()
    try:
        fake.group(CHAT_A, "Nhóm A", admins=(INTRUDER,))
        fake.group(STRANGER, "Nhóm lạ", admins=(ADMIN_B,))
        allowed, stranger = fake.user(INTRUDER, "Lan", "lan"), fake.user(ADMIN_B, "Lạ")
        fake.add_bot(STRANGER, stranger)
        fake.command(STRANGER, stranger, "/start")
        fake.command(ADMIN_B, stranger, "/start")  # a private chat that is not on the list either
        fake.add_bot(CHAT_A, allowed)
        fake.command(CHAT_A, allowed, "/help")
        await bot.settle()
        await fake.wait_message(CHAT_A, "Cách dùng Đôn đốc")
        left = [int(p["chat_id"]) for p in fake.calls("leaveChat")]
        assert STRANGER in left and CHAT_A not in left and ADMIN_B not in left
        assert fake.state.chats[STRANGER].bot_kicked, "the bot left the stranger group"
        assert fake.bot_messages(STRANGER) == [] and fake.bot_messages(ADMIN_B) == []
        assert bot.handled.errors == []
    finally:
        await bot.stop()


