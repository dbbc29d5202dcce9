"""A document or a photo: read it now, or gather the album it belongs to (one photo per page)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers import documents, gathering, texts
from handlers.deps import get_deps
from storage.gathers import Part


async def file_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document or photo: read it now, or gather the album it belongs to."""
    message = update.effective_message
    if message is None or (item := documents.item_of(message)) is None:
        return
    deps = get_deps(context)
    limit = deps.settings.max_file_bytes
    if item[3] is not None and item[3] > limit:
        await message.reply_text(texts.FILE_TOO_BIG.format(size=round(item[3] / 1048576, 1),
                                                           limit=deps.settings.max_file_mb))
        return
    user_id = message.from_user.id if message.from_user else None
    if message.media_group_id is None:
        await documents.read_files(context, message.chat.id, user_id, [item], message.message_id)
        return
    _, file_id, name, size = item
    await gathering.add(context, Part(chat_id=message.chat.id, user_id=user_id, message_id=message.message_id,
                                      body={"file_id": file_id, "name": name, "size": size}, kind="album",
                                      origin=str(message.media_group_id), explicit=True))
