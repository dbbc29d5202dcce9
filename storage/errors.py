"""Storage errors.

StorageError
 ├── DuplicateDispatchError   (.existing: the dispatch already saved in this chat)
 ├── InvalidSettingsError     (also a ValueError)
 └── InvalidUsernameError     (also a ValueError)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.models import Dispatch


class StorageError(Exception):
    """Root of the storage errors."""


class DuplicateDispatchError(StorageError):
    """The same dispatch (number and issuer, or text) is already saved in this chat."""

    def __init__(self, existing: Dispatch) -> None:
        super().__init__(f"dispatch already saved as #{existing.id}")
        self.existing = existing


class InvalidSettingsError(StorageError, ValueError):
    """A chat setting outside what the bot accepts (days before, HH:MM send time)."""


class InvalidUsernameError(StorageError, ValueError):
    """Not a Telegram @username."""
