"""The token never reaches the logs; the tick job is registered the way APScheduler must run it."""

from __future__ import annotations

import logging

import pytest
from dispatches import HEALTH
from fakebot import FakeTelegram
from harness import Harness, bot_settings
from test_e2e_faults import DUE_7
from test_e2e_loop import GROUP, onboard
from test_e2e_state import save_dispatch

from bot.app import TICK_JOB, build_application


async def test_token_never_appears_in_any_log_record(bot: Harness, fake: FakeTelegram,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await onboard(bot, fake)
    await save_dispatch(bot, fake, HEALTH)
    fake.fail_next("sendMessage", code=502, description="Bad Gateway", chat_id=GROUP)
    await bot.tick(DUE_7)
    await bot.tick(DUE_7.replace(minute=30))
    await bot.restart()
    secret = fake.token.split(":", 1)[1]
    assert caplog.records
    for record in caplog.records:
        text = record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
        assert secret not in text, record.name


async def test_tick_job_runs_every_30s_without_misfire_grace(fake: FakeTelegram, database_url: str) -> None:
    import dataclasses

    settings = dataclasses.replace(bot_settings(fake, database_url), tick_seconds=30)
    app = build_application(settings)
    from bot.app import post_init, post_shutdown

    await app.initialize()
    await post_init(app)
    assert app.job_queue is not None
    (job,) = app.job_queue.get_jobs_by_name(TICK_JOB)
    assert job.job.misfire_grace_time is None and job.job.coalesce is True
    assert job.job.trigger.interval.total_seconds() == 30
    await post_shutdown(app)
    await app.shutdown()
