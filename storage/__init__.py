"""Persistence for Đôn đốc: SQLModel models, engine factory, migrations and repository functions.

Engine and schema::

    engine = make_engine(url)   # "sqlite:///path/dondoc.db" or "postgresql+psycopg://user@host/db"
                                # SQLite: file created 0600; every connection gets WAL, synchronous=NORMAL,
                                # busy_timeout 5 s, foreign keys, a 64 MiB page cache, mmap, a checkpoint
                                # every 8000 WAL pages (storage.engine says why)
    migrate(engine)             # Alembic upgrade to head (storage/migrations/versions), no alembic.ini
                                # needed; call at start-up (PostgreSQL: under an advisory lock, so
                                # instances starting together migrate one after another)
    with Session(engine) as session: ...   # sqlmodel.Session, re-exported here

Models (storage.models): Chat (id = Telegram chat id, title, agency, active, days_before, send_at,
remind_collective, weekly_summary, summary_week, next_short_id; claimed_by / claim_expires_at: the delivery lease of scheduler.claims),
PendingDispatch, Dispatch, Task, Reminder, AuditEvent. All datetimes are timezone-aware UTC (UTCDateTime).
``Chat.settings`` gives a storage.policy.ChatSettings.
Task.id is the global id (used in callback data); Task.short_id is the per-chat number users type.
Task.status: "open" | "done" | "deleted". Task.role: "lead" | "coordinate" | "all" | None.
Task.urgency: the độ khẩn of its dispatch, "hoa_toc" | "thuong_khan" | "khan" | None (dispatch.time.urgency).

Reminder: one planned message (task, chat, due_at, kind, days) with its delivery state "pending" | "sent" |
"cancelled" | "failed" (attempts, next_attempt_at, sent_at, message_id, last_error). Its primary key is
(due_at, chat_id, id), and on SQLite the table is WITHOUT ROWID, so rows are stored in due order: the
reminders a tick sends sit on a few pages. ``id`` (unique, drawn at random in Python: no rowid to count
with) is the handle the rest of the app and callback data use. Only pending reminders are in the index
the tick reads (a partial index on due_at, chat_id, next_attempt_at).

Repository functions: keyword-only, session first; the ones that change something write an AuditEvent and
COMMIT. Everything about a task takes ``chat_id`` and never returns or touches another chat's rows
(a foreign id simply gives None). ``now`` is an aware datetime; ``calendar`` a
dispatch.time.calendar.WorkCalendar.

Chats (storage.chats)
    get_chat(session, *, chat_id) -> Chat | None
    get_or_create_chat(session, *, chat_id, now, title=None) -> Chat   # keeps the title up to date
    set_agency(session, *, chat_id, agency, actor_id, now) -> Chat
    update_settings(session, *, chat_id, actor_id, now, calendar, days_before=None, send_at=None,
                    remind_collective=None, weekly_summary=None) -> Chat   # re-plans the reminders of open tasks
    claim_weekly_summaries(session, *, now, calendar) -> list[int]
        # chats whose weekly summary is due now (first working day of the week, from send_at), each marked
        # for this week by one conditional UPDATE, so one caller (instance) gets it
    set_chat_active(session, *, chat_id, active, now, actor_id=None) -> Chat | None
        # inactive (bot removed/blocked): its reminders pause; active again: held reminders go out
    chat_heard_from(session, *, chat_id, now) -> bool
        # an update came from the chat: an inactive (unreachable) chat is active again
    move_chat(session, *, old_id, new_id, now) -> bool     # storage.moves: a group upgraded to a supergroup
        # moves the chat's settings, tasks, reminders, cards and history to the new id, once
    add_pending_dispatch(session, *, chat_id, text, actor_id, now) -> PendingDispatch
        # a dispatch received before the chat has an agency
    take_pending_dispatches(session, *, chat_id) -> list[PendingDispatch]   # returns and removes them

Dispatches (storage.dispatches) and tasks (storage.tasks)
    find_duplicate_dispatch(session, *, chat_id, number, issuer, text) -> Dispatch | None
        # same (number, issuer) or same normalised-text hash in this chat
    save_dispatch(session, *, chat_id, extraction, tasks, text, actor_id, now, calendar)
        -> tuple[Dispatch, list[Task]]
        # extraction: dispatch.Extraction; tasks: the confirmed dispatch.model.Task list. Assigns short ids,
        # plans reminders. Raises storage.errors.DuplicateDispatchError(existing) for a duplicate.
    get_task(session, *, chat_id, short_id=None, task_id=None, include_deleted=False) -> Task | None
    list_tasks(session, *, chat_id, which="open", now=None) -> list[Task]
        # which: "open" | "all" | "overdue" (needs now) | "done"; ordered by deadline, then short id
    complete_task(session, *, chat_id, task_id, actor_id, now, calendar, actor_name=None) -> Task | None
        # recurring task: marks this occurrence done and rolls to the next one (stays open)
    reopen_task(session, *, chat_id, task_id, actor_id, now, calendar) -> Task | None      # /undo
        # a deleted task comes back in the state it was deleted in (open or done)
    change_deadline(session, *, chat_id, task_id, deadline, deadline_time=None, actor_id, now, calendar)
        -> Task | None                                          # audit keeps old and new
    delete_task(session, *, chat_id, task_id, actor_id, now) -> Task | None
    add_task(session, *, chat_id, found, actor_id, now, calendar) -> Task     # /them: a task typed by hand
        # found: a dispatch.model.Task (text, deadline); no dispatch; next short id, reminders planned
    snooze_reminder(session, *, chat_id, reminder_id, actor_id, now, calendar) -> Reminder | None
        # the reminder comes again on the next working day at send_at; the deadline is unchanged
    status_summary(session, *, chat_id, now, horizon_days=7) -> StatusSummary
        # open_on_time, open_overdue, done_on_time, done_late counts; due_soon: list[Task];
        # overdue: list[(Task, days_overdue)]
    report_tasks(session, *, chat_id, start, end) -> list[tuple[Task, Dispatch | None]]
        # what a report over [start, end] lists: due in it, done in it, or open from before it / undated
    official_state(task, now) -> tuple[str, int | None]
        # "open_on_time" | "open_overdue" | "done_on_time" | "done_late", and the days overdue
    deadline_moment(task) -> datetime | None   # the UTC instant after which the task is overdue
    is_overdue(task, now) -> bool              # open, not recurring, past deadline_moment
    late_at(task, moment) -> bool              # moment past deadline_moment (done then: done late)
    list_audit(session, *, chat_id, task_id=None, limit=50) -> list[AuditEvent]

People (storage.people): who was seen, who a task is assigned to, who gets reminders privately
    see_user(session, *, user_id, username, name, now, calendar, chat_id=None) -> Person
        # a user seen (in group chat_id: a Member, listed by the picker); adopts a row known by @username only
    person_for_username(session, *, username, now) -> Person   # known, or a new row by @username only
    members(session, *, chat_id, limit=20) -> list[Person]; get_person(session, *, person_id) -> Person | None
    set_assignees(session, *, chat_id, task_id, person_ids, actor_id, now, calendar)
        -> tuple[Task, list[Person]] | None            # replaces the set; the newly added; re-plans reminders
    Task.people: its assignees (loaded with the task); Reminder.chat_id: the group or an assignee's private chat
    is_assignee(session, *, task_id, user_id) -> bool
    acting_chat(session, *, chat_id, task_id, user_id) -> int | None   # a press in a private chat acts in the group
    start_private(session, *, user_id, username, name, now, calendar) -> int
        # /start in private: reminders of their open tasks go there too from now on; how many tasks
    tasks_of(session, *, user_id, now) -> list[tuple[Task, Chat]]   # /cuatoi: every group, open + done lately
    reachable(session, *, person) -> bool; take_hint(session, *, person_ids, now) -> list[int]   # told once

Updates (storage.updates), webhook mode: Telegram may deliver an update again, to any instance
    first_sight(session, *, update_id, now) -> bool     # False: already taken in by some instance
    forget_updates(session, *, before) -> int           # prune the record

Conversation state (storage.conversation: draft, draft_task, prompt, gather, gather_part, offer)
    Cards (storage.drafts); a press returns an Outcome: CHANGED | UNCHANGED | CLOSED | MISSING
    create_draft(session, *, chat_id, user_id, text, agency, extraction, tasks, now, full=None, reply_to=None,
                 sources=(), missing=0) -> Card          # Card(draft, items): Item(id, number, task, dropped)
    get_card(session, *, chat_id, draft_id) -> Card | None
    is_open_card(session, *, chat_id, message_id) -> bool   # a reply to this message replies to a card
    find_item(session, *, chat_id, task_id) -> tuple[Card, Item] | None
    set_dropped(session, *, chat_id, draft_id, task_id, dropped, now) -> Outcome     # drop / restore
    set_deadline(session, *, chat_id, draft_id, task_id, deadline, deadline_time, said, now)
        -> tuple[Outcome, Item | None]
    set_view(session, *, chat_id, draft_id, show_all=None, page=None, full=None, message_id=None)
    close_draft(session, *, chat_id, draft_id, state, now) -> Outcome   # open -> cancelled, once
    save_draft(session, *, chat_id, draft_id, actor_id, now, calendar) -> Saved(outcome, card, tasks, duplicate)
        # claims the draft and saves the dispatch in one transaction: one save whoever presses, wherever
    add_draft_task(session, *, chat_id, draft_id, found, now) -> tuple[Outcome, Item | None]   # «➕ Thêm việc»
    Prompts and offers (storage.prompts)
    ask(session, *, chat_id, user_id, label, now, draft_task_id=None, task_id=None, draft_id=None) -> Prompt
        # 10 minutes; draft_id: the person is to type a task to add to that card
    asked(session, *, chat_id, user_id, message_id); pending_prompt(session, *, chat_id, user_id, now)
    drop_prompt(session, *, chat_id, user_id) -> bool
    offer(session, *, chat_id, kind, choices, now) -> Offer; get_offer(session, *, chat_id, offer_id, kind)
    take_offer(session, *, chat_id, offer_id) -> bool (once); close_offers(session, *, chat_id, kind)
    Gathers (storage.gathers): parts of one dispatch, joined by what they say (header, end, forward origin)
    add_part(session, *, part: Part, now, quiet, wait, max_parts=60) -> list[int]   # gathers it closed
    has_open(session, *, chat_id, user_id) -> bool; due(session, *, now) -> list[int]
    take(session, *, gather_id) -> Taken(gather, parts) | None   # once; forget(session, *, before) -> int

Errors (storage.errors): StorageError > DuplicateDispatchError (.existing: Dispatch),
InvalidSettingsError, InvalidUsernameError (both also ValueError). Unknown chat_id in a setter: LookupError.
"""

