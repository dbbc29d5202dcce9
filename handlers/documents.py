"""Reading dispatches sent as files (PDF, DOCX, photos, albums) off the event loop, with progress."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram import Message
from telegram.constants import ChatAction
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from dispatch.errors import DocumentError
from handlers import texts
from handlers.deps import get_deps
from handlers.pipeline import process_dispatch

log = logging.getLogger(__name__)
Item = tuple[int, str, str | None, int | None]  # message id, file id, file name, size


def reader() -> Callable[..., Any] | None:
    """dispatch.read when the readers are installed."""
    try:
        from dispatch.readers import read
    except ImportError:
        return None
    return read


def item_from(message_id: int, body: dict[str, Any]) -> Item:
    """An album's file back from its gather part (storage.gathers)."""
    return message_id, str(body["file_id"]), body.get("name"), body.get("size")


def item_of(message: Message) -> Item | None:
    if message.document is not None:
        doc = message.document
        return message.message_id, doc.file_id, doc.file_name, doc.file_size
    if message.photo:
        best = message.photo[-1]
        return message.message_id, best.file_id, None, best.file_size
    return None


async def read_files(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int | None,
                     items: list[Item], reply_to: int | None) -> None:
    """Download and read the files in a worker thread, editing one progress message, then show the card."""
    deps = get_deps(context)
    read = reader()
    if read is None:
        await context.bot.send_message(chat_id, texts.READ_UNAVAILABLE, reply_to_message_id=reply_to)
        return
    status = await context.bot.send_message(chat_id, texts.READING, reply_to_message_id=reply_to)
    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    loop = asyncio.get_running_loop()
    progress: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
    shown = texts.READING

    async def show(text: str) -> None:
        nonlocal shown
        if text != shown:
            shown = text
            try:
                await status.edit_text(text)
            except BadRequest:
                log.debug("progress edit failed", exc_info=True)

    async def report_progress() -> None:
        while True:
            page, pages = await progress.get()
            step = max(1, pages // 5)
            if page == 1 or page == pages or page % step == 0:
                await show(texts.READING_PAGE.format(page=page, pages=pages))

    reporter = asyncio.create_task(report_progress())
    parts: list[str] = []
    pages = 0
    try:
        for index, (_, file_id, name, _) in enumerate(items):
            file = await context.bot.get_file(file_id)
            data = bytes(await file.download_as_bytearray())
            if len(items) > 1:
                progress.put_nowait((index + 1, len(items)))
                on_page = None
            else:
                def on_page(done: int, total: int) -> None:
                    loop.call_soon_threadsafe(progress.put_nowait, (done, total))
            result = await asyncio.wait_for(
                asyncio.to_thread(read, data, name, max_pages=deps.settings.max_pages,
                                  timeout=deps.settings.read_timeout, progress=on_page),
                deps.settings.read_timeout + 15)
            parts.append(result.text)
            pages += result.pages
    except DocumentError as exc:
        await show(texts.READ_FAILED.format(reason=texts.esc(exc)))
        return
    except TimeoutError:
        await show(texts.READ_FAILED.format(reason="quá thời gian cho phép."))
        return
    except BadRequest as exc:  # getFile refused: say why in Vietnamese, never Telegram's English text
        log.info("getFile refused in chat %s: %s", chat_id, exc.message)
        reason = texts.FILE_REFUSED_TOO_BIG if "too big" in exc.message.lower() else texts.FILE_REFUSED
        await show(texts.READ_FAILED.format(reason=reason))
        return
    finally:
        await asyncio.sleep(0)
        reporter.cancel()
    await show(texts.READ_DONE.format(pages=pages))
    await process_dispatch(context, chat_id, user_id, "\n\n".join(parts), explicit=True, reply_to=reply_to)
