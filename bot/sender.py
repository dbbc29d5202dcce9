"""The scheduler's Sender on top of the Telegram Bot: buttons to InlineKeyboardMarkup, errors mapped."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from scheduler.errors import (
    BadRequestError,
    ChatGoneError,
    ChatMigratedError,
    MalformedMessageError,
    TransientSendError,
)

Buttons = Sequence[Sequence[tuple[str, str]]]
GONE_MARKERS = ("chat not found", "bot was kicked", "bot is not a member", "group chat was deactivated")
MALFORMED_MARKERS = ("can't parse", "too long", "is empty", "must be non-empty", "button_data_invalid",
                     "unallowed", "reply markup")


def keyboard(buttons: Buttons) -> InlineKeyboardMarkup | None:
    """Rows of (label, callback_data) as an inline keyboard (None when empty)."""
    rows = [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in buttons if row]
    return InlineKeyboardMarkup(rows) if rows else None


class TelegramSender:
    """Sends reminder digests through the bot (rate limiting and 429 retries happen in AIORateLimiter)."""

    def __init__(self, bot: Bot, *, answered: Callable[[], None] | None = None) -> None:
        self.bot = bot
        self.answered = answered  # called whenever Telegram answers a send, whatever it says (/healthz)

    async def send(self, chat_id: int, html: str, buttons: Buttons) -> int:
        try:
            return await self._send(chat_id, html, buttons)
        finally:
            if self.answered is not None:
                self.answered()

    async def _send(self, chat_id: int, html: str, buttons: Buttons) -> int:
        try:
            message = await self.bot.send_message(chat_id, html, parse_mode=ParseMode.HTML,
                                                  reply_markup=keyboard(buttons))
        except RetryAfter as exc:
            retry = exc.retry_after
            seconds = retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
            raise TransientSendError(str(exc), retry_after=seconds) from exc
        except Forbidden as exc:
            raise ChatGoneError(str(exc)) from exc
        except ChatMigrated as exc:
            raise ChatMigratedError(int(exc.new_chat_id)) from exc
        except BadRequest as exc:
            said = str(exc).lower()
            if any(marker in said for marker in GONE_MARKERS):
                raise ChatGoneError(str(exc)) from exc
            if any(marker in said for marker in MALFORMED_MARKERS):
                raise MalformedMessageError(str(exc)) from exc
            raise BadRequestError(str(exc)) from exc
        except (TimedOut, NetworkError) as exc:
            raise TransientSendError(str(exc)) from exc
        return message.message_id
