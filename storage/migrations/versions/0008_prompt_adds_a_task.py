"""A prompt can wait for a task to add to a card (the card's «➕ Thêm việc» button), not only for a date.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


# A batch: SQLite cannot add a foreign key in place, so the (small, unreferenced) prompt table is copied.
def upgrade() -> None:
    with op.batch_alter_table("prompt") as batch:
        batch.add_column(sa.Column("draft_id", sa.String(), nullable=True))
        batch.create_foreign_key("fk_prompt_draft_id_draft", "draft", ["draft_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("prompt") as batch:
        batch.drop_constraint("fk_prompt_draft_id_draft", type_="foreignkey")
        batch.drop_column("draft_id")
