"""Webhook mode: the real process registers its webhook with the secret token and refuses requests without it."""

from __future__ import annotations

from pathlib import Path

import httpx
import relseed
from relfake import PerProcessTelegram
from relproc import BotProcess, free_port, poll_until, post_update, write_config

SECRET = "s3cret-Token_for-tests"



def _listening(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/tg", timeout=1)
    except httpx.TransportError:
        return False
    return True


async def test_webhook_needs_the_secret_token(fake: PerProcessTelegram, tmp_path: Path) -> None:
    port = free_port()
    bot = BotProcess("i1", workdir=tmp_path, token=fake.token, api_root=fake.root_for("i1"),
                     database_url=f"sqlite:///{tmp_path / 'dondoc.sqlite3'}", now=relseed.BOT_NOW,
                     config=write_config(tmp_path, webhook=True), webhook_port=port, secret=SECRET).start()
    officer = fake.user(501, "Lan", "lan_vp")
    try:
        await fake.wait_for(lambda: "i1" in fake.webhooks_set, timeout=30)
        await poll_until(lambda: _listening(port), 10, "the webhook server", bot)
        registered = fake.calls("setWebhook")[-1]
        assert registered["url"] == "https://bot.example.test/tg" and registered["secret_token"] == SECRET
        assert set(registered["allowed_updates"]) == {"message", "edited_message", "callback_query",
                                                         "my_chat_member"}

        fake.send_text(officer.id, officer, "/help")
        update = fake.state.updates.pop()
        for secret in (None, "", "wrong-secret", SECRET.upper(), SECRET + "x"):
            assert await post_update(port, update, secret) == 403, secret
        async with httpx.AsyncClient(timeout=5) as client:  # the right token, but not a JSON update
            response = await client.post(f"http://127.0.0.1:{port}/tg", content=b"x",
                                         headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert response.status_code == 403
        assert fake.bot_messages(officer.id) == []
        assert await post_update(port, update, SECRET) == 200
        await fake.wait_for(lambda: fake.bot_messages(officer.id), timeout=10)
        assert await post_update(port, update, SECRET) == 200  # Telegram's retry of the same update_id
        fake.send_text(officer.id, officer, "/start")
        assert await post_update(port, fake.state.updates.pop(), SECRET) == 200
        await fake.wait_for(lambda: len(fake.bot_messages(officer.id)) >= 2, timeout=10)
        replies = [m.text for m in fake.bot_messages(officer.id)]
        assert len(replies) == 2 and "Cách dùng" in replies[0] and "Xin chào" in replies[1], replies
    finally:
        assert await bot.stop() == 0, bot.log()[-3000:]
    log = bot.log()
    assert fake.token not in log and SECRET not in log
