"""Assembling the Application: settings, clock, database, handlers, the reminder tick — all wiring here."""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import timedelta

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

import storage
from bot.clock import Clock, SystemClock
from bot.pacing import PacedRateLimiter
from bot.sender import TelegramSender
from bot.settings import Settings
from bot.updates import ChatOrderedProcessor
from dispatch.time.calendar import VN_TZ, WorkCalendar, default_calendar
from handlers import (
    access,
    adding,
    agency,
    assignees,
    calendars,
    chat_settings,
    confirm,
    deletion,
    edits,
    errors,
    files,
    gathering,
    intake,
    onboarding,
    people,
    prompts,
    quota,
    reachable,
    reminders,
    reports,
    status,
    tasks,
    texts,
    weekly,
)
from handlers.deps import DEPS_KEY, Deps
from scheduler import callbacks, delivery
from scheduler.leases import resume_own_leases

log = logging.getLogger(__name__)
TICK_JOB = "REMINDER_TICK"
# Digests sent at once by a tick. The limiter paces them, so 8 keep it busy (a send takes ~34 ms in the
# limiter's queue plus a round trip); it is also the most a crash can send twice, and how many messages
# one database commit records (scheduler.marks).
TICK_CONCURRENCY = 8
SEEN_UPDATES_KEPT = timedelta(days=2)  # Telegram stops redelivering an unanswered update long before
# What the bot asks Telegram for (polling and webhook alike); an edit of a message comes as edited_message
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


def quiet_loggers(token: str) -> None:
    """Request URLs contain the token: keep httpx at WARNING and redact the token from every log record."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts", None) == token:
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if token in str(record.msg) or (record.args and token in str(record.args)):
            record.msg, record.args = record.getMessage().replace(token, "<token>"), None
        return record

    factory.redacts = token  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def work_calendar(settings: Settings) -> WorkCalendar:
    """The official calendar plus the deployment's announced swaps."""
    return default_calendar().with_overrides(settings.extra_holidays, settings.extra_workdays)


def rate_limiter(settings: Settings) -> PacedRateLimiter:
    """Telegram's flood limits, paced evenly (bot.pacing); 429s are retried after their retry_after."""
    return PacedRateLimiter(overall_max_rate=settings.overall_max_rate, group_max_rate=settings.group_max_rate,
                            max_retries=settings.max_retries)


async def run_tick(application: Application) -> delivery.TickResult:  # type: ignore[type-arg]
    """Send whatever reminders are due now (the 30-second job calls this; tests call it directly)."""
    deps: Deps = application.bot_data[DEPS_KEY]
    deps.tick_running_since = now = deps.clock.now()
    deps.tick_answered_at = None

    def answered() -> None:
        deps.tick_answered_at = deps.clock.now()

    try:
        return await delivery.tick(engine=deps.db, sender=TelegramSender(application.bot, answered=answered),
                                   now=now,
                                   calendar=deps.calendar, instance_id=deps.instance_id,
                                   concurrency=TICK_CONCURRENCY, clock=deps.clock.now,
                                   lease_ttl=timedelta(seconds=deps.settings.lease_seconds))
    finally:
        deps.tick_running_since, deps.last_tick_at = None, deps.clock.now()


async def tick_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue callback: one delivery tick."""
    result = await run_tick(context.application)
    if result.claimed:
        log.info("tick: %s", result)
    deps: Deps = context.application.bot_data[DEPS_KEY]
    if deps.settings.webhook is not None:
        await asyncio.to_thread(forget_seen_updates, deps)


def forget_seen_updates(deps: Deps) -> None:
    """Webhook mode: drop the record of update ids older than SEEN_UPDATES_KEPT."""
    with storage.Session(deps.db) as session:
        storage.forget_updates(session, before=deps.clock.now() - SEEN_UPDATES_KEPT)


async def post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Open the database, migrate, publish the command menu, learn whether privacy mode is on."""
    deps: Deps = application.bot_data[DEPS_KEY]
    deps.started_at = deps.clock.now()
    if deps.engine is None:
        deps.engine = storage.make_engine(deps.settings.database_url)
        storage.migrate(deps.engine)
    limiter = application.bot.rate_limiter
    if isinstance(limiter, PacedRateLimiter) and deps.engine.dialect.name == "postgresql":
        limiter.share(deps.engine)  # instances on one database keep to the bot's rate together
    resumed = await asyncio.to_thread(resume_own_leases, deps.engine, instance_id=deps.instance_id)
    if resumed:  # left by this instance's previous life (a crash): its chats are served by the first tick
        log.info("took back %d chat leases of instance %s", resumed, deps.instance_id)
    await onboarding.publish_menu(application.bot)
    deps.privacy_mode = not application.bot.can_read_all_group_messages
    assert application.job_queue is not None
    application.job_queue.run_repeating(
        tick_job, interval=deps.settings.tick_seconds, first=1, name=TICK_JOB,
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )
    application.job_queue.run_repeating(  # parts of dispatches are read when their gather is due
        gathering.sweep_job, interval=1, first=1, name=gathering.SWEEP_JOB,
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )
    application.job_queue.run_repeating(
        weekly.weekly_job, interval=deps.settings.tick_seconds, first=2, name=weekly.WEEKLY_JOB,
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )


