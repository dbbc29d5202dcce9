"""Every message text the bot sends (Vietnamese), as HTML; insert user or dispatch text only through esc()."""

from __future__ import annotations

import html

BOT_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Giới thiệu và cách dùng"),
    ("help", "Hướng dẫn sử dụng"),
    ("agency", "Đặt đơn vị của nhóm: /agency Sở Y tế"),
    ("donvi", "Đặt đơn vị (như /agency)"),
    ("tasks", "Danh sách việc: /tasks [all|overdue|done]"),
    ("status", "Tình hình thực hiện nhiệm vụ"),
    ("done", "Đánh dấu xong: /done <số>"),
    ("deadline", "Đổi hạn: /deadline <số> <ngày>"),
    ("assign", "Giao người: /assign <số> @tên"),
    ("undo", "Mở lại việc đã xong: /undo <số>"),
    ("delete", "Xóa việc (quản trị viên): /delete <số>"),
    ("settings", "Cài đặt nhắc hạn"),
)


def esc(value: object) -> str:
    """HTML-escape anything that did not come from this module."""
    return html.escape(str(value), quote=False)


START = (
    "👋 Xin chào! Tôi là <b>Đôn đốc</b> — trợ lý theo dõi nhiệm vụ từ công văn.\n\n"
    "• Dán hoặc chuyển tiếp công văn (văn bản, PDF, DOCX, ảnh chụp) vào đây.\n"
    "• Tôi tìm các việc giao cho đơn vị của nhóm, kèm hạn hoàn thành, và hỏi lại để bạn xác nhận.\n"
    "• Sau khi lưu, tôi nhắc trong nhóm trước hạn 7, 3, 1 ngày làm việc, đúng ngày hạn, "
    "và báo quá hạn mỗi ngày làm việc cho đến khi xong.\n\n"
    "Bắt đầu: <code>/agency Sở Y tế</code> (tên đơn vị của nhóm). Xem thêm: /help"
)

HELP = (
    "<b>Cách dùng Đôn đốc</b>\n\n"
    "1. Thêm tôi vào nhóm của cơ quan, gõ <code>/agency &lt;tên đơn vị&gt;</code> (hoặc /donvi).\n"
    "2. Dán hoặc chuyển tiếp công văn; công văn dài gửi thành nhiều tin liên tiếp cũng được.\n"
    "3. Kiểm tra thẻ xác nhận: bỏ việc không cần, sửa hạn, rồi bấm <b>Lưu tất cả</b>.\n"
    "4. Tôi nhắc hạn trong nhóm; bấm <b>Xong</b> khi hoàn thành.\n\n"
    "<b>Lệnh</b>\n"
    "/tasks — việc đang mở (/tasks all, /tasks overdue, /tasks done)\n"
    "/status — tình hình: trong hạn, quá hạn, xong đúng hạn, xong quá hạn\n"
    "/done &lt;số&gt; — đánh dấu xong · /undo &lt;số&gt; — mở lại\n"
    "/deadline &lt;số&gt; &lt;ngày&gt; — đổi hạn, ví dụ <code>/deadline 3 25/12</code>\n"
    "/assign &lt;số&gt; @tên — giao cho một người (nhắc sẽ gọi tên người đó)\n"
    "/delete &lt;số&gt; — xóa việc (quản trị viên nhóm)\n"
    "/settings — số ngày nhắc trước hạn, giờ gửi, nhắc việc chung\n\n"
    "Trong nhóm, đổi đơn vị, cài đặt hay xóa việc cần quản trị viên; ai cũng có thể đánh dấu xong."
)

PRIVACY_NOTICE = (
    "⚠️ Trong nhóm này tôi chỉ thấy lệnh và tin trả lời tôi (chế độ riêng tư đang bật), "
    "nên không đọc được công văn dán vào nhóm.\n"
    "Cách sửa: mở @BotFather → /setprivacy → chọn bot → <b>Disable</b>, rồi xóa và thêm lại bot vào nhóm; "
    "hoặc đặt bot làm <b>quản trị viên</b> của nhóm."
)

AGENCY_USAGE = (
    "Cách dùng: <code>/agency &lt;tên đơn vị&gt;</code>, ví dụ <code>/agency Sở Y tế</code> "
    "hoặc <code>/donvi UBND phường Hải Châu</code>."
)
AGENCY_SET = "✅ Đơn vị của nhóm: <b>{agency}</b>. Giờ hãy dán hoặc chuyển tiếp công văn."
AGENCY_CURRENT = "Đơn vị hiện tại: <b>{agency}</b>.\n"
AGENCY_UNSURE = "Tôi chưa chắc đơn vị «{name}». Có phải một trong các đơn vị sau?"
AGENCY_UNKNOWN = (
    "Tôi không tìm thấy đơn vị «{name}». Hãy gõ tên đầy đủ, ví dụ <code>/agency Sở Tài chính</code>."
)
AGENCY_KEEP_NAME = "Dùng đúng tên «{name}»"
ADMIN_ONLY = "Chỉ quản trị viên của nhóm mới được {action}."
PENDING_PROCESSING = "Đang xử lý {count} công văn nhận trước khi có đơn vị…"

