"""Nothing abandoned: probing unreachable chats, failed reminders reported, webhook updates taken once.

chat.probe_at / probe_failures: a chat that answered 403 or "chat not found" is tried again on a backoff.
chat.undelivered: short ids of tasks whose reminder failed, shown by the chat's next digest and /status.
reminder.failing_since: when its current run of refusals began (transient 400s are retried for a day).
seen_update: update ids taken in by some instance, so a webhook retry is not processed twice.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("chat", sa.Column("probe_at", UTCDateTime(), nullable=True))
    op.add_column("chat", sa.Column("probe_failures", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("chat", sa.Column("undelivered", sa.JSON(), nullable=True))
    op.add_column("reminder", sa.Column("failing_since", UTCDateTime(), nullable=True))
    op.create_table(
        "seen_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_seen_update")),
    )
    op.create_index(op.f("ix_seen_update_seen_at"), "seen_update", ["seen_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_seen_update_seen_at"), table_name="seen_update")
    op.drop_table("seen_update")
    # plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): a batch copy of chat would break its foreign keys
    for table, column in (("chat", "undelivered"), ("chat", "probe_failures"), ("chat", "probe_at"),
                          ("reminder", "failing_since")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