async def post_stop(application: Application) -> None:  # type: ignore[type-arg]
    """Stop the files being read (their senders are told to send again) while the bot can still say so."""
    deps: Deps = application.bot_data[DEPS_KEY]
    await deps.reads.close()


async def post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    """Close the database."""
    deps: Deps = application.bot_data[DEPS_KEY]
    await deps.reads.close()  # in case post_stop did not run (a start-up that failed half way)
    if deps.engine is not None:
        deps.engine.dispose()
        deps.engine = None


def add_handlers(application: Application) -> None:  # type: ignore[type-arg]
    """Every handler, in one place."""
    application.add_handler(TypeHandler(Update, access.once_gate), group=-4)
    application.add_handler(TypeHandler(Update, access.allowlist_gate), group=-3)
    application.add_handler(TypeHandler(Update, quota.quota_gate), group=-2)  # after the allowlist
    application.add_handler(TypeHandler(Update, people.seen_gate), group=-1)  # who is in which group
    # first: an edited message goes to handlers.edits alone, never to the handlers of new messages below
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, edits.edited_message))
    command_handlers = {
        "start": onboarding.start, "trogiup": onboarding.help_command, "donvi": agency.agency_command,
        "viec": tasks.tasks_command, "xong": tasks.done_command, "hoantac": tasks.undo_command,
        "xoa": deletion.delete_command, "han": reminders.deadline_command, "giao": assignees.assign_command,
        "cuatoi": people.my_tasks_command,
        "tinhhinh": status.status_command, "caidat": chat_settings.settings_command,
        "huy": prompts.cancel_command, "them": adding.add_command,
        "baocao": reports.report_command, "thongke": reports.stats_command,
        "lich": calendars.calendar_command,
    }
    for command in texts.COMMANDS:  # names, menu and /help come from one table
        application.add_handler(CommandHandler((command.name, *command.aliases), command_handlers[command.name]))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, reachable.chat_migrated))
    application.add_handler(MessageHandler(filters.COMMAND, onboarding.unknown_command))
    application.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, prompts.leave_on_command),
                            group=1)
    application.add_handler(CallbackQueryHandler(confirm.card_button, pattern=callbacks.CARD_PATTERN))
    application.add_handler(CallbackQueryHandler(deletion.delete_button, pattern=callbacks.DELETE_PATTERN))
    application.add_handler(CallbackQueryHandler(assignees.assign_button, pattern=callbacks.ASSIGN_PATTERN))
    application.add_handler(CallbackQueryHandler(agency.agency_button, pattern=r"^ag:"))
    application.add_handler(CallbackQueryHandler(edits.update_button, pattern=r"^up:"))
    application.add_handler(CallbackQueryHandler(prompts.cancel_button, pattern=callbacks.PROMPT_PATTERN))
    application.add_handler(CallbackQueryHandler(reminders.reminder_button, pattern=callbacks.REMINDER_PATTERN))
    application.add_handler(CallbackQueryHandler(confirm.stale_button))
    application.add_handler(ChatMemberHandler(onboarding.membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, intake.text_message))
    application.add_handler(MessageHandler(filters.Document.ALL | filters.PHOTO, files.file_message))
    application.add_handler(TypeHandler(Update, reachable.heard_from), group=2)  # after the handlers
    application.add_error_handler(errors.error_handler)


def build_application(settings: Settings, *, clock: Clock | None = None,
                      calendar: WorkCalendar | None = None) -> Application:  # type: ignore[type-arg]
    """The whole bot, ready for run_polling()/run_webhook() or initialize()+start() in tests."""
    if not settings.token:
        raise ValueError("a bot token is required (DONDOC_TOKEN)")
    quiet_loggers(settings.token)
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # opt in: durations such as RetryAfter.retry_after are timedeltas
    deps = Deps(settings=settings, clock=clock or SystemClock(), calendar=calendar or work_calendar(settings))
    if settings.instance_id:
        deps.instance_id = settings.instance_id
    application = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=VN_TZ))
        .rate_limiter(rate_limiter(settings))
        .concurrent_updates(ChatOrderedProcessor())  # chats at once, each chat in order (bot.updates)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data[DEPS_KEY] = deps
    add_handlers(application)
    return application
