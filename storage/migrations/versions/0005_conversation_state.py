"""Conversation state in the database: cards (draft, draft_task), date prompts, gathers and offers.

Until now these lived in the memory of one process: a restart, or another webhook instance, lost every open
card ("Thẻ này đã hết hạn"), the date being asked for and the parts of a dispatch still arriving. Nothing
to carry over: the old state was never written anywhere.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("agency", sa.String(), nullable=True),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("full", sa.JSON(), nullable=True),
        sa.Column("show_all", sa.Boolean(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("reply_to", sa.BigInteger(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("dispatch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], name="fk_draft_chat_id_chat"),
        sa.ForeignKeyConstraint(["dispatch_id"], ["dispatch.id"], name="fk_draft_dispatch_id_dispatch"),
        sa.PrimaryKeyConstraint("id", name="pk_draft"),
    )
    op.create_index("ix_draft_chat_id", "draft", ["chat_id"])
    op.create_table(
        "draft_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("task", sa.JSON(), nullable=False),
        sa.Column("dropped", sa.Boolean(), nullable=False),
        sa.Column("saved_task_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name="fk_draft_task_draft_id_draft"),
        sa.ForeignKeyConstraint(["saved_task_id"], ["task.id"], name="fk_draft_task_saved_task_id_task"),
        sa.PrimaryKeyConstraint("id", name="pk_draft_task"),
    )
    op.create_index("ix_draft_task_draft_id", "draft_task", ["draft_id"])
    op.create_table(
        "prompt",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("draft_task_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["draft_task_id"], ["draft_task.id"], name="fk_prompt_draft_task_id_draft_task"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name="fk_prompt_task_id_task"),
        sa.PrimaryKeyConstraint("chat_id", "user_id", name="pk_prompt"),
    )
    op.create_table(
        "gather",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("explicit", sa.Boolean(), nullable=False),
        sa.Column("reply_to", sa.BigInteger(), nullable=True),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("last_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_gather"),
    )
    op.create_index("ix_gather_chat_id", "gather", ["chat_id"])
    op.create_table(
        "gather_part",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gather_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["gather_id"], ["gather.id"], name="fk_gather_part_gather_id_gather"),
        sa.PrimaryKeyConstraint("id", name="pk_gather_part"),
    )
    op.create_index("ix_gather_part_gather_id", "gather_part", ["gather_id"])
    op.create_table(
        "offer",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_offer"),
    )
    op.create_index("ix_offer_chat_id", "offer", ["chat_id"])


def downgrade() -> None:
    op.drop_table("offer")
    op.drop_table("gather_part")
    op.drop_table("gather")
    op.drop_table("prompt")
    op.drop_table("draft_task")
    op.drop_table("draft")