from __future__ import annotations

from sqlmodel import Session

from storage.audit import list_audit
from storage.chats import (
    add_pending_dispatch,
    chat_heard_from,
    get_chat,
    get_or_create_chat,
    set_agency,
    set_chat_active,
    take_pending_dispatches,
    update_settings,
)
from storage.conversation import Draft, DraftTask, Gather, GatherPart, Offer, Prompt
from storage.dispatches import find_duplicate_dispatch, save_dispatch, text_hash
from storage.drafts import (
    Card,
    Item,
    Outcome,
    Saved,
    close_draft,
    create_draft,
    find_item,
    get_card,
    is_open_card,
    save_draft,
    set_deadline,
    set_dropped,
    set_view,
)
from storage.engine import make_engine, migrate
from storage.errors import DuplicateDispatchError, InvalidSettingsError, InvalidUsernameError, StorageError
from storage.manual import add_draft_task, add_task
from storage.models import AuditEvent, Chat, Dispatch, Member, PendingDispatch, Person, Reminder, Task
from storage.moves import move_chat
from storage.people import (
    acting_chat,
    get_person,
    is_assignee,
    members,
    person_for_username,
    reachable,
    see_user,
    set_assignees,
    start_private,
    take_hint,
    tasks_of,
)
from storage.prompts import (
    ask,
    asked,
    close_offers,
    drop_prompt,
    get_offer,
    offer,
    pending_prompt,
    take_offer,
)
from storage.report import report_tasks
from storage.status import StatusSummary, deadline_moment, is_overdue, late_at, official_state, status_summary
from storage.summaries import claim_weekly_summaries
from storage.tasks import (
    change_deadline,
    complete_task,
    delete_task,
    get_task,
    list_tasks,
    reopen_task,
    snooze_reminder,
)
from storage.updates import first_sight, forget_updates

