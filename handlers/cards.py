"""The confirmation card: what a dispatch asks of the chat's agency, page by page, before anything is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from dispatch.model import Extraction, Task
from handlers import texts
from handlers.format import ROLE_TITLES, deadline_vi, fit, shorten, task_block
from handlers.texts import esc
from scheduler import callbacks
from scheduler.digest import URGENCY_MARKS
from storage.drafts import Card, Item
from storage.policy import upcoming

PAGE_SIZE = 8  # tasks per page: 8 blocks of ≤ 300 characters leave room for the header within 4096
ROLE_ORDER = {"lead": 0, "coordinate": 1, "all": 2, None: 3}


def order_tasks(tasks: Sequence[Task]) -> list[Task]:
    """Tasks in card order: Chủ trì, Phối hợp, Chung, then the rest (stable)."""
    return sorted(tasks, key=lambda t: ROLE_ORDER.get(t.role, 3))


def pages(card: Card) -> int:
    """How many pages the card's tasks take (at least one)."""
    return max(1, -(-len(card.items) // PAGE_SIZE))


def on_page(card: Card) -> list[Item]:
    """The tasks of the page the card is showing."""
    page = min(max(card.draft.page, 0), pages(card) - 1)
    return list(card.items[page * PAGE_SIZE:(page + 1) * PAGE_SIZE])


def header(extraction: Extraction) -> list[str]:
    """The urgency mark (Hỏa tốc, Thượng khẩn, Khẩn), then number, date, issuer and subject lines."""
    title = f"📄 <b>Công văn số {esc(extraction.number)}</b>" if extraction.number else "📄 <b>Công văn</b>"
    if extraction.issued:
        title += f" ngày {extraction.issued:%d/%m/%Y}"
    lines = [URGENCY_MARKS[extraction.urgency], title] if extraction.urgency in URGENCY_MARKS else [title]
    if extraction.issuer:
        lines.append(f"<b>Nơi ban hành:</b> {esc(shorten(extraction.issuer, 200))}")
    if extraction.subject:
        lines.append(f"<b>Trích yếu:</b> {esc(shorten(extraction.subject, 400))}")
    return lines


def all_agencies_lines(full: Extraction) -> list[str]:
    """Every task of the dispatch, with who it is for (the 'Mọi đơn vị' view)."""
    lines = ["\n<b>Tất cả nhiệm vụ trong công văn</b>"]
    for number, task in enumerate(full.tasks, 1):
        who = ", ".join(f"{a.name} ({ROLE_TITLES[a.role].lower()})" for a in task.assignees)
        if task.collective:
            who = f"{who}; {task.collective}" if who else task.collective
        lines.append(f"<b>{number}.</b> <i>{esc(shorten(who or 'không rõ đơn vị', 200))}</i>: "
                     f"{esc(shorten(task.text, 220))}\n   ⏰ {esc(deadline_vi(task))}")
    if not full.tasks:
        lines.append("<i>Không tìm thấy nhiệm vụ nào.</i>")
    return lines


def as_saved(task: Task, today: date) -> Task:
    """The task with the deadline it will be saved with (a past recurring one at its next occurrence)."""
    deadline = upcoming(task.deadline, task.recurrence, today)
    return task if deadline == task.deadline else replace(task, deadline=deadline)


def passed_days(task: Task, today: date) -> int | None:
    """Days since its deadline when that is already past (a recurring one never is), else None."""
    if task.deadline is None or task.recurrence is not None or task.deadline >= today:
        return None
    return (today - task.deadline).days


def undated(task: Task) -> bool:
    """No date the bot can remind ("dịp Tết", "hằng năm" without a day, an unknown event); "thường xuyên" is
    meant that way and is not flagged."""
    return task.deadline is None and not task.ongoing


def warning(task: Task, label: str, today: date, *, saved: bool = False) -> str:
    """The line under a task whose deadline is past or that has no date ("" for the others); on the card it
    points at its «Sửa hạn» button, once saved at /han."""
    days = passed_days(task, today)
    if days is not None:
        return "\n   " + texts.CARD_TASK_PASSED.format(days=days)
    if not undated(task):
        return ""
    return "\n   " + (texts.SAVED_TASK_UNDATED if saved else texts.CARD_TASK_UNDATED).format(label=esc(label))


def dates_note(tasks: Sequence[Task], today: date, *, saved: bool = False) -> list[str]:
    """Lines saying that deadlines have passed (all of them: an old dispatch) or that some tasks have no date."""
    passed = sum(1 for t in tasks if passed_days(t, today) is not None)
    dated = sum(1 for t in tasks if t.deadline is not None)
    lines = []
    if passed and passed == dated:
        lines.append((texts.SAVED_ALL_PASSED if saved else texts.CARD_ALL_PASSED).format(count=passed))
    elif passed:
        lines.append(texts.CARD_SOME_PASSED.format(count=passed))
    missing = sum(1 for t in tasks if undated(t))
    if missing:
        lines.append(texts.CARD_SOME_UNDATED.format(count=missing))
    return lines


def item_lines(items: Sequence[Item], today: date) -> list[str]:
    """Task blocks under Chủ trì / Phối hợp / Chung headings; a dropped task struck through; a past or missing
    date said under its task."""
    lines: list[str] = []
    role: object = object()
    for item in items:
        if item.task.role != role:
            role = item.task.role
            lines.append(f"\n<b>{ROLE_TITLES.get(item.task.role, 'Khác')}</b>")
        task = as_saved(item.task, today)
        if item.dropped:
            lines.append(f"<s>{task_block(str(item.number), task)}</s> <i>{texts.CARD_DROPPED}</i>")
        else:
            lines.append(task_block(str(item.number), task, extra=warning(task, str(item.number), today)))
    return lines


def render(card: Card, agency: str, *, today: date) -> str:
    """The card text (HTML, ≤ 4096 characters): the page being shown, and every agency's tasks when asked;
    past and missing deadlines said (``today``: the chat's local date)."""
    head = header(card.extraction)
    items, kept = card.items, card.kept
    body: list[str] = []
    tail: list[str] = []
    if items:
        count = texts.CARD_COUNT.format(agency=esc(agency), count=len(kept))
        if len(kept) != len(items):
            count += texts.CARD_COUNT_DROPPED.format(dropped=len(items) - len(kept))
        head.append("\n" + count)
        body = item_lines(on_page(card), today)
        if pages(card) > 1:
            tail.append(texts.CARD_PAGE.format(page=min(card.draft.page, pages(card) - 1) + 1, pages=pages(card)))
        tail.extend(dates_note([as_saved(i.task, today) for i in kept], today))
        tail.append(texts.CARD_HINT)
    else:
        head.append("\n" + texts.CARD_NONE.format(agency=esc(agency)))
    if card.draft.missing:
        tail.insert(0, texts.CARD_MISSING_PARTS.format(missing=card.draft.missing))
    full = card.full
    if full is not None and (card.draft.show_all or not items):
        body = body + all_agencies_lines(full)
    return fit(head, body, tail)


def keyboard(card: Card) -> InlineKeyboardMarkup:
    """A row per task of the page (drop or restore, edit the deadline), page arrows, add a task and save, all
    agencies, cancel."""
    draft_id = card.draft.id
    rows: list[list[InlineKeyboardButton]] = []
    for item in on_page(card):
        if item.dropped:
            rows.append([InlineKeyboardButton(f"↩ Lấy lại việc {item.number}",
                                              callback_data=callbacks.card(draft_id, "back", item.id))])
        else:
            rows.append([
                InlineKeyboardButton(f"✖ Bỏ việc {item.number}", callback_data=callbacks.card(draft_id, "drop", item.id)),
                InlineKeyboardButton(f"📅 Sửa hạn {item.number}",
                                     callback_data=callbacks.card(draft_id, "edit", item.id)),
            ])
    page, count = min(card.draft.page, pages(card) - 1), pages(card)
    if count > 1:
        arrows = []
        if page > 0:
            arrows.append(InlineKeyboardButton("◀ Trang trước", callback_data=callbacks.card(draft_id, "page", page - 1)))
        if page < count - 1:
            arrows.append(InlineKeyboardButton("Trang sau ▶", callback_data=callbacks.card(draft_id, "page", page + 1)))
        rows.append(arrows)
    add = InlineKeyboardButton(texts.ADD_BUTTON, callback_data=callbacks.card(draft_id, "add"))
    if card.items:
        rows.append([add, InlineKeyboardButton(f"💾 Lưu tất cả ({len(card.kept)} việc)",
                                               callback_data=callbacks.card(draft_id, "save"))])
    else:
        rows.append([add])
    toggle = "📋 Chỉ việc của đơn vị" if card.draft.show_all else "📋 Mọi đơn vị"
    rows.append([
        InlineKeyboardButton(toggle, callback_data=callbacks.card(draft_id, "all")),
        InlineKeyboardButton("✖ Hủy" if card.items else "Đóng", callback_data=callbacks.card(draft_id, "cancel")),
    ])
    return InlineKeyboardMarkup(rows)


def saved_text(card: Card, short_ids: Sequence[int], *, today: date) -> str:
    """The card after saving: the saved tasks with their ids, no buttons; past and missing deadlines said."""
    head = header(card.extraction)
    head.append("\n" + texts.SAVED.format(count=len(short_ids)))
    head.extend(dates_note([as_saved(i.task, today) for i in card.kept], today, saved=True))
    body: list[str] = []
    role: object = object()
    for item, short_id in zip(card.kept, short_ids, strict=True):
        if item.task.role != role:
            role = item.task.role
            body.append(f"\n<b>{ROLE_TITLES.get(item.task.role, 'Khác')}</b>")
        task = as_saved(item.task, today)
        body.append(task_block(f"#{short_id}", task, extra=warning(task, str(short_id), today, saved=True)))
    return fit(head, body)
