"""A fake Telegram Bot API server with simulated users, for end-to-end tests over loopback HTTP."""

from .html import EntityError, parse_html
from .server import FakeTelegram
from .state import ApiError, Chat, Message, User

__all__ = ["ApiError", "Chat", "EntityError", "FakeTelegram", "Message", "User", "parse_html"]
