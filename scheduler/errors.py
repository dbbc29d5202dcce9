"""What a Sender raises when Telegram refuses a message.

SendError
 ├── TransientSendError   429, 5xx, timeouts, network: retried later with backoff, never dropped
 ├── ChatGoneError        403 (bot removed or blocked), chat not found: the chat is paused and probed again
 ├── ChatMigratedError    the group became a supergroup (400 with migrate_to_chat_id): the chat is moved
 └── BadRequestError      any other 400 (not enough rights, ...): retried with backoff for a day, then "failed"
      └── MalformedMessageError  the message itself is wrong (too long, bad HTML): 3 tries, then "failed"
"""

from __future__ import annotations


class SendError(Exception):
    """Root of the errors a Sender raises."""


class TransientSendError(SendError):
    """Try again later; ``retry_after`` (seconds) when Telegram said how long to wait."""

    def __init__(self, message: str = "", retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ChatGoneError(SendError):
    """The bot can no longer post in this chat."""


class ChatMigratedError(SendError):
    """The group was upgraded to a supergroup: its chat id is now ``new_chat_id``."""

    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"chat migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id


class BadRequestError(SendError):
    """Telegram refused the message (a muted bot, a restriction): worth trying again for a while."""


class MalformedMessageError(BadRequestError):
    """Telegram refused the text or buttons themselves; the same message will be refused again."""
