"""The prompts ("Sửa hạn", "Gia hạn", "➕ Thêm việc"): bound to one person, stored, and easy to leave.

The person who pressed is asked by name, with a Hủy button. Their next message in the chat is read as the
date (or as the task to add to the card), unless it leaves the prompt (/huy, "hủy", "thôi", the button, any
command, or 10 minutes passing) or reads like a dispatch (long, or several lines): that goes to intake as
any pasted text does, never to the date parser. The prompt is a database row, so a restart or another
instance keeps waiting.
"""

from __future__ import annotations

import contextlib
from datetime import date, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest
from telegram.ext import ContextTypes

import storage
from dispatch.user.userdates import parse_user_deadline
from handlers import access, texts
from handlers.adding import MAX_TASK_TEXT, read_typed
from handlers.deps import Deps, get_deps
from handlers.format import deadline_vi, shorten
from handlers.pipeline import clean_text, redraw_card
from scheduler import callbacks
from storage import Outcome

LEAVE_WORDS = frozenset({"huy", "hủy", "huỷ", "thoi", "thôi", "bo qua", "bỏ qua", "cancel", "khong", "không"})
MAX_ANSWER = 80  # characters: a deadline typed by hand is short; a longer text is a dispatch, not an answer
MAX_TASK_ANSWER = 500  # a task typed for a card is a sentence or two; longer is a dispatch pasted meanwhile


def leaves(text: str) -> bool:
    """Whether a message means "stop asking" ("hủy", "Thôi.", "bỏ qua")."""
    return text.strip().strip(".!…").strip().casefold() in LEAVE_WORDS


def reads_as_dispatch(text: str, *, limit: int = MAX_ANSWER) -> bool:
    """A long or multi-line text is something to read, not a date (nor a task typed by hand)."""
    return len(text) > limit or "\n" in text.strip()


def left_text(prompt: storage.Prompt) -> str:
    """What the bot says when a person stops being asked."""
    return texts.PROMPT_LEFT_ADD if prompt.draft_id is not None else texts.PROMPT_LEFT


async def ask(deps: Deps, message: Message, user: User, *, label: str, draft_task_id: int | None = None,
              task_id: int | None = None, draft_id: str | None = None) -> None:
    """Wait for this person's deadline (or, with ``draft_id``, a task for that card) and ask them by name."""
    chat_id = message.chat.id
    await deps.run(storage.ask, chat_id=chat_id, user_id=user.id, label=label, now=deps.clock.now(),
                   draft_task_id=draft_task_id, task_id=task_id, draft_id=draft_id)
    cancel = InlineKeyboardMarkup([[InlineKeyboardButton("✖ Hủy", callback_data=callbacks.PROMPT_CANCEL)]])
    question = texts.ASK_TASK if draft_id is not None else texts.ASK_DEADLINE
    asked = await message.reply_text(question.format(who=user.mention_html(), label=label), reply_markup=cancel)
    await deps.run(storage.asked, chat_id=chat_id, user_id=user.id, message_id=asked.message_id)


async def close(context: ContextTypes.DEFAULT_TYPE, prompt: storage.Prompt) -> None:
    """Take the Hủy button off the question once it is answered or left."""
    if prompt.message_id is None:
        return
    with contextlib.suppress(BadRequest):
        await context.bot.edit_message_reply_markup(prompt.chat_id, prompt.message_id, reply_markup=None)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Read a text as the answer its sender owes; False when they owe none or it is not an answer."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or not message.text:
        return False
    deps = get_deps(context)
    prompt = await deps.run(storage.pending_prompt, chat_id=message.chat.id, user_id=user.id, now=deps.clock.now())
    if prompt is None:
        return False
    limit = MAX_TASK_ANSWER if prompt.draft_id is not None else MAX_ANSWER
    if leaves(message.text) or reads_as_dispatch(message.text, limit=limit):
        await deps.run(storage.drop_prompt, chat_id=prompt.chat_id, user_id=user.id)
        await close(context, prompt)
        if reads_as_dispatch(message.text, limit=limit):
            return False  # intake reads it
        await message.reply_text(left_text(prompt))
        return True
    if prompt.draft_id is not None:
        await card_task_added(context, deps, message, prompt)
        return True
    parsed = parse_user_deadline(message.text, now=deps.clock.now(), calendar=deps.calendar)
    if parsed is None:
        await message.reply_text(texts.BAD_DEADLINE.format(text=texts.esc(message.text[:100])))
        return True
    await deps.run(storage.drop_prompt, chat_id=prompt.chat_id, user_id=user.id)
    await close(context, prompt)
    if prompt.task_id is not None:
        await saved_task_deadline(deps, message, prompt, parsed)
    elif prompt.draft_task_id is not None:
        await card_task_deadline(context, deps, message, prompt, parsed)
    return True


