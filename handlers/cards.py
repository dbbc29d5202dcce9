"""The confirmation card: what a dispatch asks of the chat's agency, before anything is saved."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from dispatch.model import Extraction, Task
from handlers import texts
from handlers.deps import Draft
from handlers.format import ROLE_TITLES, deadline_vi, fit, grouped, shorten
from handlers.texts import esc

MAX_TASK_BUTTONS = 20
ROLE_ORDER = {"lead": 0, "coordinate": 1, "all": 2, None: 3}


def order_tasks(tasks: tuple[Task, ...]) -> list[Task]:
    """Tasks in card order: Chủ trì, Phối hợp, Chung, then the rest (stable)."""
    return sorted(tasks, key=lambda t: ROLE_ORDER.get(t.role, 3))


def header(extraction: Extraction) -> list[str]:
    """Number, date, issuer and subject lines."""
    title = f"📄 <b>Công văn số {esc(extraction.number)}</b>" if extraction.number else "📄 <b>Công văn</b>"
    if extraction.issued:
        title += f" ngày {extraction.issued:%d/%m/%Y}"
    lines = [title]
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


def render(draft: Draft, agency: str, full: Extraction | None = None) -> str:
    """The card text for a draft (HTML, ≤ 4096 characters)."""
    head = header(draft.extraction)
    if draft.tasks:
        head.append(f"\nViệc của <b>{esc(agency)}</b>: {len(draft.tasks)}")
        body = grouped(draft.tasks, [str(i) for i in range(1, len(draft.tasks) + 1)])
        tail = ["\n<i>Chưa lưu thì chưa nhắc. Bấm «Lưu tất cả» để lưu và nhắc hạn.</i>"]
    else:
        head.append(f"\nKhông thấy việc nào giao cho <b>{esc(agency)}</b> trong công văn này.")
        body, tail = [], []
    if full is not None and (draft.show_all or not draft.tasks):
        body = body + all_agencies_lines(full)
    return fit(head, body, tail)


def keyboard(draft: Draft) -> InlineKeyboardMarkup:
    """Per-task drop / edit-deadline buttons, then save, all agencies, cancel."""
    rows: list[list[InlineKeyboardButton]] = []
    if draft.tasks:
        for number in range(1, min(len(draft.tasks), MAX_TASK_BUTTONS) + 1):
            rows.append([
                InlineKeyboardButton(f"✖ Bỏ việc {number}", callback_data=f"cd:{draft.id}:drop:{number}"),
                InlineKeyboardButton(f"📅 Sửa hạn {number}", callback_data=f"cd:{draft.id}:edit:{number}"),
            ])
        rows.append([InlineKeyboardButton("💾 Lưu tất cả", callback_data=f"cd:{draft.id}:save")])
    toggle = "📋 Chỉ việc của đơn vị" if draft.show_all else "📋 Mọi đơn vị"
    rows.append([
        InlineKeyboardButton(toggle, callback_data=f"cd:{draft.id}:all"),
        InlineKeyboardButton("✖ Hủy" if draft.tasks else "Đóng", callback_data=f"cd:{draft.id}:cancel"),
    ])
    return InlineKeyboardMarkup(rows)


def saved_text(draft: Draft, short_ids: list[int]) -> str:
    """The card after saving: the tasks with their ids, no buttons."""
    head = header(draft.extraction)
    head.append("\n" + texts.SAVED.format(count=len(short_ids)))
    body = grouped(draft.tasks, [f"#{n}" for n in short_ids])
    return fit(head, body)
