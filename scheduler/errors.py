"""What a Sender raises when Telegram refuses a message.

SendError
 ├── TransientSendError   429, 5xx, timeouts, network: retried later with backoff, never dropped
 ├── ChatGoneError        403 (bot removed or blocked), chat not found: the chat is paused
 └── BadRequestError      any other 400: retried a few times, then given up ("failed")
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


class BadRequestError(SendError):
    """Telegram rejected the message itself; retrying the same message will not help."""
