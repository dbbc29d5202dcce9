"""Dispatches sent as files: a PDF, a DOCX, a 3-photo album, bad and oversized files."""

from __future__ import annotations

import docgen
from dispatches import HEALTH, parts
from fakebot import FakeTelegram
from harness import Harness
from test_e2e_loop import ADMIN, GROUP, onboard


async def test_pdf_and_docx_give_one_card_each_with_progress(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.send_document(GROUP, admin, docgen.text_pdf(HEALTH), "cong van 123.pdf")
    card = await fake.wait_message(GROUP, "Lưu tất cả")
    assert "123/UBND-VX" in card.text and "Chủ trì" in card.text and "Thứ Sáu, 20/03/2026" in card.text
    progress = next(m for m in fake.bot_messages(GROUP) if m.text.startswith("📄 Đã đọc"))
    assert any("Đang đọc" in v for v in progress.versions)
    fake.send_document(GROUP, admin, docgen.docx(HEALTH.replace("123/UBND", "124/UBND")), "cv.docx",
                       mime_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    await fake.wait_message(GROUP, "124/UBND-VX")


async def test_album_of_three_photos_is_one_dispatch_in_page_order(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    photos = [docgen.photo_jpeg(chunk, angle=0.5, seed=n) for n, chunk in enumerate(parts(HEALTH, 3))]
    fake.send_album(GROUP, admin, photos)
    await bot.flush()
    card = await fake.wait_message(GROUP, "Công văn", timeout=120)
    assert "123/UBND" in card.text.replace(" ", "")
    assert len([m for m in fake.bot_messages(GROUP) if m.text.startswith("📄 <b>Công văn")]) == 1
    reading = next(m for m in fake.bot_messages(GROUP) if m.text.startswith("📄 Đã đọc"))
    assert "3 trang" in reading.text


async def test_bad_and_oversized_files_get_clear_messages(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.send_document(GROUP, admin, b"x" * 100, "big.pdf", declared_size=25 * 1024 * 1024)
    await fake.wait_message(GROUP, "Tệp quá lớn")
    fake.send_document(GROUP, admin, b"%PDF-1.7\n garbage \x00\x01", "broken.pdf")
    await fake.wait_message(GROUP, "Không đọc được tệp")
    fake.send_document(GROUP, admin, docgen.text_pdf(HEALTH, owner_password="owner", user_password="secret"), "locked.pdf")
    msg = await fake.wait_message(GROUP, "Không đọc được tệp", after=fake.bot_messages(GROUP)[-1].message_id)
    assert "mật khẩu" in msg.text.lower() or "khóa" in msg.text.lower()


async def test_telegram_refusing_a_file_is_explained_in_vietnamese(bot: Harness, fake: FakeTelegram) -> None:
    await onboard(bot, fake)
    admin = fake.state.users[ADMIN]
    fake.send_document(GROUP, admin, b"%PDF" + b"0" * (21 * 1024 * 1024), "big.pdf", declared_size=1000)
    too_big = await fake.wait_message(GROUP, "Không đọc được tệp")
    fake.send_document(GROUP, admin, docgen.text_pdf(HEALTH), "gone.pdf")
    fake.state.files.clear()  # Telegram no longer has it: getFile answers "invalid file_id"
    gone = await fake.wait_message(GROUP, "Không đọc được tệp", after=too_big.message_id)
    assert "20 MB" in too_big.text and "gửi lại" in gone.text
    for message in (too_big, gone):
        assert "file" not in message.text.lower() and "Bad Request" not in message.text
