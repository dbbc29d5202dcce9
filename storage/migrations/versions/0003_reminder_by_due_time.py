"""Reminders stored in (due_at, chat_id, id) order; ids drawn in Python.

The primary key becomes (due_at, chat_id, id), with a unique constraint keeping ``id`` the handle the app uses;
the index on chat_id goes (the key starts with due_at, chat_id, and SQLite's planner preferred that index).
On SQLite the table is rebuilt WITHOUT ROWID, so the primary key is the order the rows sit in: the reminders due
together, and a chat's among them, share a few pages, and a tick that marks 1,000 of them sent dirties tens
of pages instead of one per reminder. PostgreSQL keeps a heap and only changes the keys: ``id`` becomes BIGINT
without its sequence (storage.models.new_reminder_id draws new ids). Existing ids, states and times are kept.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PENDING = sa.text("state = 'pending'")
COLUMNS = (
    "id, task_id, chat_id, due_at, kind, days, state, claimed_by, claim_expires_at, attempts, "
    "next_attempt_at, sent_at, message_id, last_error"
)


def _columns(id_type: sa.types.TypeEngine[int]) -> list[sa.Column[object]]:
    return [
        sa.Column("id", id_type, autoincrement=False, nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("claimed_by", sa.String(), nullable=True),
        sa.Column("claim_expires_at", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
    ]


def _rebuild_sqlite(*, clustered: bool) -> None:
    """Copy the reminder table into a new one (clustered: WITHOUT ROWID, keyed on due time) and swap them."""
    keys: list[sa.Constraint] = (
        [sa.PrimaryKeyConstraint("due_at", "chat_id", "id", name="pk_reminder"),
         sa.UniqueConstraint("id", name="uq_reminder_id")]
        if clustered
        else [sa.PrimaryKeyConstraint("id", name="pk_reminder")]
    )
    op.create_table(
        "reminder_new",
        *_columns(sa.BigInteger() if clustered else sa.Integer()),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], name="fk_reminder_chat_id_chat"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name="fk_reminder_task_id_task"),
        *keys,
        sa.UniqueConstraint("task_id", "kind", "due_at", name="uq_reminder_task_id_kind_due_at"),
        sqlite_with_rowid=not clustered,
    )
    order = "due_at, chat_id, id" if clustered else "id"
    op.execute(f"INSERT INTO reminder_new ({COLUMNS}) SELECT {COLUMNS} FROM reminder ORDER BY {order}")
    op.drop_table("reminder")  # its indexes go with it
    op.rename_table("reminder_new", "reminder")
    _create_indexes(chat_index=not clustered)


def _create_indexes(*, chat_index: bool) -> None:
    op.create_index(
        "ix_reminder_pending_due_at",
        "reminder",
        ["due_at", "chat_id", "next_attempt_at"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )
    if chat_index:
        op.create_index("ix_reminder_chat_id", "reminder", ["chat_id"])
    op.create_index("ix_reminder_task_id", "reminder", ["task_id"])


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(clustered=True)
        return
    op.drop_constraint("pk_reminder", "reminder", type_="primary")
    op.alter_column("reminder", "id", type_=sa.BigInteger(), server_default=None, existing_nullable=False)
    op.execute("DROP SEQUENCE IF EXISTS reminder_id_seq")
    op.create_primary_key("pk_reminder", "reminder", ["due_at", "chat_id", "id"])
    op.create_unique_constraint("uq_reminder_id", "reminder", ["id"])
    op.drop_index("ix_reminder_chat_id", table_name="reminder")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(clustered=False)
        return
    # ids drawn since 0003 do not fit the old INTEGER column: the id stays BIGINT, counting on from the largest
    op.create_index("ix_reminder_chat_id", "reminder", ["chat_id"])
    op.drop_constraint("uq_reminder_id", "reminder", type_="unique")
    op.drop_constraint("pk_reminder", "reminder", type_="primary")
    op.create_primary_key("pk_reminder", "reminder", ["id"])
    op.execute("CREATE SEQUENCE reminder_id_seq AS BIGINT OWNED BY reminder.id")
    op.execute("SELECT setval('reminder_id_seq', COALESCE((SELECT max(id) FROM reminder), 0) + 1, false)")
    op.alter_column("reminder", "id", server_default=sa.text("nextval('reminder_id_seq')"))