__all__ = [
    "AuditEvent",
    "Card",
    "Chat",
    "Dispatch",
    "Draft",
    "DraftTask",
    "DuplicateDispatchError",
    "Gather",
    "GatherPart",
    "InvalidSettingsError",
    "InvalidUsernameError",
    "Item",
    "Member",
    "Offer",
    "Outcome",
    "PendingDispatch",
    "Person",
    "Prompt",
    "Reminder",
    "Saved",
    "Session",
    "StatusSummary",
    "StorageError",
    "Task",
    "acting_chat",
    "add_draft_task",
    "add_pending_dispatch",
    "add_task",
    "ask",
    "asked",
    "change_deadline",
    "chat_heard_from",
    "claim_weekly_summaries",
    "close_draft",
    "close_offers",
    "complete_task",
    "create_draft",
    "deadline_moment",
    "delete_task",
    "drop_prompt",
    "find_duplicate_dispatch",
    "find_item",
    "first_sight",
    "forget_updates",
    "get_card",
    "get_chat",
    "get_offer",
    "get_or_create_chat",
    "get_person",
    "get_task",
    "is_assignee",
    "is_open_card",
    "is_overdue",
    "late_at",
    "list_audit",
    "list_tasks",
    "make_engine",
    "members",
    "migrate",
    "move_chat",
    "offer",
    "official_state",
    "pending_prompt",
    "person_for_username",
    "reachable",
    "reopen_task",
    "report_tasks",
    "save_dispatch",
    "save_draft",
    "see_user",
    "set_agency",
    "set_assignees",
    "set_chat_active",
    "set_deadline",
    "set_dropped",
    "set_view",
    "snooze_reminder",
    "start_private",
    "status_summary",
    "take_hint",
    "take_offer",
    "take_pending_dispatches",
    "tasks_of",
    "text_hash",
    "update_settings",
]
