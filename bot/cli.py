"""`dondoc run | extract | backup | export | migrate`: the command-line entry point."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import Clock, StartedClock, SystemClock
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

NO_TOKEN = """\
Chưa có token của bot (biến môi trường DONDOC_TOKEN).
  1. Mở Telegram, chat với @BotFather, gửi /newbot và làm theo hướng dẫn.
  2. BotFather trả về token dạng 123456789:AA...; đặt nó vào môi trường:
       export DONDOC_TOKEN='123456789:AA...'
  3. Chạy lại: dondoc run

No bot token (environment variable DONDOC_TOKEN).
  1. In Telegram, talk to @BotFather, send /newbot and follow the steps.
  2. BotFather replies with a token like 123456789:AA...; put it in the environment:
       export DONDOC_TOKEN='123456789:AA...'
  3. Run again: dondoc run
"""


TOKEN_REJECTED = """\
Telegram từ chối token của bot (DONDOC_TOKEN sai, đã bị thu hồi, hoặc DONDOC_TELEGRAM_API_URL không phải
Bot API). Lấy lại token ở @BotFather (/mybots → API Token) rồi chạy lại.
Telegram rejected the bot token (DONDOC_TOKEN is wrong or revoked, or DONDOC_TELEGRAM_API_URL is not a Bot API).
"""
API_UNREACHABLE = """\
Không kết nối được tới Telegram Bot API ({url}). Kiểm tra mạng, tường lửa hoặc proxy rồi chạy lại.
Cannot reach the Telegram Bot API ({url}). Check the network, firewall or proxy and run again.
"""
START_FAILED = "Bot dừng vì lỗi khi khởi động / the bot stopped on a start-up error: {error}"
log = logging.getLogger("bot.cli")


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"Cấu hình không hợp lệ / invalid configuration: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def clock_for(settings: Settings) -> Clock:
    """The system clock, or (tests only, DONDOC_FAKE_NOW) one that starts at settings.fake_now."""
    if settings.fake_now is None:
        return SystemClock()
    logging.getLogger(__name__).warning("DONDOC_FAKE_NOW: the clock starts at %s (for tests only)",
                                        settings.fake_now.isoformat())
    return StartedClock(settings.fake_now)


def cmd_run(args: argparse.Namespace) -> int:
    """Start the bot: long polling, or a webhook server when configured."""
    settings = _settings()
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.logs import configure_logging, redact, secret_parts

    secrets = secret_parts(_secrets(settings))
    configure_logging(secrets=secrets, json_lines=settings.log_json)
    try:
        _run(settings)
    except Exception as exc:  # every start-up failure ends here: a clear message, never the token
        from telegram.error import InvalidToken, NetworkError

        if isinstance(exc, InvalidToken):
            print(TOKEN_REJECTED, file=sys.stderr)
        elif isinstance(exc, NetworkError):
            print(API_UNREACHABLE.format(url=settings.api_url), file=sys.stderr)
        else:
            log.error("start-up failed", exc_info=True)  # the formatter redacts the traceback
            print(START_FAILED.format(error=redact(f"{type(exc).__name__}: {exc}", secrets)), file=sys.stderr)
        return 1
    return 0


def _secrets(settings: Settings) -> list[str | None]:
    """What must never be printed: the token, the webhook secret, a password in the database URL."""
    match = re.match(r"^[\w+]+://[^:/@]*:([^@]+)@", settings.database_url)
    return [settings.token, settings.webhook.secret_token if settings.webhook else None,
            match.group(1) if match else None]


def _run(settings: Settings) -> None:
    from bot.app import ALLOWED_UPDATES, build_application

    if settings.database_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    application = build_application(settings, clock=clock_for(settings))
    if settings.webhook is not None:
        from bot import webhook

        webhook.run(application, settings.webhook)
    else:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)


def summary(extraction: object) -> str:
    """A readable Vietnamese summary of an Extraction (plain text)."""
    from handlers.format import ROLE_TITLES, deadline_vi

    ex = extraction  # dispatch.model.Extraction
    lines = [f"Số: {getattr(ex, 'number', None) or '(không rõ)'}",
             f"Ngày: {ex.issued:%d/%m/%Y}" if getattr(ex, "issued", None) else "Ngày: (không rõ)",  # type: ignore[attr-defined]
             f"Nơi ban hành: {getattr(ex, 'issuer', None) or '(không rõ)'}",
             f"Trích yếu: {getattr(ex, 'subject', None) or '(không rõ)'}", ""]
    tasks = list(getattr(ex, "tasks", ()))
    if not tasks:
        lines.append("Không tìm thấy nhiệm vụ nào.")
    for number, task in enumerate(tasks, 1):
        who = ", ".join(f"{a.name} ({ROLE_TITLES[a.role].lower()})" for a in task.assignees) or task.collective or ""
        lines.append(f"{number}. [{ROLE_TITLES.get(task.role, 'Khác')}] {who}".rstrip())
        lines.append(f"   {task.text}")
        lines.append(f"   Hạn: {deadline_vi(task)}")
    return "\n".join(lines)


def cmd_extract(args: argparse.Namespace) -> int:
    """Print what a dispatch asks (text, or PDF/DOCX/image through the readers)."""
    import dispatch

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        print(f"Không mở được tệp {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None or text.startswith("%PDF") or data[:4] == b"PK\x03\x04":
        from dispatch.errors import DocumentError
        from dispatch.readers import read

        try:
            text = read(data, None if args.file == "-" else Path(args.file).name).text
        except DocumentError as exc:
            print(f"Không đọc được tệp: {exc}", file=sys.stderr)
            return 1
    received = None
    if args.received:
        try:
            received = date.fromisoformat(args.received)
        except ValueError:
            print("--received phải có dạng YYYY-MM-DD", file=sys.stderr)
            return 2
    agency = args.agency
    if agency:
        agency = dispatch.resolve_agency(agency) or agency
    extraction = dispatch.extract(text, agency=agency, received=received)
    if args.json:
        print(json.dumps(extraction.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(summary(extraction))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the SQLite database consistently (online backup API), even while the bot writes to it."""
    settings = _settings()
    url = settings.database_url
    if not url.startswith("sqlite:///"):
        print("PostgreSQL: dùng pg_dump, ví dụ: pg_dump -Fc -f dondoc.dump \"$DATABASE\"\n"
              "PostgreSQL: use pg_dump, e.g. pg_dump -Fc -f dondoc.dump \"$DATABASE\"", file=sys.stderr)
        return 2
    source_path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    target = Path(args.target)
    if not source_path.exists():
        print(f"Không có cơ sở dữ liệu / no database at {source_path}", file=sys.stderr)
        return 1
    if target.exists() and target.resolve() == source_path.resolve():
        print("Tệp đích trùng với cơ sở dữ liệu / the target is the database itself", file=sys.stderr)
        return 2
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))  # owner-only before any byte is copied
    target.chmod(0o600)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)  # one step: a snapshot of the last committed state, writers go on meanwhile
    finally:
        dest.close()
        source.close()
    print(f"Đã sao lưu / backed up: {target}")
    return 0


