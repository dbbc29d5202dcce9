"""/start, /trogiup, the command menu, unknown commands, and the privacy-mode notice when the bot joins."""

from __future__ import annotations

import difflib
from datetime import datetime

from sqlmodel import Session
from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

import storage
from handlers import people, texts
from handlers.deps import Deps, get_deps
from handlers.pipeline import ensure_chat

JOINED = frozenset({ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR})
GONE = frozenset({ChatMemberStatus.LEFT, ChatMemberStatus.BANNED})


async def privacy_blind(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> bool:
    """True when privacy mode is on and the bot is not an admin here (it cannot see pasted text)."""
    deps = get_deps(context)
    if deps.privacy_mode is None:
        me = await context.bot.get_me()
        deps.privacy_mode = not me.can_read_all_group_messages
    if not deps.privacy_mode:
        return False
    member = await context.bot.get_chat_member(chat_id, context.bot.id)
    return member.status != ChatMemberStatus.ADMINISTRATOR


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Introduce the bot; in private, send this person's reminders here too; in a group, warn when it cannot
    read pasted dispatches."""
    message = update.effective_message
    assert message is not None
    deps = get_deps(context)
    chat = await deps.run(ensure_chat, deps=deps, chat_id=message.chat.id, title=message.chat.title)
    agency = chat.agency
    if message.chat.type == ChatType.PRIVATE and update.effective_user is not None:
        linked = await people.link_private(update, context)
        if context.args == [people.START_PAYLOAD]:  # came by the deep link: that is all they asked for
            await message.reply_text(linked)
            return
        await message.reply_text(texts.START + "\n\n" + linked)
        return
    text = texts.START
    if agency:
        text += "\n\n" + texts.AGENCY_CURRENT.format(agency=texts.esc(agency))
    await message.reply_text(text)
    if message.chat.type != ChatType.PRIVATE and await privacy_blind(context, message.chat.id):
        await message.reply_text(texts.PRIVACY_NOTICE)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to use the bot."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(texts.help_text())


def menu(*, admin: bool) -> list[BotCommand]:
    """The command menu: Vietnamese names first, then the English ones; admin-only commands for admins."""
    shown = [c for c in texts.COMMANDS if admin or not c.admin]
    english = [BotCommand(alias, texts.ALIAS_MENU.format(name=c.name)) for c in shown for alias in c.aliases]
    return [BotCommand(c.name, c.menu) for c in shown] + english


async def publish_menu(bot: Bot) -> None:
    """setMyCommands for everyone, for group administrators, and for private chats (where one is admin)."""
    scopes: list[tuple[BotCommandScope, bool]] = [
        (BotCommandScopeDefault(), False),
        (BotCommandScopeAllChatAdministrators(), True),
        (BotCommandScopeAllPrivateChats(), True),
    ]
    for scope, admin in scopes:
        await bot.set_my_commands(menu(admin=admin), scope=scope)


KNOWN = frozenset(name for c in texts.COMMANDS for name in (c.name, *c.aliases))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have: say so, suggest the closest one (commands for other bots are left alone)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    word = message.text.split(maxsplit=1)[0][1:]
    name, _, addressee = word.partition("@")
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return
    close = difflib.get_close_matches(name.lower(), sorted(KNOWN), n=1, cutoff=0.6)
    guess = texts.UNKNOWN_GUESS.format(command="/" + close[0]) if close else ""
    await message.reply_text(texts.UNKNOWN_COMMAND.format(command=texts.esc("/" + name[:40]), guess=guess))


def joined(session: Session, *, deps: Deps, chat_id: int, title: str | None, now: datetime, actor_id: int) -> None:
    """The bot is in the chat: its row (with the deployment's defaults if new), active."""
    ensure_chat(session, deps, chat_id, title)
    storage.set_chat_active(session, chat_id=chat_id, active=True, now=now, actor_id=actor_id)


async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to or removed from a chat: greet, warn about privacy, pause or resume reminders."""
    change = update.my_chat_member
    if change is None:
        return
    deps = get_deps(context)
    chat_id = change.chat.id
    status = change.new_chat_member.status
    now = deps.clock.now()
    if status in GONE:
        await deps.run(storage.set_chat_active, chat_id=chat_id, active=False, now=now, actor_id=change.from_user.id)
        return
    await deps.run(joined, deps=deps, chat_id=chat_id, title=change.chat.title, now=now,
                   actor_id=change.from_user.id)
    was_in = change.old_chat_member.status in JOINED
    if status in JOINED and not was_in and change.chat.type != ChatType.PRIVATE:
        await context.bot.send_message(chat_id, texts.START)
        if status != ChatMemberStatus.ADMINISTRATOR and await privacy_blind(context, chat_id):
            await context.bot.send_message(chat_id, texts.PRIVACY_NOTICE)
