"""/giao (/assign): who answers for a task, by picker buttons, @username or text mention; telling them.

Only a group admin or one of the task's current assignees may change it. Someone newly assigned who started
the bot gets a private message; someone who did not is told once, in the group, how to (a deep link).
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

import storage
from handlers import access, texts
from handlers.deps import Deps, get_deps
from handlers.format import deadline_vi, shorten
from handlers.mentions import named
from handlers.people import deep_link, record
from handlers.tasks import label, people_html
from handlers.texts import esc
from scheduler import callbacks
from scheduler.digest import mention
from storage.people import MemberPage, member_page

log = logging.getLogger(__name__)
CLEAR_WORDS = frozenset({"-", "bo", "bỏ", "none"})
PICKER_NAMES = 20  # names on one page of the picker
NAME_CHARS = 28


def who(people: list[storage.Person]) -> str:
    return people_html(people) if people else texts.ASSIGN_NOBODY


async def may_assign(update: Update, context: ContextTypes.DEFAULT_TYPE, task: storage.Task) -> bool:
    """A group admin, or one of the task's current assignees."""
    user = update.effective_user
    assert user is not None and task.id is not None
    deps = get_deps(context)
    if await deps.run(storage.is_assignee, task_id=task.id, user_id=user.id):
        return True
    return await access.is_admin(update, context)


def picker(task: storage.Task, choices: MemberPage) -> tuple[str, InlineKeyboardMarkup]:
    """The picker: the task, who has it, a button per person of the page (✅ when assigned; those assigned
    come first on every page), page arrows, and a close button."""
    assert task.id is not None
    assigned = {p.id for p in task.people}
    people = list({p.id: p for p in [*task.people, *choices.people]}.values())
    buttons = [InlineKeyboardButton(("✅ " if p.id in assigned else "") + shorten(p.name or p.label, NAME_CHARS),
                                    callback_data=callbacks.assignee(task.id, p.id)) for p in people]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    page, pages = choices.page, choices.pages
    arrows = []
    if page > 0:
        arrows.append(InlineKeyboardButton(texts.ASSIGN_PREVIOUS, callback_data=callbacks.assignee_page(task.id,
                                                                                                        page - 1)))
    if page < pages - 1:
        arrows.append(InlineKeyboardButton(texts.ASSIGN_NEXT, callback_data=callbacks.assignee_page(task.id, page + 1)))
    if arrows:
        rows.append(arrows)
    rows.append([InlineKeyboardButton(texts.ASSIGN_CLOSE, callback_data=callbacks.assignee(task.id, None))])
    text = texts.ASSIGN_PICK.format(label=label(task), text=esc(shorten(task.text, 300)), who=who(task.people),
                                    number=task.short_id)
    if pages > 1:
        text += "\n" + texts.CARD_PAGE.format(page=page + 1, pages=pages)
    return text, InlineKeyboardMarkup(rows)


async def send_notice(context: ContextTypes.DEFAULT_TYPE, deps: Deps, user_id: int, notice: str) -> bool:
    """Send an assignment notice privately; False when it failed for now (worth another try)."""
    try:
        await context.bot.send_message(user_id, notice)
    except Forbidden:  # blocked the bot since: its reminders wait, like a group's that removed it
        await deps.run(storage.set_chat_active, chat_id=user_id, active=False, now=deps.clock.now())
    except BadRequest:  # refused for good (chat not found, the text): another try cannot help
        log.warning("assignment notice to user %s refused", user_id, exc_info=True)
    except (NetworkError, RetryAfter):  # a timeout, a 5xx, a connection reset, a flood wait
        log.info("assignment notice to user %s failed for now", user_id, exc_info=True)
        return False
    except TelegramError:
        log.warning("could not tell user %s of an assignment", user_id, exc_info=True)
    return True


def retry_later(context: ContextTypes.DEFAULT_TYPE, deps: Deps, user_id: int, notice: str, *, attempt: int) -> None:
    """Try the notice again after the attempt-th of ``deps.notice_retry_delays``; give up after the last."""
    if attempt > len(deps.notice_retry_delays):
        log.warning("assignment notice to user %s not sent after %s tries", user_id, attempt)
        return
    assert context.job_queue is not None
    context.job_queue.run_once(retry_job, when=deps.notice_retry_delays[attempt - 1],
                               data=(user_id, notice, attempt), name=f"ASSIGN_NOTICE {user_id}")


