"""Who a command names: @usernames and text mentions (people without a username, picked from the list)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Message, MessageEntity, User


@dataclass(frozen=True, slots=True)
class Named:
    """The people a command names, and its other words."""

    users: list[User]  # text mentions: Telegram gives the user itself
    usernames: list[str]  # "@lan" without the "@"
    words: list[str]  # everything else after the command, in order


def named(message: Message) -> Named:
    """Split a command's text into the people it names and its other words."""
    text = message.text or ""
    units = text.encode("utf-16-le")  # entity offsets count UTF-16 code units
    cut: list[tuple[int, int]] = []
    users: list[User] = []
    for entity in message.entities:
        if entity.type in (MessageEntity.TEXT_MENTION, MessageEntity.BOT_COMMAND):
            cut.append((entity.offset, entity.offset + entity.length))
            if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
                users.append(entity.user)
    kept, last = [], 0
    for start, end in sorted(cut):
        kept.append(units[2 * last:2 * start])
        last = max(last, end)
    kept.append(units[2 * last:])
    words = " ".join(part.decode("utf-16-le") for part in kept).split()
    usernames = [w[1:] for w in words if w.startswith("@") and len(w) > 1]
    return Named(users=list({u.id: u for u in users}.values()), usernames=list(dict.fromkeys(usernames)),
                 words=[w for w in words if not (w.startswith("@") and len(w) > 1)])
