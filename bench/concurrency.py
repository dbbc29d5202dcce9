"""Another chat's /help while one chat's file is read: `dondoc run` as a process against the fake Bot API.

The bot runs as `python -m bot.cli run` (config.toml settings, a fresh SQLite file) against tests/fakebot
on loopback. Group A sends a file; group B sends /help, one after another, while A's file is read. The
latency is from the update reaching the fake server to the bot's answer in B. Printed:

- reference: /help in B with nothing else going on;
- during a 10-page scan (200 dpi, OCR) read in A: only the answers received before the scan finished;
- during each hostile PDF of tests/hostile.py (huge pages, 20,000 pages, a content bomb, slow content);
- the bot process's RSS (VmRSS at the end, VmHWM: its peak over the whole run), and, as the reference for
  the hostile files, the peak RSS and outcome of reading the huge-page PDF in-process (the old path).

    .venv/bin/python bench/concurrency.py [--samples 10] [--skip-scan] [--skip-hostile]
Figures only, no assertions. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "e2e")]

import docgen  # noqa: E402
import hostile  # noqa: E402
from dispatches import HEALTH  # noqa: E402
from fakebot import FakeTelegram, User  # noqa: E402

TOKEN = "123456:BENCH-token-abcdefghijklmnopqrstu"
A, B, ADMIN_A, ADMIN_B = -1001, -1002, 11, 21
HELP = "Cách dùng Đôn đốc"


def ten_page_scan() -> bytes:
    body = HEALTH.split("Để chủ động", 1)[1]
    text = HEALTH
    while docgen.page_count(text) < 10:
        text += "\n" + body
    return docgen.scanned_pdf(text, max_pages=10)


async def help_latency(fake: FakeTelegram, user: User) -> float:
    after = max((m.message_id for m in fake.bot_messages(B)), default=0)
    start = time.perf_counter()
    fake.command(B, user, "/help")
    await fake.wait_message(B, HELP, after=after, timeout=120)
    return time.perf_counter() - start


def summary(waits: list[float]) -> str:
    if not waits:
        return "no sample"
    ms = sorted(w * 1000 for w in waits)
    return (f"n={len(ms):>2}  median {statistics.median(ms):7.1f} ms  max {ms[-1]:7.1f} ms  "
            f"min {ms[0]:6.1f} ms")


def memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
    return {k: int(v.split()[0]) // 1024 for k, v in fields.items()}


def in_process_reference() -> str:
    """The old path: dispatch.readers.read on the huge-page PDF inside the calling process."""
    code = ("import resource, sys, time; sys.path.insert(0, 'tests'); import hostile\n"
            "from dispatch.readers import read\n"
            "t0 = time.perf_counter()\n"
            "try:\n    read(hostile.huge_pages(30, side_pt=4000)); out = 'read'\n"
            "except Exception as exc:\n    out = type(exc).__name__\n"
            "print(f'{time.perf_counter() - t0:.1f} s, peak RSS {resource.getrusage(resource.RUSAGE_SELF)"
            ".ru_maxrss // 1024} MB + children {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}"
            " MB, {out}')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          check=False)
    return (done.stdout or done.stderr[-500:]).strip()


async def answer(fake: FakeTelegram, after: int) -> str:
    """What A is told about its file: the status message once reading ended, and the reply after it."""
    status = next(m for m in fake.bot_messages(A) if m.message_id > after)
    await fake.wait_for(lambda: not status.text.startswith("📄 Đang"), timeout=600)
    if not status.text.startswith("📄 Đã đọc"):
        return status.text.removeprefix("Không đọc được tệp: ")
    reply = await fake.wait_for(lambda: next((m for m in fake.bot_messages(A) if m.message_id > status.message_id),
                                             None), timeout=60)
    return f"{status.text} {reply.text}"


async def scenario(args: argparse.Namespace) -> None:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DONDOC_TOKEN": TOKEN, "DONDOC_TELEGRAM_API_URL": fake.api_root,
               "DONDOC_DATABASE_URL": f"sqlite:///{Path(tmp) / 'dondoc.sqlite3'}", "DONDOC_DATA_DIR": tmp}
        with open(Path(tmp) / "bot.log", "w+b") as log:
            bot = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=log)
            try:
                await run(fake, bot.pid, args)
            finally:
                bot.send_signal(signal.SIGINT)
                try:
                    await asyncio.to_thread(bot.wait, 30)
                except subprocess.TimeoutExpired:
                    bot.kill()
                if bot.returncode not in (0, -signal.SIGINT):
                    log.seek(0)
                    print(log.read().decode(errors="replace")[-3000:], file=sys.stderr)
    await fake.stop()


async def run(fake: FakeTelegram, pid: int, args: argparse.Namespace) -> None:
    fake.group(A, "Văn phòng Sở Y tế", admins=(ADMIN_A,))
    fake.group(B, "Phòng Kế hoạch", admins=(ADMIN_B,))
    lan, ha = fake.user(ADMIN_A, "Lan", "lan"), fake.user(ADMIN_B, "Hà", "ha")
    fake.add_bot(A, lan)
    fake.add_bot(B, ha)
    fake.command(A, lan, "/agency Sở Y tế")
    await fake.wait_message(A, "Đơn vị của nhóm", timeout=60)
    await help_latency(fake, ha)  # warm: the first answer pays for imports and connections

    reference = [await help_latency(fake, ha) for _ in range(args.samples)]
    print(f"/help in B, nothing else going on                   {summary(reference)}")

    if not args.skip_scan:
        fake.send_document(A, lan, ten_page_scan(), "ban chup 10 trang.pdf")
        await fake.wait_for(lambda: any("Đang đọc trang" in v for m in fake.bot_messages(A) for v in m.versions),
                            timeout=120)
        t0, during = time.perf_counter(), []

        def finished() -> bool:
            return any(m.text.startswith("📄 Đã đọc") for m in fake.bot_messages(A))

        while not finished() and len(during) < args.samples:
            wait = await help_latency(fake, ha)
            if not finished():
                during.append(wait)
        await fake.wait_for(finished, timeout=600)
        await fake.wait_message(A, "123/UBND-VX", timeout=60)
        print(f"/help in B while A's 10-page scan is read            {summary(during)}"
              f"  (scan read in {time.perf_counter() - t0:.0f}+ s)")

    if not args.skip_hostile:
        files = {"30 huge pages (3 KB)": hostile.huge_pages(30, side_pt=4000),
                 "20,000 pages": hostile.many_pages(20_000),
                 "content bomb, 70 MB on 30 pages": hostile.content_bomb(70, 30),
                 "slow content, 5 pages of 3.9 MB": hostile.content_bomb(3.9, 5, shared=False),
                 "image bomb, 40,000 px square": hostile.image_bomb(40_000)}
        for name, data in files.items():
            after = max(m.message_id for m in fake.bot_messages(A))
            t0 = time.perf_counter()
            fake.send_document(A, lan, data, "cong van.pdf")
            await fake.wait_message(A, "Đang đọc tệp", after=after, timeout=60)
            wait = await help_latency(fake, ha)
            told = await answer(fake, after)
            print(f"{name:<33} {len(data):>9,} B  /help in B {wait * 1000:6.1f} ms  answered in "
                  f"{time.perf_counter() - t0:5.1f} s: {told[:100]}")
        print(f"reference, the old in-process read of the 30 huge pages: {in_process_reference()}")
    rss = memory(pid)
    print(f"bot process RSS {rss['VmRSS']} MB at the end, peak {rss['VmHWM']} MB over the run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--skip-scan", action="store_true")
    parser.add_argument("--skip-hostile", action="store_true")
    asyncio.run(scenario(parser.parse_args()))


if __name__ == "__main__":
    main()
