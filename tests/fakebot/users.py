"""The simulated side of Telegram: people who type, forward, send files and press buttons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .state import Chat, Message, State, User


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram adds to a message starting with "/" (length in UTF-16 units)."""
    command = text.split(maxsplit=1)[0] if text.split() else text
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


class UserApi:
    """Mixed into FakeTelegram: each action enqueues the update Telegram would deliver."""

    state: State

    # --- the world ------------------------------------------------------------------------
    def group(self, chat_id: int, title: str = "Văn phòng Sở", *, admins: tuple[int, ...] = ()) -> Chat:
        chat = Chat(chat_id, "supergroup", title, set(admins))
        self.state.chats[chat_id] = chat
        return chat

    def user(self, user_id: int, first_name: str, username: str | None = None) -> User:
        user = User(user_id, first_name, username)
        self.state.users[user_id] = user
        self.state.chats.setdefault(user_id, Chat(user_id, "private"))
        return user

    def _push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self.state.next_update_id(), kind: payload}
        self.state.updates.append(update)
        self.state.pushed.append(update["update_id"])
        self._wake()
        return update

    def _wake(self) -> None:
        import asyncio

        asyncio.get_running_loop().create_task(self.state.notify())

    def _message(self, chat_id: int, user: User, **fields: Any) -> dict[str, Any]:
        chat = self.state.chats[chat_id]
        if chat.type == "private":
            chat.started = True  # Telegram lets a user write to a bot only after pressing Start
        message_id = self.state.next_message_id(chat_id)
        text = fields.get("text") or fields.get("caption") or ""
        self.state.messages[(chat_id, message_id)] = Message(chat_id, message_id, text, False)
        return {"message_id": message_id, "date": self.state.now_ts(), "chat": chat.to_dict(),
                "from": user.to_dict(), **fields}

    # --- actions -----------------------------------------------------------------------------
    def send_text(self, chat_id: int, user: User, text: str, *, forward_from: User | str | None = None,
                  reply_to: int | None = None, mentions: Sequence[tuple[str, User]] = ()) -> int:
        """A typed, pasted or forwarded text message (optionally a reply to message `reply_to`); its message id.

        mentions: (shown text, user) for each name picked from Telegram's list: a text_mention entity, as
        Telegram sends for someone without a username.
        """
        fields: dict[str, Any] = {"text": text}
        if reply_to is not None:
            fields["reply_to_message"] = self.replied_message(chat_id, reply_to)
        entities = command_entities(text) if text.startswith("/") else []
        for shown, person in mentions:
            start = text.index(shown)
            entities.append({"type": "text_mention", "offset": _units(text[:start]), "length": _units(shown),
                             "user": person.to_dict()})
        if entities:
            fields["entities"] = entities
        if forward_from is not None:
            if isinstance(forward_from, User):
                origin: dict[str, Any] = {"type": "user", "date": self.state.now_ts(),
                                          "sender_user": forward_from.to_dict()}
            else:
                origin = {"type": "hidden_user", "date": self.state.now_ts(), "sender_user_name": forward_from}
            fields["forward_origin"] = origin
        message = self._message(chat_id, user, **fields)
        self._push("message", message)
        return int(message["message_id"])

    def edit_text(self, chat_id: int, user: User, message_id: int, text: str) -> None:
        """The sender edits a message of theirs: Telegram delivers it again, whole, as edited_message."""
        kept = self.state.messages[(chat_id, message_id)]
        kept.versions.append(kept.text)
        kept.text = text
        fields: dict[str, Any] = {"text": text, "edit_date": self.state.now_ts()}
        if text.startswith("/"):
            fields["entities"] = command_entities(text)
        self._push("edited_message", {"message_id": message_id, "date": self.state.now_ts(),
                                      "chat": self.state.chats[chat_id].to_dict(), "from": user.to_dict(),
                                      **fields})

    def command(self, chat_id: int, user: User, text: str, *, mentions: Sequence[tuple[str, User]] = ()) -> int:
        return self.send_text(chat_id, user, text if text.startswith("/") else "/" + text, mentions=mentions)

    def send_document(self, chat_id: int, user: User, data: bytes, file_name: str, *,
                      mime_type: str = "application/pdf", caption: str | None = None,
                      media_group_id: str | None = None, declared_size: int | None = None) -> int:
        file_id = self.state.next_file_id()
        self.state.files[file_id] = data
        document = {"file_id": file_id, "file_unique_id": "u" + file_id, "file_name": file_name,
                    "mime_type": mime_type, "file_size": declared_size if declared_size is not None else len(data)}
        fields: dict[str, Any] = {"document": document}
        if caption:
            fields["caption"] = caption
        if media_group_id:
            fields["media_group_id"] = media_group_id
        message = self._message(chat_id, user, **fields)
        self._push("message", message)
        return int(message["message_id"])

    def send_photo(self, chat_id: int, user: User, data: bytes, *, media_group_id: str | None = None,
                   caption: str | None = None) -> int:
        file_id = self.state.next_file_id()
        self.state.files[file_id] = data
        sizes = [{"file_id": file_id + "s", "file_unique_id": "us" + file_id, "width": 90, "height": 120},
                 {"file_id": file_id, "file_unique_id": "u" + file_id, "width": 1240, "height": 1754,
                  "file_size": len(data)}]
        self.state.files[file_id + "s"] = data[:100]
        fields: dict[str, Any] = {"photo": sizes}
        if media_group_id:
            fields["media_group_id"] = media_group_id
        if caption:
            fields["caption"] = caption
        message = self._message(chat_id, user, **fields)
        self._push("message", message)
        return int(message["message_id"])

    def send_album(self, chat_id: int, user: User, photos: list[bytes], group_id: str = "album1") -> list[int]:
        return [self.send_photo(chat_id, user, data, media_group_id=group_id) for data in photos]

    def press(self, message: Message, user: User, data: str) -> str:
        """Press an inline button of a bot message; returns the callback query id."""
        query_id = self.state.next_callback_id()
        self._push("callback_query", {"id": query_id, "from": user.to_dict(), "chat_instance": str(message.chat_id),
                                      "message": self.pressed_message(message), "data": data})
        return query_id

    def replied_message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """The message a reply quotes, as Telegram includes it in the update."""
        replied = self.state.messages[(chat_id, message_id)]
        sender = self.state.bot_user() if replied.from_bot else {"id": 1, "is_bot": False, "first_name": "?"}
        return {"message_id": message_id, "date": self.state.now_ts(), "chat": self.state.chats[chat_id].to_dict(),
                "from": sender, "text": replied.text}

    def pressed_message(self, message: Message) -> dict[str, Any]:
        """The bot message a callback query carries (Telegram echoes inline keyboards only)."""
        out: dict[str, Any] = {"message_id": message.message_id, "date": self.state.now_ts(),
                               "chat": self.state.chats[message.chat_id].to_dict(), "from": self.state.bot_user(),
                               "text": message.text}
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            out["reply_markup"] = message.reply_markup
        return out

    def add_bot(self, chat_id: int, by: User, *, status: str = "member") -> None:
        """The bot is added to a group (my_chat_member update)."""
        chat = self.state.chats[chat_id]
        chat.bot_kicked = False
        chat.bot_status = status
        bot = {"user": self.state.bot_user(), "status": status}
        if status == "administrator":
            from .api import ADMIN_RIGHTS

            bot.update(ADMIN_RIGHTS)
        self._push("my_chat_member", {"chat": chat.to_dict(), "from": by.to_dict(), "date": self.state.now_ts(),
                                      "old_chat_member": {"user": self.state.bot_user(), "status": "left"},
                                      "new_chat_member": bot})

    def kick_bot(self, chat_id: int, by: User) -> None:
        """The bot is removed from a group: later sends get 403."""
        chat = self.state.chats[chat_id]
        chat.bot_kicked = True
        self._push("my_chat_member", {"chat": chat.to_dict(), "from": by.to_dict(), "date": self.state.now_ts(),
                                      "old_chat_member": {"user": self.state.bot_user(), "status": "member"},
                                      "new_chat_member": {"user": self.state.bot_user(), "status": "kicked",
                                                          "until_date": 0}})

    def upgrade_to_supergroup(self, chat_id: int, new_id: int, by: User, *, notify: bool = True) -> Chat:
        """A group becomes a supergroup with a new id; sends to the old id get 400 with migrate_to_chat_id.

        notify=True: the two service messages Telegram delivers (migrate_to_chat_id in the old group,
        migrate_from_chat_id in the new supergroup); False: the bot learns only from a refused send.
        """
        old = self.state.chats[chat_id]
        new = Chat(new_id, "supergroup", old.title, set(old.admins), bot_status=old.bot_status)
        self.state.chats[new_id] = new
        if notify:
            self._push("message", self._message(chat_id, by, migrate_to_chat_id=new_id))
        old.migrated_to = new_id
        if notify:
            self._push("message", self._message(new_id, by, migrate_from_chat_id=chat_id))
        return new
