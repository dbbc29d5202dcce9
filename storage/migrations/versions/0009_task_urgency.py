"""The độ khẩn of a task's dispatch (Hỏa tốc, Thượng khẩn, Khẩn): urgent tasks sort first and are shown so.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, no batch copy (as 0007): SQLite adds a nullable column in place, whereas a batch would
# recreate "task", which reminders and audit events reference. Tasks saved before stay without a mark.
def upgrade() -> None:
    op.add_column("task", sa.Column("urgency", sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column("task", "urgency")