async def card_task_deadline(context: ContextTypes.DEFAULT_TYPE, deps: Deps, message: Message,
                             prompt: storage.Prompt, parsed: tuple[date, time | None]) -> None:
    """The new deadline of a card's task, found by its id (whatever was dropped meanwhile)."""
    assert prompt.draft_task_id is not None
    found = await deps.run(storage.find_item, chat_id=prompt.chat_id, task_id=prompt.draft_task_id)
    if found is None:
        await message.reply_text(texts.EXPIRED)
        return
    card, _ = found
    outcome, item = await deps.run(storage.set_deadline, chat_id=prompt.chat_id, draft_id=card.draft.id,
                                   task_id=prompt.draft_task_id, deadline=parsed[0], deadline_time=parsed[1],
                                   said=clean_text(message.text or ""), now=deps.clock.now())
    if outcome is not Outcome.CHANGED or item is None:
        await message.reply_text(texts.CARD_SAVED_BEFORE if card.draft.state == "saved" else
                                 texts.CARD_CANCELLED_BEFORE if card.draft.state == "cancelled" else texts.EXPIRED)
        return
    reply = texts.DEADLINE_SET.format(label=item.number, deadline=texts.esc(deadline_vi(item.task)))
    if item.dropped:
        reply += texts.DROPPED_TASK_EDITED.format(label=item.number)
    await message.reply_text(reply)
    await redraw_card(context, deps, prompt.chat_id, card.draft.id)


async def card_task_added(context: ContextTypes.DEFAULT_TYPE, deps: Deps, message: Message,
                          prompt: storage.Prompt) -> None:
    """The task typed after «➕ Thêm việc» goes at the end of the card (asked again if its date is no date)."""
    assert prompt.draft_id is not None
    typed = read_typed(clean_text(message.text or ""), now=deps.clock.now(), calendar=deps.calendar)
    if typed.unreadable is not None or not typed.text or len(typed.text) > MAX_TASK_TEXT:
        await message.reply_text(texts.BAD_DEADLINE.format(text=texts.esc(typed.unreadable[:100]))
                                 if typed.unreadable is not None else texts.ADD_USAGE)
        return
    await deps.run(storage.drop_prompt, chat_id=prompt.chat_id, user_id=prompt.user_id)
    await close(context, prompt)
    outcome, item = await deps.run(storage.add_draft_task, chat_id=prompt.chat_id, draft_id=prompt.draft_id,
                                   found=typed.found(), now=deps.clock.now())
    if outcome is not Outcome.CHANGED or item is None:
        card = await deps.run(storage.get_card, chat_id=prompt.chat_id, draft_id=prompt.draft_id)
        state = card.draft.state if card is not None else "missing"
        await message.reply_text(texts.CARD_SAVED_BEFORE if state == "saved" else
                                 texts.CARD_CANCELLED_BEFORE if state == "cancelled" else texts.EXPIRED)
        return
    await message.reply_text(texts.TASK_ADDED_TO_CARD.format(
        label=item.number, text=texts.esc(shorten(item.task.text, 200)), deadline=texts.esc(deadline_vi(item.task))))
    await redraw_card(context, deps, prompt.chat_id, prompt.draft_id)


async def saved_task_deadline(deps: Deps, message: Message, prompt: storage.Prompt,
                              parsed: tuple[date, time | None]) -> None:
    """The new deadline of a saved task (Gia hạn on a reminder)."""
    assert prompt.task_id is not None
    # asked in an assignee's private chat: the task is in its group
    chat_id = await deps.run(storage.acting_chat, chat_id=prompt.chat_id, task_id=prompt.task_id,
                             user_id=prompt.user_id)
    if chat_id is None:
        await message.reply_text(texts.TASK_GONE)
        return
    task = await deps.run(storage.change_deadline, chat_id=chat_id, task_id=prompt.task_id,
                          deadline=parsed[0], deadline_time=parsed[1], actor_id=prompt.user_id,
                          now=deps.clock.now(), calendar=deps.calendar)
    await message.reply_text(texts.DEADLINE_SET.format(label=prompt.label, deadline=texts.esc(deadline_vi(task)))
                             if task is not None else texts.TASK_GONE)


async def cancel_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The Hủy button under a date question: the presser stops being asked."""
    got = await access.pressed(update)
    if got is None:
        return
    query, message = got
    deps = get_deps(context)
    prompt = await deps.run(storage.pending_prompt, chat_id=message.chat.id, user_id=query.from_user.id,
                            now=deps.clock.now())
    if prompt is None or prompt.message_id != message.message_id:
        await message.reply_text(texts.PROMPT_NOT_YOURS)
        return
    await deps.run(storage.drop_prompt, chat_id=prompt.chat_id, user_id=prompt.user_id)
    await close(context, prompt)
    await message.reply_text(left_text(prompt))


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huy (alias /cancel): stop being asked for a date."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    deps = get_deps(context)
    prompt = None
    if user is not None:
        prompt = await deps.run(storage.pending_prompt, chat_id=message.chat.id, user_id=user.id,
                                now=deps.clock.now())
    if prompt is None:
        await message.reply_text(texts.PROMPT_NONE)
        return
    await deps.run(storage.drop_prompt, chat_id=prompt.chat_id, user_id=prompt.user_id)
    await close(context, prompt)
    await message.reply_text(left_text(prompt))


async def leave_on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command also ends the sender's date prompt (silently: the command answers for itself)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    deps = get_deps(context)
    prompt = await deps.run(storage.pending_prompt, chat_id=chat.id, user_id=user.id, now=deps.clock.now())
    if prompt is not None:
        await deps.run(storage.drop_prompt, chat_id=chat.id, user_id=user.id)
        await close(context, prompt)
