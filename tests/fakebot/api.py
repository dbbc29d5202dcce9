"""The Bot API methods the fake server implements, validating like Telegram."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from .html import EntityError, parse_html
from .state import ApiError, DropConnection, Message, State

SEND_METHODS = frozenset({"sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup"})
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
ADMIN_RIGHTS = {"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True, "can_delete_messages": True,
                "can_manage_video_chats": True, "can_restrict_members": True, "can_promote_members": False,
                "can_change_info": True, "can_invite_users": True, "can_post_stories": False,
                "can_edit_stories": False, "can_delete_stories": False}


def _chat_id(params: dict[str, Any]) -> int:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, "Bad Request: chat_id is empty") from None


def _formatted(text: str, parse_mode: str | None, limit: int, what: str) -> str:
    if parse_mode and parse_mode.upper() == "HTML":
        try:
            plain = parse_html(text)
        except EntityError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
    elif parse_mode:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode!r} in this fake")
    else:
        plain = text
    if not plain.strip():
        raise ApiError(400, f"Bad Request: {what} is empty")
    if len(plain) > limit:
        raise ApiError(400, "Bad Request: message is too long" if what == "message text" else
                       "Bad Request: message caption is too long")
    return plain


def _markup(markup: Any) -> dict[str, Any] | None:
    if markup in (None, ""):
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not str(button.get("text", "")).strip():
                raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


def _message_dict(state: State, msg: Message) -> dict[str, Any]:
    out: dict[str, Any] = {
        "message_id": msg.message_id,
        "date": state.now_ts(),
        "chat": state.chats[msg.chat_id].to_dict(),
        "from": state.bot_user(),
    }
    if msg.document:
        out["document"] = msg.document
        if msg.text:
            out["caption"] = msg.text
    else:
        out["text"] = msg.text
    if msg.reply_markup and "inline_keyboard" in msg.reply_markup:  # Telegram echoes inline keyboards only
        out["reply_markup"] = msg.reply_markup
    return out


def _existing(state: State, params: dict[str, Any]) -> Message:
    chat_id = _chat_id(params)
    state.chat(chat_id)
    msg = state.messages.get((chat_id, int(params.get("message_id", 0))))
    if msg is None or msg.deleted:
        raise ApiError(400, "Bad Request: message to edit not found")
    return msg


async def call(state: State, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    """Run one Bot API method; raise ApiError like Telegram would."""
    chat_id = int(params["chat_id"]) if str(params.get("chat_id", "")).lstrip("-").isdigit() else None
    if method in SEND_METHODS or method in {"answerCallbackQuery", "sendChatAction", "deleteMessage"}:
        fault = state.take_fault(method, chat_id)
        if (fault is None and state.random_fault_rate and method in SEND_METHODS
                and state.rng.random() < state.random_fault_rate):
            code = state.rng.choice([429, 500, 502])
            raise ApiError(code, "Too Many Requests: retry after 1" if code == 429 else "Internal Server Error",
                           retry_after=1 if code == 429 else None)
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)  # the client gives up meanwhile: a timeout on its side
        if fault is not None and not fault.deliver:
            raise ApiError(fault.code, fault.description, fault.retry_after)
    else:
        fault = None
    handler = METHODS.get(method.lower())
    if handler is None:
        raise ApiError(404, "Not Found")
    result = await handler(state, params, files)
    if fault is not None and fault.after == "error":  # carried out, but the answer says it failed
        raise ApiError(fault.code, fault.description)
    if fault is not None and fault.after == "drop":
        raise DropConnection
    return result


async def get_me(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    return {**state.bot_user(), "can_join_groups": True,
            "can_read_all_group_messages": state.can_read_all_group_messages, "supports_inline_queries": False}


async def get_updates(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    offset = int(params.get("offset") or 0)
    limit = min(int(params.get("limit") or 100), 100)
    timeout = float(params.get("timeout") or 0)
    if offset:
        state.confirmed_offset = max(state.confirmed_offset, offset)
        state.updates = [u for u in state.updates if u["update_id"] >= offset]
    if params.get("allowed_updates") is not None:  # remembered until a later call names others
        state.allowed_updates = list(params["allowed_updates"]) or None
    await state.notify()

    def ready() -> list[dict[str, Any]]:
        withheld = [u for u in state.updates if not state.allows(u)]
        if withheld:  # Telegram keeps no update of a kind the bot did not subscribe to
            state.withheld.extend(withheld)
            state.updates = [u for u in state.updates if state.allows(u)]
            gone = {u["update_id"] for u in withheld}
            state.pushed = [i for i in state.pushed if i not in gone]
        return [u for u in state.updates if u["update_id"] >= offset][:limit]

    if not ready() and timeout > 0:
        async with state.changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(state.changed.wait_for(lambda: bool(ready())), timeout)
    return ready()


async def send_message(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    chat_id = _chat_id(params)
    chat = state.chat(chat_id)
    if chat.type == "private" and not chat.started:
        raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
    text = str(params.get("text", ""))
    _formatted(text, params.get("parse_mode"), MAX_TEXT, "message text")
    markup = _markup(params.get("reply_markup"))
    state.check_can_post(chat)
    if state.limits:
        state.limits.check(chat.id)
    msg = Message(chat_id, state.next_message_id(chat_id), text, True, markup, versions=[text])
    state.messages[(chat_id, msg.message_id)] = msg
    return _message_dict(state, msg)


async def send_document(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    chat_id = _chat_id(params)
    chat = state.chat(chat_id)
    caption = str(params.get("caption", ""))
    if caption:
        _formatted(caption, params.get("parse_mode"), MAX_CAPTION, "message caption")
    state.check_can_post(chat)
    if state.limits:
        state.limits.check(chat.id)
    data = next(iter(files.values()), b"")
    file_id = state.next_file_id()
    state.files[file_id] = data
    doc = {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": len(data)}
    msg = Message(chat_id, state.next_message_id(chat_id), caption, True, _markup(params.get("reply_markup")),
                  method="sendDocument", document=doc)
    state.messages[(chat_id, msg.message_id)] = msg
    return _message_dict(state, msg)


async def edit_message_text(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    msg = _existing(state, params)
    text = str(params.get("text", ""))
    _formatted(text, params.get("parse_mode"), MAX_TEXT, "message text")
    markup = _markup(params.get("reply_markup"))
    if text == msg.text and markup == msg.reply_markup:
        raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply "
                       "markup are exactly the same as a current content and reply markup of the message")
    msg.text, msg.reply_markup = text, markup
    msg.versions.append(text)
    return _message_dict(state, msg)


async def edit_message_reply_markup(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    msg = _existing(state, params)
    markup = _markup(params.get("reply_markup"))
    if markup == msg.reply_markup:
        raise ApiError(400, "Bad Request: message is not modified")
    msg.reply_markup = markup
    return _message_dict(state, msg)


async def delete_message(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    msg = _existing(state, params)
    msg.deleted = True
    return True


async def answer_callback_query(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    if not params.get("callback_query_id"):
        raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
    return True


async def get_chat_member(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    chat = state.chat(_chat_id(params))
    user_id = int(params.get("user_id", 0))
    if user_id == state.bot_id:
        return {"status": chat.bot_status, "user": state.bot_user(), **(
            ADMIN_RIGHTS if chat.bot_status == "administrator" else {})}
    user = state.users.get(user_id)
    if user is None:
        raise ApiError(400, "Bad Request: user not found")
    if user_id in chat.admins:
        return {"status": "administrator", "user": user.to_dict(), **ADMIN_RIGHTS}
    return {"status": "member", "user": user.to_dict()}


async def get_file(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    file_id = str(params.get("file_id", ""))
    if file_id not in state.files:
        raise ApiError(400, "Bad Request: invalid file_id")
    size = len(state.files[file_id])
    if size > MAX_DOWNLOAD:
        raise ApiError(400, "Bad Request: file is too big")
    return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": size, "file_path": f"documents/{file_id}"}


async def ok_true(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    return True


async def send_chat_action(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    state.chat(_chat_id(params))
    return True


async def set_my_commands(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    commands = params.get("commands") or []
    for command in commands:
        if not (1 <= len(command["command"]) <= 32 and 1 <= len(command["description"]) <= 256):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
    if len(commands) > 100 or len({c["command"] for c in commands}) != len(commands):
        raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH" if len(commands) > 100
                       else "Bad Request: BOT_COMMAND_DUPLICATE")
    scope = (params.get("scope") or {}).get("type", "default")
    state.menus[scope] = list(commands)
    if scope == "default":
        state.commands = list(commands)
    return True


async def leave_chat(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    chat = state.chat(_chat_id(params))
    chat.bot_kicked = True
    return True


async def get_webhook_info(state: State, params: dict[str, Any], files: dict[str, bytes]) -> Any:
    return {"url": "", "has_custom_certificate": False, "pending_update_count": len(state.updates)}


METHODS = {
    "getme": get_me,
    "getupdates": get_updates,
    "sendmessage": send_message,
    "senddocument": send_document,
    "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "answercallbackquery": answer_callback_query,
    "getchatmember": get_chat_member,
    "getfile": get_file,
    "sendchataction": send_chat_action,
    "setmycommands": set_my_commands,
    "deletemycommands": ok_true,
    "leavechat": leave_chat,
    "deletewebhook": ok_true,
    "setwebhook": ok_true,
    "getwebhookinfo": get_webhook_info,
    "close": ok_true,
}
