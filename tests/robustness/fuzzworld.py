"""A small world for fuzzing: a group with an agency and saved tasks, a private chat, and reply checks."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

from dispatches import FIVE
from fakebot import FakeTelegram, Message, User, parse_html
from robust_harness import FUZZED, RobustHarness

from handlers import texts

GROUP, ADMIN, MEMBER = -1001, 11, 12
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)
REPLY_METHODS = ("sendMessage", "editMessageText")


@dataclass
class World:
    """The chats and people of one fuzz run, and where the check of the bot's replies got to."""

    bot: RobustHarness
    fake: FakeTelegram
    admin: User
    member: User
    calls_checked: int = 0
    errors_checked: int = 0
    cards: int = 0
    problems: list[str] = field(default_factory=list)

    @classmethod
    async def get(cls, bot: RobustHarness, fake: FakeTelegram) -> World:
        """The world of this test (made on the first example, kept for the next ones)."""
        world = getattr(bot, "world", None)
        if world is None:
            fake.group(GROUP, "Văn phòng Sở Y tế", admins=(ADMIN,))
            world = cls(bot, fake, fake.user(ADMIN, "Lan", "lan"), fake.user(MEMBER, "Minh", "minh"))
            await bot.say(GROUP, world.admin, "/agency Sở Y tế")
            await world.new_card(save=True)
            await world.new_card()
            world.check()
            bot.world = world
        return world

    async def new_card(self, *, save: bool = False) -> Message | None:
        """Paste a fresh variant of a five-task dispatch in the group; press save when asked."""
        self.cards += 1
        text = FIVE.replace("456/UBND", f"{456 + self.cards}/UBND")
        before = len(self.fake.bot_messages(GROUP))
        await self.bot.say(GROUP, self.admin, text)
        await self.bot.flush()
        card = next((m for m in self.fake.bot_messages(GROUP)[before:] if m.buttons()), None)
        if card is not None and save:
            await self.bot.click(card, self.admin, card.button("Lưu tất cả"))
        return card

    def messages_with_buttons(self, chat_id: int = GROUP) -> list[Message]:
        return [m for m in self.fake.bot_messages(chat_id) if m.buttons()]

    def check(self, strategy: str | None = None) -> None:
        """Every new reply is Vietnamese, parses, fits; no error reached the error handler; the DB is sound."""
        if strategy is not None:
            FUZZED[strategy] += 1
        calls = self.fake.state.calls
        for method, params, status in calls[self.calls_checked:]:
            if method in REPLY_METHODS and status == 200:
                plain = parse_html(str(params.get("text", "")))
                assert len(plain) <= 4096
                assert VIETNAMESE.search(plain), f"not a Vietnamese message: {plain[:200]!r}"
                assert params.get("text") != texts.ERROR, "a handler failed"
            if method == "answerCallbackQuery" and params.get("text"):
                assert VIETNAMESE.search(str(params["text"])), params
        self.calls_checked = len(calls)
        new_errors = [e for e in self.fake.state.errors[self.errors_checked:]
                      if "message is not modified" not in e[1]]  # an edit to the same text: caught and ignored
        self.errors_checked = len(self.fake.state.errors)
        assert new_errors == [], f"Telegram refused: {new_errors}"
        assert self.bot.handled.errors == [], f"reached the error handler: {self.bot.handled.errors[:3]}"
        assert list(self.bot.inconsistencies()) == []

    async def settled(self) -> None:
        """Let errors raised in jobs reach the error handler before checking."""
        for _ in range(3):
            await asyncio.sleep(0)
