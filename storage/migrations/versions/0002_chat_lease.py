"""Delivery claims per chat (a lease on the chat row) and a partial index of pending reminders.

A tick used to claim every due reminder (state "sending") and then mark it sent: two writes to each reminder
row, scattered over the whole table. Leasing the chat instead writes each reminder once, when it is sent.
Reminders left in "sending" by a version before this one go back to pending (their claim is dropped, as it
would have been when it expired).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PENDING = sa.text("state = 'pending'")


def upgrade() -> None:
    with op.batch_alter_table("chat") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(), nullable=True))
        batch.add_column(sa.Column("claim_expires_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE reminder SET state = 'pending', claimed_by = NULL, claim_expires_at = NULL "
               "WHERE state = 'sending'")
    op.drop_index("ix_reminder_state_due_at", table_name="reminder")
    op.create_index(
        "ix_reminder_pending_due_at",
        "reminder",
        ["due_at", "chat_id", "next_attempt_at"],
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("ix_reminder_pending_due_at", table_name="reminder")
    op.create_index("ix_reminder_state_due_at", "reminder", ["state", "due_at"])
    with op.batch_alter_table("chat") as batch:
        batch.drop_column("claim_expires_at")
        batch.drop_column("claimed_by")
