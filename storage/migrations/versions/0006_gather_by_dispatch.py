"""Gathers close by what their parts say, not by a fixed clock: gather.complete and gather.due_at.

A part that ends a dispatch (Nơi nhận, the signer, "./.") is read after a short quiet; a dispatch not yet
ended waits up to 30 s for its next part. due_at is when the gather is read unless another part comes;
gathers open at the upgrade take their last part's time, so they are read at once.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gather") as batch:
        batch.add_column(sa.Column("complete", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("due_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE gather SET due_at = last_at")
    with op.batch_alter_table("gather") as batch:
        batch.alter_column("due_at", existing_type=UTCDateTime(), nullable=False)
    op.create_index("ix_gather_due_at", "gather", ["due_at"])


def downgrade() -> None:
    op.drop_index("ix_gather_due_at", table_name="gather")
    with op.batch_alter_table("gather") as batch:
        batch.drop_column("due_at")
        batch.drop_column("complete")
