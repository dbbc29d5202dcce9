"""Initial schema: chat, pending_dispatch, dispatch, task, reminder, audit_event.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("agency", sa.String(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("days_before", sa.JSON(), nullable=False),
        sa.Column("send_at", sa.String(), nullable=False),
        sa.Column("remind_collective", sa.Boolean(), nullable=False),
        sa.Column("next_short_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_chat"),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_event"),
    )
    op.create_index("ix_audit_event_chat_id", "audit_event", ["chat_id"])
    op.create_index("ix_audit_event_task_id", "audit_event", ["task_id"])
    op.create_table(
        "pending_dispatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], name="fk_pending_dispatch_chat_id_chat"),
        sa.PrimaryKeyConstraint("id", name="pk_pending_dispatch"),
    )
    op.create_index("ix_pending_dispatch_chat_id", "pending_dispatch", ["chat_id"])
    op.create_table(
        "dispatch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(), nullable=True),
        sa.Column("issuer", sa.String(), nullable=True),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], name="fk_dispatch_chat_id_chat"),
        sa.PrimaryKeyConstraint("id", name="pk_dispatch"),
        sa.UniqueConstraint("chat_id", "text_hash", name="uq_dispatch_chat_id_text_hash"),
        sa.UniqueConstraint("chat_id", "number", "issuer", name="uq_dispatch_chat_id_number_issuer"),
    )
    op.create_index("ix_dispatch_chat_id", "dispatch", ["chat_id"])
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=True),
        sa.Column("short_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("role", sa.String(), nullable=True),
        sa.Column("collective", sa.String(), nullable=True),
        sa.Column("assignees", sa.JSON(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("deadline_time", sa.Time(), nullable=True),
        sa.Column("deadline_text", sa.String(), nullable=True),
        sa.Column("recurrence", sa.String(), nullable=True),
        sa.Column("relative", sa.String(), nullable=True),
        sa.Column("ongoing", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("done_by", sa.BigInteger(), nullable=True),
        sa.Column("done_by_name", sa.String(), nullable=True),
        sa.Column("assigned_username", sa.String(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], name="fk_task_chat_id_chat"),
        sa.ForeignKeyConstraint(["dispatch_id"], ["dispatch.id"], name="fk_task_dispatch_id_dispatch"),
        sa.PrimaryKeyConstraint("id", name="pk_task"),
        sa.UniqueConstraint("chat_id", "short_id", name="uq_task_chat_id_short_id"),
    )
    op.create_index("ix_task_chat_status_deadline", "task", ["chat_id", "status", "deadline"])
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], name="fk_reminder_chat_id_chat"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name="fk_reminder_task_id_task"),
        sa.PrimaryKeyConstraint("id", name="pk_reminder"),
        sa.UniqueConstraint("task_id", "kind", "due_at", name="uq_reminder_task_id_kind_due_at"),
    )
    op.create_index("ix_reminder_state_due_at", "reminder", ["state", "due_at"])
    op.create_index("ix_reminder_chat_id", "reminder", ["chat_id"])
    op.create_index("ix_reminder_task_id", "reminder", ["task_id"])


def downgrade() -> None:
    for table in ("reminder", "task", "dispatch", "pending_dispatch", "audit_event", "chat"):
        op.drop_table(table)
