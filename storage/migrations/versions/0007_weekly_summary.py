"""The weekly summary: a chat's setting (on by default) and the week it was last sent for.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, no batch copy: SQLite adds (and, from 3.35, drops) a column in place, whereas a batch
# would recreate "chat", which the task and reminder tables reference.
def upgrade() -> None:
    op.add_column("chat", sa.Column("weekly_summary", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("chat", sa.Column("summary_week", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("chat", "summary_week")
    op.drop_column("chat", "weekly_summary")