def _open_database(settings: Settings) -> Engine:
    """The engine, schema up to date (storage.migrate: on PostgreSQL one instance after another)."""
    import storage

    engine = storage.make_engine(settings.database_url)
    storage.migrate(engine)
    return engine


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring the database schema up to date (also done by `run`; safe to repeat)."""
    from sqlalchemy import text

    engine = _open_database(_settings())
    try:
        with engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    print(f"Cơ sở dữ liệu ở phiên bản / database at revision {revision}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write the tasks (one chat or all) as CSV or JSON, with their official state."""
    from bot.export import task_rows, write_csv, write_json
    from storage import Session

    settings = _settings()
    now = clock_for(settings).now()
    engine = _open_database(settings)
    try:
        with Session(engine) as session:
            rows = task_rows(session, now=now, chat_id=args.chat)
    finally:
        engine.dispose()
    encoding = "utf-8-sig" if args.format == "csv" else "utf-8"  # the BOM lets Excel read Vietnamese
    if args.output in (None, "-"):
        out = sys.stdout
    else:
        os.close(os.open(args.output, os.O_WRONLY | os.O_CREAT, 0o600))  # tasks are internal: owner-only
        out = open(args.output, "w", encoding=encoding, newline="")  # noqa: SIM115 - closed below
    try:
        if args.format == "csv":
            write_csv(rows, out)
        else:
            write_json(rows, out, now=now)
    finally:
        if out is not sys.stdout:
            out.close()
    if out is not sys.stdout:
        print(f"Đã xuất {len(rows)} nhiệm vụ / exported {len(rows)} tasks: {args.output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dondoc", description="Đôn đốc: nhắc hạn nhiệm vụ từ công văn.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="chạy bot / run the bot").set_defaults(func=cmd_run)
    extract = sub.add_parser("extract", help="đọc một công văn / extract a dispatch")
    extract.add_argument("file", help="tệp văn bản, PDF, DOCX, ảnh, hoặc - (stdin)")
    extract.add_argument("--agency", help="tên đơn vị, ví dụ 'Sở Y tế'")
    extract.add_argument("--received", help="ngày nhận YYYY-MM-DD")
    extract.add_argument("--json", action="store_true", help="in JSON của Extraction.to_dict()")
    extract.set_defaults(func=cmd_extract)
    backup = sub.add_parser("backup", help="sao lưu SQLite / back up the SQLite database")
    backup.add_argument("target", help="tệp đích")
    backup.set_defaults(func=cmd_backup)
    export = sub.add_parser("export", help="xuất danh sách nhiệm vụ / export the tasks")
    export.add_argument("--chat", type=int, help="chỉ một nhóm (chat id) / only this chat")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", help="tệp đích (mặc định: màn hình) / output file (default: stdout)")
    export.set_defaults(func=cmd_export)
    sub.add_parser("migrate", help="cập nhật lược đồ CSDL / upgrade the database schema").set_defaults(
        func=cmd_migrate)
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
