"""The person responsible: people, the groups they were seen in, tasks assigned to several of them, and
reminders that also go to an assignee's private chat.

person: a Telegram user (user_id) or someone known only by @username; started_at, hinted_at (storage.people).
member: a person seen in a group (the assignment picker). task_assignee: a task's assignees.
task.assigned_username goes: each one becomes a person (by username) assigned to its task.
reminder: unique per (task, chat, kind, due time) instead of (task, kind, due time), as the same reminder now
goes to the group and to each assignee's private chat. SQLite cannot drop a constraint, so the table is
copied (still WITHOUT ROWID, keyed on due time, rows in that order); PostgreSQL swaps the constraint.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PENDING = sa.text("state = 'pending'")
COLUMNS = (
    "id, task_id, chat_id, due_at, kind, days, state, claimed_by, claim_expires_at, attempts, "
    "next_attempt_at, sent_at, message_id, last_error, failing_since"
)
OLD_KEY, NEW_KEY = ("task_id", "kind", "due_at"), ("task_id", "chat_id", "kind", "due_at")


def _name(key: tuple[str, ...]) -> str:
    return "uq_reminder_" + "_".join(key)


def _rebuild_reminders_sqlite(key: tuple[str, ...]) -> None:
    """Copy the reminder table into one with this unique key, in due order, and swap them (as 0003 did)."""
    op.create_table(
        "reminder_new",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
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
        sa.Column("failing_since", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["chat_id"], ["chat.id"], name="fk_reminder_chat_id_chat"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name="fk_reminder_task_id_task"),
        sa.PrimaryKeyConstraint("due_at", "chat_id", "id", name="pk_reminder"),
        sa.UniqueConstraint("id", name="uq_reminder_id"),
        sa.UniqueConstraint(*key, name=_name(key)),
        sqlite_with_rowid=False,
    )
    op.execute(f"INSERT INTO reminder_new ({COLUMNS}) SELECT {COLUMNS} FROM reminder ORDER BY due_at, chat_id, id")
    op.drop_table("reminder")
    op.rename_table("reminder_new", "reminder")
    op.create_index("ix_reminder_pending_due_at", "reminder", ["due_at", "chat_id", "next_attempt_at"],
                    sqlite_where=PENDING, postgresql_where=PENDING)
    op.create_index("ix_reminder_task_id", "reminder", ["task_id"])


def _reminder_key(old: tuple[str, ...], new: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_reminders_sqlite(new)
        return
    op.drop_constraint(_name(old), "reminder", type_="unique")
    op.create_unique_constraint(_name(new), "reminder", list(new))


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("username", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("hinted_at", UTCDateTime(), nullable=True),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("user_id", name=op.f("uq_person_user_id")),
    )
    op.create_index(op.f("ix_person_username"), "person", ["username"])
    op.create_table(
        "member",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_member_person_id_person")),
        sa.PrimaryKeyConstraint("chat_id", "person_id", name=op.f("pk_member")),
    )
    op.create_table(
        "task_assignee",
        sa.Column("task_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("assigned_at", UTCDateTime(), nullable=False),
        sa.Column("assigned_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_task_assignee_person_id_person")),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name=op.f("fk_task_assignee_task_id_task")),
        sa.PrimaryKeyConstraint("task_id", "person_id", name=op.f("pk_task_assignee")),
    )
    op.create_index(op.f("ix_task_assignee_person_id"), "task_assignee", ["person_id"])
    # one person per distinct username (case-insensitive), assigned to the tasks that named it
    op.execute(
        "INSERT INTO person (username, seen_at) SELECT min(assigned_username), min(created_at) FROM task "
        "WHERE assigned_username IS NOT NULL GROUP BY lower(assigned_username)"
    )
    op.execute(
        "INSERT INTO task_assignee (task_id, person_id, assigned_at) SELECT task.id, person.id, task.created_at "
        "FROM task JOIN person ON lower(person.username) = lower(task.assigned_username)"
    )
    # plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): a batch copy of task would break its foreign keys
    op.execute("ALTER TABLE task DROP COLUMN assigned_username")
    _reminder_key(OLD_KEY, NEW_KEY)


def downgrade() -> None:
    # a reminder sent to a private chat has no place in the old key: only the groups' own stay
    op.execute("DELETE FROM reminder WHERE chat_id NOT IN (SELECT chat_id FROM task WHERE task.id = reminder.task_id)")
    _reminder_key(NEW_KEY, OLD_KEY)
    op.add_column("task", sa.Column("assigned_username", sa.String(), nullable=True))
    op.execute(
        "UPDATE task SET assigned_username = (SELECT min(person.username) FROM task_assignee JOIN person "
        "ON person.id = task_assignee.person_id WHERE task_assignee.task_id = task.id)"
    )
    op.drop_index(op.f("ix_task_assignee_person_id"), table_name="task_assignee")
    op.drop_table("task_assignee")
    op.drop_table("member")
    op.drop_index(op.f("ix_person_username"), table_name="person")
    op.drop_table("person")
