"""Callback data of every button the bot shows: built and parsed here, nowhere else.

Buttons name what they act on by a stable id, never by a position on the screen, so a double tap or a
colleague's change in between cannot make a press act on another task::

    card      cd:<draft>:save | cd:<draft>:cancel | cd:<draft>:all | cd:<draft>:add | cd:<draft>:page:<n>
              cd:<draft>:drop:<task> | cd:<draft>:back:<task> | cd:<draft>:edit:<task>
              (<draft>: storage.conversation.Draft.id, 8 hex; <task>: DraftTask.id)
    reminder  done:<task id> | extend:<task id> | snooze:<reminder id>      (built by scheduler.digest)
    offer     ag:<offer>:<i> (an agency name) | up:<offer>:<i> (update saved tasks after an edit)
    delete    rm:<task id> (yes, delete) | rmkeep:<task id> (keep it)       (the /xoa question)
    prompt    pr:cancel     (leave the date prompt)
    assignee  as:<task id>:<person id> (give or take the task) | as:<task id>:ok (close the picker)
              as:<task id>:page:<n> (another page of names)

Telegram allows 1–64 bytes; the longest here is ~35. Anything that does not parse (tampered, or a button
of an older version) gives None, and the handler answers "Nút này không còn hợp lệ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CardAction = Literal["save", "cancel", "all", "add", "page", "drop", "back", "edit"]
ReminderKind = Literal["done", "snooze", "extend"]
OfferKind = Literal["ag", "up"]
DeleteKind = Literal["rm", "rmkeep"]
CARD_ACTIONS: frozenset[str] = frozenset({"save", "cancel", "all", "add", "page", "drop", "back", "edit"})
WITH_ARGUMENT: frozenset[str] = frozenset({"page", "drop", "back", "edit"})
REMINDER_KINDS: frozenset[str] = frozenset({"done", "snooze", "extend"})
MAX_ID_DIGITS = 18  # reminder ids are drawn below 2**59 (storage.models.REMINDER_ID_BITS)
_TOKEN = re.compile(r"^[0-9a-f]{1,16}$")

# handler patterns (bot.app registers these)
CARD_PATTERN = r"^cd:"
REMINDER_PATTERN = r"^(done|snooze|extend):"
OFFER_PATTERN = r"^(ag|up):"
PROMPT_PATTERN = r"^pr:"
DELETE_PATTERN = r"^(rm|rmkeep):"
ASSIGN_PATTERN = r"^as:"
PROMPT_CANCEL = "pr:cancel"


@dataclass(frozen=True, slots=True)
class CardPress:
    draft_id: str
    action: CardAction
    arg: int | None = None


@dataclass(frozen=True, slots=True)
class ReminderPress:
    kind: ReminderKind
    ident: int  # a task id, or for "snooze" a reminder id


@dataclass(frozen=True, slots=True)
class OfferPress:
    kind: OfferKind
    offer_id: str
    index: int


@dataclass(frozen=True, slots=True)
class DeletePress:
    kind: DeleteKind
    task_id: int


@dataclass(frozen=True, slots=True)
class PromptCancel:
    pass


@dataclass(frozen=True, slots=True)
class AssignPress:
    task_id: int
    person_id: int | None  # None: close the picker (or turn the page)
    page: int | None = None  # a page of the picker's names to show


Press = CardPress | ReminderPress | OfferPress | DeletePress | PromptCancel | AssignPress


def _number(text: str, max_digits: int = MAX_ID_DIGITS) -> int | None:
    """ASCII digits only ('²' passes str.isdigit() but is no number here)."""
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def card(draft_id: str, action: CardAction, arg: int | None = None) -> str:
    """The data of a card button."""
    if (arg is None) == (action in WITH_ARGUMENT):
        raise ValueError(f"card action {action!r} with argument {arg!r}")
    return f"cd:{draft_id}:{action}" + ("" if arg is None else f":{arg}")


def reminder(kind: ReminderKind, ident: int) -> str:
    """The data of a reminder button (Xong, Hoãn 1 ngày, Gia hạn)."""
    return f"{kind}:{ident}"


def offer(kind: OfferKind, offer_id: str, index: int) -> str:
    """The data of one choice of an offer."""
    return f"{kind}:{offer_id}:{index}"


def deletion(kind: DeleteKind, task_id: int) -> str:
    """The data of an answer to "xóa việc #3?"."""
    return f"{kind}:{task_id}"


def assignee(task_id: int, person_id: int | None) -> str:
    """The data of a name in the assignment picker (None: its close button)."""
    return f"as:{task_id}:{'ok' if person_id is None else person_id}"


def assignee_page(task_id: int, page: int) -> str:
    """The data of a page arrow in the assignment picker."""
    return f"as:{task_id}:page:{page}"


def parse(data: str | None) -> Press | None:
    """What a button press asks for, or None when the data is not one of ours."""
    if not data or len(data) > 64:
        return None
    if data == PROMPT_CANCEL:
        return PromptCancel()
    parts = data.split(":")
    head = parts[0]
    if head == "cd" and len(parts) in (3, 4) and _TOKEN.match(parts[1]) and parts[2] in CARD_ACTIONS:
        action = parts[2]
        if (len(parts) == 4) != (action in WITH_ARGUMENT):
            return None
        arg = _number(parts[3]) if len(parts) == 4 else None
        if len(parts) == 4 and arg is None:
            return None
        return CardPress(parts[1], action, arg)  # type: ignore[arg-type]
    if head in REMINDER_KINDS and len(parts) == 2:
        ident = _number(parts[1])
        return None if ident is None else ReminderPress(head, ident)  # type: ignore[arg-type]
    if head in ("rm", "rmkeep") and len(parts) == 2:
        ident = _number(parts[1])
        return None if ident is None else DeletePress(head, ident)  # type: ignore[arg-type]
    if head == "as" and len(parts) == 4 and parts[2] == "page":
        task_id, page = _number(parts[1]), _number(parts[3], 4)
        return None if task_id is None or page is None else AssignPress(task_id, None, page)
    if head == "as" and len(parts) == 3:
        task_id = _number(parts[1])
        person_id = None if parts[2] == "ok" else _number(parts[2])
        if task_id is None or (person_id is None and parts[2] != "ok"):
            return None
        return AssignPress(task_id, person_id)
    if head in ("ag", "up") and len(parts) == 3 and _TOKEN.match(parts[1]):
        index = _number(parts[2], 3)
        return None if index is None else OfferPress(head, parts[1], index)  # type: ignore[arg-type]
    return None
