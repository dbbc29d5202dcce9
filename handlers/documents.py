"""Reading dispatches sent as files (PDF, DOCX, photos, albums) in bounded workers, in the background, with progress."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from typing import Any

from telegram import Message
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from dispatch.errors import DocumentError
from dispatch.readers.worker import Limits, read_bounded
from handlers import texts
from handlers.deps import get_deps
from handlers.pipeline import process_dispatch
from handlers.readqueue import Admission, QueueFull

log = logging.getLogger(__name__)
Item = tuple[int, str, str | None, int | None]  # message id, file id, file name, size


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
    """Queue the files of one dispatch (handlers.readqueue); they are read in the background, then the card."""
    deps = get_deps(context)
    try:
        admission = deps.reads.admit(chat_id)
    except QueueFull as full:
        text = texts.READ_QUEUE_CHAT_FULL if full.scope == "chat" else texts.READ_QUEUE_FULL
        await context.bot.send_message(chat_id, text.format(count=full.count), reply_to_message_id=reply_to)
        return
    try:
        waiting = not admission.started.done()
        status = await context.bot.send_message(
            chat_id, texts.READ_QUEUED.format(ahead=admission.ahead) if waiting else texts.READING,
            reply_to_message_id=reply_to)
    except BaseException:
        deps.reads.release(admission)
        raise
    deps.reads.spawn(_read_in_background(context, admission, status, user_id, items, reply_to),
                     name=f"READ {chat_id} {status.message_id}")


async def _read_in_background(context: ContextTypes.DEFAULT_TYPE, admission: Admission, status: Message,
                              user_id: int | None, items: list[Item], reply_to: int | None) -> None:
    """The background task of one queued dispatch: an unexpected error is logged and apologised for."""
    try:
        await _read_and_show(context, admission, status, user_id, items, reply_to)
    except Exception:
        log.exception("reading files failed in chat %s", admission.chat_id)
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(admission.chat_id, texts.ERROR, reply_to_message_id=reply_to)


async def _read_and_show(context: ContextTypes.DEFAULT_TYPE, admission: Admission, status: Message,
                         user_id: int | None, items: list[Item], reply_to: int | None) -> None:
    """When the admission's turn comes: download and read each file in a bounded worker, then show the card."""
    deps = get_deps(context)
    chat_id = admission.chat_id
    loop = asyncio.get_running_loop()
    progress: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
    shown = status.text

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

    limits = Limits(max_pages=deps.settings.max_pages, timeout=deps.settings.read_timeout,
                    memory_mb=deps.settings.read_memory_mb)
    reporter: asyncio.Task[None] | None = None
    parts: list[str] = []
    pages = 0
    try:
        await deps.reads.wait_turn(admission)  # before downloading: waiting files hold no bytes
        await show(texts.READING)
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        reporter = asyncio.create_task(report_progress())
        for index, (_, file_id, name, _) in enumerate(items):
            file = await context.bot.get_file(file_id)
            data = bytes(await file.download_as_bytearray())
            if len(items) > 1:
                progress.put_nowait((index + 1, len(items)))
                on_page = None
            else:
                def on_page(done: int, total: int) -> None:
                    loop.call_soon_threadsafe(progress.put_nowait, (done, total))
            result = await deps.reads.run(admission, functools.partial(
                read_bounded, data, name, limits=limits, progress=on_page))
            parts.append(result.text)
            pages += result.pages
    except DocumentError as exc:
        await show(texts.READ_FAILED.format(reason=texts.esc(exc)))
        return
    except BadRequest as exc:  # getFile refused: say why in Vietnamese, never Telegram's English text
        log.info("getFile refused in chat %s: %s", chat_id, exc.message)
        reason = texts.FILE_REFUSED_TOO_BIG if "too big" in exc.message.lower() else texts.FILE_REFUSED
        await show(texts.READ_FAILED.format(reason=reason))
        return
    finally:
        deps.reads.release(admission)
        await asyncio.sleep(0)
        if reporter is not None:
            reporter.cancel()
    await show(texts.READ_DONE.format(pages=pages))
    await process_dispatch(context, chat_id, user_id, "\n\n".join(parts), explicit=True, reply_to=reply_to)