NEED_AGENCY = (
    "📥 Đã nhận công văn. Nhóm chưa có đơn vị nên tôi giữ lại; hãy đặt đơn vị bằng "
    "<code>/agency &lt;tên đơn vị&gt;</code>, tôi sẽ xử lý ngay sau đó."
)
NOT_A_DISPATCH = "Tôi không nhận ra công văn trong tin này (không thấy số, trích yếu hay nhiệm vụ)."
DUPLICATE = "ℹ️ Công văn này đã được lưu trước đây{when} — tôi không lưu và nhắc lần nữa."
SAVED = "💾 Đã lưu {count} việc. Tôi sẽ nhắc hạn trong nhóm. Xem: /tasks"
SAVED_NONE = "Không còn việc nào để lưu."
CANCELLED = "Đã hủy, không lưu gì."
EXPIRED = "Thẻ này đã hết hạn hoặc không còn hợp lệ. Hãy gửi lại công văn."
STALE_BUTTON = "Nút này không còn hợp lệ."
STALE_BUTTON_ALERT = "Nút này không còn hợp lệ."  # plain text (alert), not HTML
ASK_DEADLINE = (
    "📅 Nhập hạn mới cho việc {label} (trả lời tin này), ví dụ: <code>25/12</code>, "
    "<code>thứ sáu tuần sau</code>, <code>3 ngày nữa</code>, <code>cuối tháng</code>, <code>17h 30/11</code>."
)
BAD_DEADLINE = "Tôi không hiểu ngày «{text}». Thử lại, ví dụ <code>25/12</code> hoặc <code>3 ngày nữa</code>."
DEADLINE_SET = "📅 Hạn mới của việc {label}: <b>{deadline}</b>."

READING = "📄 Đang đọc tệp…"
READING_PAGE = "📄 Đang đọc trang {page}/{pages}…"
FILE_TOO_BIG = (
    "Tệp quá lớn ({size} MB). Telegram chỉ cho bot tải tệp tối đa {limit} MB; "
    "hãy gửi bản PDF nhẹ hơn hoặc chụp ảnh từng trang."
)
READ_FAILED = "Không đọc được tệp: {reason}"
READ_UNAVAILABLE = "Chức năng đọc tệp chưa sẵn sàng; hãy dán nội dung công văn dạng văn bản."
READ_DONE = "📄 Đã đọc {pages} trang."

TASK_USAGE = {
    "done": "Cách dùng: <code>/done &lt;số việc&gt;</code>, ví dụ <code>/done 3</code>. Số việc xem ở /tasks.",
    "undo": "Cách dùng: <code>/undo &lt;số việc&gt;</code>, ví dụ <code>/undo 3</code>.",
    "delete": "Cách dùng: <code>/delete &lt;số việc&gt;</code>, ví dụ <code>/delete 3</code>.",
    "deadline": "Cách dùng: <code>/deadline &lt;số việc&gt; &lt;ngày&gt;</code>, ví dụ <code>/deadline 3 25/12</code>.",
    "assign": "Cách dùng: <code>/assign &lt;số việc&gt; @tên</code>, ví dụ <code>/assign 3 @lan</code>.",
    "tasks": "Cách dùng: <code>/tasks</code>, <code>/tasks all</code>, <code>/tasks overdue</code> hoặc "
             "<code>/tasks done</code>.",
}
TASK_NOT_FOUND = "Không có việc số {short_id} trong nhóm này. Xem /tasks."
TASK_GONE = "Việc này không còn (đã xóa hoặc không thuộc nhóm này)."
DONE = "✅ Việc {label} đã xong — {who}, {when}{late}."
DONE_LATE = " (quá hạn)"
ALREADY_DONE = "Việc {label} đã được đánh dấu xong trước đó."
REOPENED = "↩️ Đã mở lại việc {label}."
DELETED = "🗑 Đã xóa việc {label}."
ASSIGNED = "👤 Việc {label} giao cho {who}."
UNASSIGNED = "👤 Việc {label} không còn giao riêng cho ai."
SNOOZED = "⏰ Đã hoãn nhắc đến ngày làm việc tiếp theo (hạn không đổi)."
NO_TASKS = {
    "open": "Không có việc nào đang mở. 🎉",
    "all": "Chưa có việc nào.",
    "overdue": "Không có việc nào quá hạn. 👍",
    "done": "Chưa có việc nào xong.",
}
TASKS_TITLE = {
    "open": "📋 <b>Việc đang mở</b>",
    "all": "📋 <b>Tất cả việc</b>",
    "overdue": "⏰ <b>Việc quá hạn</b>",
    "done": "✅ <b>Việc đã xong</b>",
}

SETTINGS_SHOW = (
    "⚙️ <b>Cài đặt nhắc hạn</b>\n"
    "• Nhắc trước hạn: {days} ngày làm việc, và đúng ngày hạn\n"
    "• Giờ gửi: {send_at}\n"
    "• Nhắc việc chung (các Sở, ban, ngành…): {collective}\n\n"
    "Đổi: <code>/settings days 7,3,1</code> · <code>/settings time 08:00</code> · "
    "<code>/settings chung on|off</code>"
)
SETTINGS_USAGE = (
    "Cách dùng: <code>/settings days 7,3,1</code>, <code>/settings time 08:00</code> hoặc "
    "<code>/settings chung on</code> / <code>off</code>."
)
SETTINGS_SAVED = "✅ Đã lưu cài đặt."
YES, NO = "có", "không"

ERROR = "Xin lỗi, có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau."
TOO_MANY = "Bạn gửi quá nhiều tin trong thời gian ngắn; tôi tạm bỏ qua vài tin. Vui lòng chờ một chút."
TOO_MANY_ALERT = "Bạn bấm quá nhanh; vui lòng chờ một chút rồi thử lại."  # plain text (alert)