async def retry_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: one more try of an assignment notice that failed for now."""
    assert context.job is not None
    data = context.job.data
    assert isinstance(data, tuple)
    user_id, notice, attempt = data
    deps = get_deps(context)
    if not await send_notice(context, deps, user_id, notice):
        retry_later(context, deps, user_id, notice, attempt=attempt + 1)


async def tell(context: ContextTypes.DEFAULT_TYPE, deps: Deps, message: Message, task: storage.Task,
               added: list[storage.Person], actor: User) -> str:
    """Message each newly assigned person privately; the group hint for those the bot cannot reach ("" if none)."""
    unreachable = []
    notice = texts.ASSIGNED_TO_YOU.format(
        label=label(task), group=esc(message.chat.title or ""), text=esc(shorten(task.text, 600)),
        deadline=esc(deadline_vi(task)), by=texts.ASSIGNED_BY.format(who=esc(actor.full_name)))
    for person in added:
        if person.user_id is None or not await deps.run(storage.reachable, person=person):
            unreachable.append(person)
            continue
        if not await send_notice(context, deps, person.user_id, notice):
            retry_later(context, deps, person.user_id, notice, attempt=1)
    told = await deps.run(storage.take_hint, person_ids=[p.id or 0 for p in unreachable], now=deps.clock.now())
    hinted = [p for p in unreachable if p.id in told]
    if not hinted:
        return ""
    names = ", ".join(mention(p.assignee) for p in hinted)
    return texts.PRIVATE_HINT.format(who=names, link=deep_link(context))


async def people_named(deps: Deps, message: Message, users: list[User], usernames: list[str]) -> list[int] | None:
    """The person ids of the named users (recorded as seen in this group); None for a malformed @name."""
    ids = [(await record(deps, u, message.chat.id)).id or 0 for u in users if not u.is_bot]
    try:
        for name in usernames:
            person = await deps.run(storage.person_for_username, username=name, now=deps.clock.now())
            ids.append(person.id or 0)
    except storage.InvalidUsernameError:
        return None
    return ids


async def assign_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Choose who answers for a task: /giao <số> [@tên …] (no name: a picker; "-": nobody)."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    parts = named(message)
    number = access.task_number(parts.words[0]) if parts.words else None
    rest = parts.words[1:]
    clear = len(rest) == 1 and rest[0].lower() in CLEAR_WORDS and not (parts.users or parts.usernames)
    if number is None or (rest and not clear):
        await message.reply_text(texts.TASK_USAGE["assign"])
        return
    deps = get_deps(context)
    task = await deps.run(storage.get_task, chat_id=message.chat.id, short_id=number)
    if task is None or task.id is None:
        await message.reply_text(texts.TASK_NOT_FOUND.format(short_id=number))
        return
    if not await may_assign(update, context, task):
        await message.reply_text(texts.ASSIGN_REFUSED.format(label=label(task)))
        return
    if not (parts.users or parts.usernames or clear):
        choices = await deps.run(member_page, chat_id=message.chat.id, size=PICKER_NAMES)
        if not choices.people and not task.people:
            await message.reply_text(texts.ASSIGN_NO_MEMBERS.format(number=number))
            return
        text, markup = picker(task, choices)
        await message.reply_text(text, reply_markup=markup)
        return
    ids = [] if clear else await people_named(deps, message, parts.users, parts.usernames)
    if ids is None:
        await message.reply_text(texts.TASK_USAGE["assign"])
        return
    done = await deps.run(storage.set_assignees, chat_id=message.chat.id, task_id=task.id, person_ids=ids,
                          actor_id=user.id, now=deps.clock.now(), calendar=deps.calendar)
    if done is None:
        await message.reply_text(texts.TASK_GONE)
        return
    task, added = done
    reply = (texts.ASSIGNED.format(label=label(task), who=who(task.people)) if task.people
             else texts.UNASSIGNED.format(label=label(task)))
    hint = await tell(context, deps, message, task, added, user)
    await message.reply_text(reply + (f"\n\n{hint}" if hint else ""))


async def assign_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A name in the picker gives or takes the task; ✔ Xong closes the picker."""
    got = await access.pressed(update)
    if got is None:
        return
    query, message = got
    press = callbacks.parse(query.data)
    if not isinstance(press, callbacks.AssignPress):
        await message.reply_text(texts.STALE_BUTTON)
        return
    deps = get_deps(context)
    task = await deps.run(storage.get_task, chat_id=message.chat.id, task_id=press.task_id)
    if task is None or task.id is None:
        await message.reply_text(texts.TASK_GONE)
        return
    if not await may_assign(update, context, task):
        await message.reply_text(texts.ASSIGN_REFUSED.format(label=label(task)))
        return
    if press.page is not None:
        choices = await deps.run(member_page, chat_id=message.chat.id, size=PICKER_NAMES, page=press.page)
        text, markup = picker(task, choices)
    elif press.person_id is None:
        text, markup = texts.ASSIGN_PICK_DONE.format(label=label(task), who=who(task.people)), None
    else:
        ids = [p.id or 0 for p in task.people]
        ids = [i for i in ids if i != press.person_id] if press.person_id in ids else [*ids, press.person_id]
        done = await deps.run(storage.set_assignees, chat_id=message.chat.id, task_id=task.id, person_ids=ids,
                              actor_id=query.from_user.id, now=deps.clock.now(), calendar=deps.calendar)
        if done is None:
            await message.reply_text(texts.TASK_GONE)
            return
        task, added = done
        choices = await deps.run(member_page, chat_id=message.chat.id, size=PICKER_NAMES, showing=press.person_id)
        text, markup = picker(task, choices)
        hint = await tell(context, deps, message, task, added, query.from_user)
        if hint:
            await message.reply_text(hint)
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest:
        log.info("assignment picker in chat %s not edited", message.chat.id, exc_info=True)
