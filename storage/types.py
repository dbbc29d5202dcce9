"""Column types: UTC datetimes that come back timezone-aware on every backend; recurrences as values."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from dispatch.time.recurrence import Recurrence


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC; re-attach UTC on load (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class RecurrenceText(TypeDecorator[Recurrence]):
    """A dispatch.time.recurrence.Recurrence stored as its code ("monthly:20"); a code that no longer reads
    is None."""

    impl = String()
    cache_ok = True

    def process_bind_param(self, value: Recurrence | None, dialect: Dialect) -> str | None:
        return None if value is None else value.code

    def process_result_value(self, value: Any, dialect: Dialect) -> Recurrence | None:
        return None if value is None else Recurrence.parse(str(value))
