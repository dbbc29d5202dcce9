"""Every message text the bot sends (Vietnamese), as HTML; insert user or dispatch text only through esc()."""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    """A command: its Vietnamese name (first in the menu), its other names, menu and /help lines."""

    name: str
    aliases: tuple[str, ...]
    menu: str  # plain text, at most 256 characters (setMyCommands)
    help: str  # HTML, one line of /help
    admin: bool = False  # listed in the menu of group administrators only


COMMANDS: tuple[Command, ...] = (
    Command("viec", ("tasks",), "Danh sách việc đang mở",
            "/viec — việc đang mở; <code>/viec tatca</code>, <code>/viec quahan</code>, <code>/viec xong</code>"),
    Command("tinhhinh", ("status",), "Tình hình: trong hạn, quá hạn, đã xong",
            "/tinhhinh — bốn trạng thái: trong hạn, quá hạn, xong đúng hạn, xong quá hạn"),
    Command("xong", ("done",), "Đánh dấu xong: /xong 3 4",
            "/xong &lt;số&gt; — đánh dấu xong, nhiều việc một lần: <code>/xong 3 4</code>"),
    Command("them", ("add",), "Thêm việc bằng tay: /them việc hạn 25/12",
            "/them &lt;việc&gt; [hạn &lt;ngày&gt;] — thêm việc bằng tay khi tôi đọc sót, ví dụ "
            "<code>/them Gửi báo cáo quý hạn 25/12</code>"),
    Command("han", ("deadline",), "Đổi hạn: /han 3 25/12",
            "/han &lt;số&gt; &lt;ngày&gt; — đổi hạn, ví dụ <code>/han 3 25/12</code>"),
    Command("giao", ("assign",), "Giao việc cho người: /giao 3 @ten",
            "/giao &lt;số&gt; [@tên …] — chọn người phụ trách (bấm tên, hoặc gõ @tên, nhiều người cũng được; "
            "<code>/giao 3 -</code> để bỏ giao); người được giao nhận nhắc riêng"),
    Command("cuatoi", ("mytasks",), "Việc được giao cho tôi (mọi nhóm)",
            "/cuatoi — trong chat riêng với tôi: việc được giao cho bạn ở mọi nhóm, theo bốn trạng thái"),
    Command("baocao", ("report", "export"), "Báo cáo Excel: /baocao tháng",
            "/baocao [tuần|tháng|quý|năm] — tệp Excel để báo cáo giao ban; thêm <code>trước</code> cho kỳ trước"),
    Command("thongke", ("stats",), "Thống kê theo trạng thái: /thongke tuần",
            "/thongke [tuần|tháng] — số việc theo bốn trạng thái và danh sách quá hạn"),
    Command("lich", ("calendar",), "Lịch hạn (.ics) cho Google Calendar, Outlook",
            "/lich — tệp lịch .ics: mỗi việc đang mở có hạn là một sự kiện có nhắc trước, việc định kỳ lặp lại"),
    Command("hoantac", ("undo",), "Mở lại việc đã xong hoặc khôi phục việc đã xóa",
            "/hoantac &lt;số&gt; — mở lại việc đã xong, khôi phục việc đã xóa"),
    Command("xoa", ("delete",), "Xóa việc (quản trị viên): /xoa 3",
            "/xoa &lt;số&gt; — xóa việc, có hỏi lại (quản trị viên nhóm)", admin=True),
    Command("caidat", ("settings",), "Cài đặt nhắc hạn",
            "/caidat — số ngày nhắc trước hạn, giờ gửi, nhắc việc chung"),
    Command("donvi", ("agency",), "Đặt đơn vị của nhóm (quản trị viên)",
            "/donvi &lt;tên đơn vị&gt; — đặt đơn vị của nhóm (quản trị viên nhóm)", admin=True),
    Command("huy", ("cancel",), "Thôi nhập hạn mới đang được hỏi",
            "/huy — thôi nhập hạn mới khi tôi đang hỏi (gõ «hủy» hay «thôi» cũng được)"),
    Command("trogiup", ("help",), "Hướng dẫn sử dụng", "/trogiup — hướng dẫn này"),
    Command("start", (), "Giới thiệu Đôn đốc", "/start — giới thiệu"),
)
ALIAS_MENU = "Như /{name}"


def esc(value: object) -> str:
    """HTML-escape anything that did not come from this module."""
    return html.escape(str(value), quote=False)


START = (
    "👋 Xin chào! Tôi là <b>Đôn đốc</b> — trợ lý theo dõi nhiệm vụ từ công văn.\n\n"
    "• Dán hoặc chuyển tiếp công văn (văn bản, PDF, DOCX, ảnh chụp) vào đây.\n"
    "• Tôi tìm các việc giao cho đơn vị của nhóm, kèm hạn hoàn thành, và hỏi lại để bạn xác nhận.\n"
    "• Sau khi lưu, tôi nhắc trong nhóm trước hạn 7, 3, 1 ngày làm việc, đúng ngày hạn, "
    "và báo quá hạn mỗi ngày làm việc cho đến khi xong.\n\n"
    "Bắt đầu: <code>/donvi Sở Y tế</code> (tên đơn vị của nhóm). Xem thêm: /trogiup"
)


def help_text() -> str:
    """/help: how to use the bot, then every command with its other names."""
    lines = [
        "<b>Cách dùng Đôn đốc</b>\n",
        "1. Thêm tôi vào nhóm của cơ quan, gõ <code>/donvi &lt;tên đơn vị&gt;</code>.",
        "2. Dán hoặc chuyển tiếp công văn; công văn dài gửi thành nhiều tin liên tiếp cũng được.",
        "3. Kiểm tra thẻ xác nhận: bỏ việc không cần, sửa hạn, rồi bấm <b>Lưu tất cả</b>.",
        "4. Tôi nhắc hạn trong nhóm; bấm <b>Xong</b> khi hoàn thành.\n",
        "<b>Lệnh</b> (tên khác trong ngoặc)",
    ]
    for command in COMMANDS:
        other = f" ({', '.join('/' + a for a in command.aliases)})" if command.aliases else ""
        name, _, rest = command.help.partition(" ")
        lines.append(f"{name}{other} {rest}")
    lines.append("\nTrong nhóm, đổi đơn vị, cài đặt hay xóa việc cần quản trị viên; đổi người phụ trách cần quản trị viên "
                 "hoặc người đang phụ trách; ai cũng có thể đánh dấu xong. Người được giao đã bấm Bắt đầu (Start) "
                 "trong chat riêng với tôi nhận nhắc việc riêng.")
    return "\n".join(lines)


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
EXPIRED = "Thẻ này không còn (đã xóa hoặc không thuộc nhóm này). Hãy gửi lại công văn để có thẻ mới."
EXPIRED_OFFER = "Lựa chọn này không còn hiệu lực. Gõ lại <code>/agency &lt;tên đơn vị&gt;</code>."
CARD_SAVED_BEFORE = "Thẻ này đã được lưu rồi. Xem các việc: /tasks"
CARD_CANCELLED_BEFORE = "Thẻ này đã hủy, không lưu gì. Muốn lưu, hãy gửi lại công văn."
CARD_COUNT = "Việc của <b>{agency}</b>: {count}"
CARD_COUNT_DROPPED = " (đã bỏ {dropped})"
CARD_NONE = "Không thấy việc nào giao cho <b>{agency}</b> trong công văn này."
CARD_DROPPED = "— đã bỏ"
CARD_PAGE = "<i>Trang {page}/{pages}</i>"
CARD_HINT = "\n<i>Chưa lưu thì chưa nhắc. Bấm «Lưu tất cả» để lưu và nhắc hạn.</i>"
CARD_MISSING_PARTS = (
    "⚠️ <b>Có thể thiếu nội dung:</b> {missing} phần của công văn không được đọc (gửi quá nhiều phần). "
    "Kiểm tra lại, hoặc gửi công văn dạng tệp PDF/DOCX."
)
CARD_TASK_PASSED = "⚠️ <i>hạn đã qua {days} ngày</i>"
CARD_TASK_UNDATED = "⚠️ <i>bot chưa nhắc được việc này (chưa có ngày): bấm «Sửa hạn {label}»</i>"
SAVED_TASK_UNDATED = "⚠️ <i>chưa có ngày nên chưa nhắc; đặt hạn: <code>/han {label} 25/12</code></i>"
CARD_ALL_PASSED = (
    "⚠️ <b>Mọi hạn trong công văn này đã qua</b> (công văn cũ?). Lưu thì {count} việc được ghi là quá hạn và "
    "được nhắc quá hạn; hãy sửa hạn nếu đã được gia hạn, hoặc hủy thẻ."
)
SAVED_ALL_PASSED = (
    "⚠️ <b>Mọi hạn trong công văn này đã qua</b>: {count} việc được ghi là quá hạn và sẽ được nhắc quá hạn. "
    "Nếu đã được gia hạn, đổi hạn bằng <code>/han &lt;số&gt; &lt;ngày&gt;</code>; nếu đã xong, bấm Xong."
)
CARD_SOME_PASSED = "⚠️ {count} việc đã quá hạn; hãy kiểm tra lại hạn."
CARD_SOME_UNDATED = "⚠️ {count} việc chưa rõ hạn, bot sẽ không nhắc cho đến khi sửa hạn."
PROMPT_LEFT = "Đã thôi sửa hạn; hạn cũ giữ nguyên."
PROMPT_NONE = "Không có gì đang chờ để hủy."
PROMPT_NOT_YOURS = "Câu hỏi này không dành cho bạn (hoặc đã hết hạn)."
DROPPED_TASK_EDITED = " Việc này đang bị bỏ khỏi thẻ; bấm «Lấy lại việc {label}» nếu muốn lưu."
STALE_BUTTON = "Nút này không còn hợp lệ."
STALE_BUTTON_ALERT = "Nút này không còn hợp lệ."  # plain text (alert), not HTML
ASK_DEADLINE = (
    "📅 Nhập hạn mới cho việc {label}, {who}: gõ vào đây (hoặc trả lời tin này), ví dụ <code>25/12</code>, "
    "<code>thứ sáu tuần sau</code>, <code>3 ngày nữa</code>, <code>cuối tháng</code>, <code>17h 30/11</code>. "
    "Gõ «hủy» hoặc bấm Hủy để thôi."
)
BAD_DEADLINE = "Tôi không hiểu ngày «{text}». Thử lại, ví dụ <code>25/12</code> hoặc <code>3 ngày nữa</code>."
DEADLINE_SET = "📅 Hạn mới của việc {label}: <b>{deadline}</b>."
ADD_USAGE = (
    "Cách dùng: <code>/them &lt;việc&gt; [hạn &lt;ngày&gt;]</code>, ví dụ "
    "<code>/them Gửi báo cáo kết quả tiêm chủng hạn 25/12</code> hoặc <code>/them Họp giao ban hạn thứ sáu</code>."
)
TASK_ADDED = "➕ Đã thêm việc {label}: {text}\n   ⏰ {deadline}"
TASK_ADDED_UNDATED = "\n<i>Việc chưa có hạn nên chưa được nhắc; đặt hạn: <code>/han {number} 25/12</code>.</i>"
ADD_BUTTON = "➕ Thêm việc"
ASK_TASK = (
    "➕ Nhập việc cần thêm vào thẻ, {who}: gõ nội dung việc, thêm <code>hạn &lt;ngày&gt;</code> nếu có, ví dụ "
    "<code>Rà soát kho vắc xin hạn 25/12</code>. Gõ «hủy» hoặc bấm Hủy để thôi."
)
TASK_ADDED_TO_CARD = "➕ Đã thêm việc {label} vào thẻ: {text} — ⏰ {deadline}. Bấm «Lưu tất cả» để lưu."
PROMPT_LEFT_ADD = "Đã thôi thêm việc; thẻ giữ nguyên."

READING = "📄 Đang đọc tệp…"
READING_PAGE = "📄 Đang đọc trang {page}/{pages}…"
FILE_TOO_BIG = (
    "Tệp quá lớn ({size} MB). Telegram chỉ cho bot tải tệp tối đa {limit} MB; "
    "hãy gửi bản PDF nhẹ hơn hoặc chụp ảnh từng trang."
)
READ_FAILED = "Không đọc được tệp: {reason}"
# Telegram refused to hand the file over; its own (English) error text is never shown
FILE_REFUSED_TOO_BIG = "tệp lớn hơn mức Telegram cho phép bot tải (20 MB). Hãy gửi bản nhẹ hơn hoặc chụp ảnh từng trang."
FILE_REFUSED = "Telegram không cho tải tệp này (tệp có thể đã bị xóa hoặc quá cũ). Hãy gửi lại tệp."
READ_QUEUED = "📄 Tệp đang chờ đọc: còn {ahead} tệp đến trước."
READ_QUEUE_CHAT_FULL = (
    "Nhóm đang có {count} tệp chờ đọc nên tệp này chưa được nhận. Vui lòng đợi đọc xong rồi gửi lại."
)
READ_QUEUE_FULL = "Bot đang đọc nhiều tệp cùng lúc nên tệp này chưa được nhận. Vui lòng gửi lại sau ít phút."
READ_DONE = "📄 Đã đọc {pages} trang."

TASK_USAGE = {
    "done": "Cách dùng: <code>/xong &lt;số việc&gt;</code>, ví dụ <code>/xong 3</code> hoặc <code>/xong 3 4</code>. "
            "Số việc xem ở /viec.",
    "undo": "Cách dùng: <code>/hoantac &lt;số việc&gt;</code>, ví dụ <code>/hoantac 3</code>.",
    "delete": "Cách dùng: <code>/xoa &lt;số việc&gt;</code>, ví dụ <code>/xoa 3</code>.",
    "deadline": "Cách dùng: <code>/han &lt;số việc&gt; &lt;ngày&gt;</code>, ví dụ <code>/han 3 25/12</code>.",
    "assign": "Cách dùng: <code>/giao &lt;số việc&gt;</code> rồi bấm tên, hoặc <code>/giao 3 @lan @minh</code>; "
              "bỏ giao: <code>/giao 3 -</code>.",
    "tasks": "Cách dùng: <code>/viec</code>, <code>/viec tatca</code>, <code>/viec quahan</code> hoặc "
             "<code>/viec xong</code>.",
}
TASK_NOT_FOUND = "Không có việc số {short_id} trong nhóm này. Xem /viec."
TASK_GONE = "Việc này không còn (đã xóa hoặc không thuộc nhóm này)."
DONE = "✅ Việc {label} đã xong — {who}, {when}{late}."
DONE_LATE = " (quá hạn)"
ALREADY_DONE = "Việc {label} đã được đánh dấu xong trước đó."
REOPENED = "↩️ Đã mở lại việc {label}."
RESTORED = "♻️ Đã khôi phục việc {label}."
NOT_DONE_YET = "Việc {label} đang mở, chưa có gì để hoàn tác."
DELETE_ASK = "🗑 Xóa việc {label}?\n<i>{text}</i>\n\nViệc đã xóa không được nhắc nữa; khôi phục bằng /hoantac {number}."
DELETE_YES = "🗑 Xóa việc {label}"
DELETE_NO = "Giữ lại"
DELETED = "🗑 Đã xóa việc {label}. Khôi phục: /hoantac {number}"
DELETE_KEPT = "Đã giữ lại việc {label}."
UNKNOWN_COMMAND = "Tôi không có lệnh {command}.{guess} Các lệnh: /trogiup"
UNKNOWN_GUESS = " Có phải {command}?"
CARD_REPLY = (
    "Tôi không đọc tin trả lời thẻ. Trên thẻ, bấm <b>💾 Lưu tất cả</b> để lưu, "
    "<b>📅 Sửa hạn</b> để đổi hạn, <b>✖ Bỏ việc</b> để bỏ một việc."
)
ASSIGNED = "👤 Việc {label} giao cho {who}."
UNASSIGNED = "👤 Việc {label} không còn giao riêng cho ai."
ASSIGN_REFUSED = "Chỉ quản trị viên nhóm hoặc người đang phụ trách việc {label} mới được đổi người phụ trách."
ASSIGN_PICK = (
    "👤 <b>Người phụ trách việc {label}</b>\n<i>{text}</i>\n\nĐang giao: {who}\n"
    "Bấm tên để giao hoặc bỏ. Không thấy tên? Gõ <code>/giao {number} @tên</code>."
)
ASSIGN_PREVIOUS, ASSIGN_NEXT = "◀ Trang trước", "Trang sau ▶"
ASSIGN_PICK_DONE = "👤 <b>Người phụ trách việc {label}</b>: {who}"
ASSIGN_NOBODY = "chưa có ai"
ASSIGN_NO_MEMBERS = (
    "Tôi chưa biết ai trong nhóm này (tôi chỉ biết người đã nhắn tin hay bấm nút ở đây). "
    "Gõ <code>/giao {number} @tên</code>."
)
ASSIGN_CLOSE = "✔ Xong"
ASSIGNED_TO_YOU = (
    "👤 Bạn được giao việc <b>{label}</b> trong nhóm <b>{group}</b>{by}:\n<i>{text}</i>\n⏰ Hạn: {deadline}\n\n"
    "Tôi sẽ nhắc riêng bạn ở đây trước hạn và khi quá hạn. Việc của bạn: /cuatoi"
)
ASSIGNED_BY = " (do {who} giao)"
PRIVATE_HINT = (
    "🔔 {who}: để nhận nhắc việc riêng, hãy mở <a href=\"{link}\">chat với tôi</a> và bấm <b>Bắt đầu</b> (Start)."
)
LINKED = (
    "🔔 Đã bật nhắc việc riêng: tôi sẽ nhắc bạn ở đây những việc được giao cho bạn, cùng lúc với nhóm "
    "({count} việc đang mở). Xem: /cuatoi"
)
MY_TASKS_TITLE = "📋 <b>Việc được giao cho bạn</b> ({count})"
MY_TASKS_NONE = "Bạn chưa được giao việc nào đang mở. Trong nhóm, người phụ trách được chọn bằng /giao."
MY_TASKS_PRIVATE = "Xem việc của bạn trong <a href=\"{link}\">chat riêng với tôi</a>: gõ /cuatoi ở đó."
MY_TASK_LINE = "<b>#{number}</b> · 👥 {group} · ⏰ {deadline}{late}\n   {text}"
MY_TASKS_DONE_NOTE = "<i>Việc đã xong: trong 30 ngày qua.</i>"
DONE_FROM_PRIVATE = "{done} (bấm trong chat riêng)"
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
    "• Nhắc việc chung (các Sở, ban, ngành…): {collective}\n"
    "• Tổng hợp tuần (sáng ngày làm việc đầu tuần): {weekly}\n\n"
    "Đổi: <code>/caidat ngay 7,3,1</code> · <code>/caidat gio 08:00</code> · "
    "<code>/caidat chung bat|tat</code> · <code>/caidat tonghop bat|tat</code>"
)
SETTINGS_USAGE = (
    "Cách dùng: <code>/caidat ngay 7,3,1</code>, <code>/caidat gio 08:00</code>, "
    "<code>/caidat chung bat</code> / <code>tat</code> hoặc <code>/caidat tonghop bat</code> / <code>tat</code>."
)
SETTINGS_SAVED = "✅ Đã lưu cài đặt."
YES, NO = "có", "không"

ERROR = "Xin lỗi, có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau."
TOO_MANY = "Bạn gửi quá nhiều tin trong thời gian ngắn; tôi tạm bỏ qua vài tin. Vui lòng chờ một chút."
TOO_MANY_ALERT = "Bạn bấm quá nhanh; vui lòng chờ một chút rồi thử lại."  # plain text (alert)

# The Government Office's four states (the same words in /tinhhinh, /thongke, the Excel report).
STATE_NAMES = {
    "open_on_time": "Chưa hoàn thành, trong hạn",
    "open_overdue": "Chưa hoàn thành, quá hạn",
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
}
STATE_ICONS = {"open_on_time": "🟢", "open_overdue": "🔴", "done_on_time": "✅", "done_late": "🟠"}
REPORT_USAGE = (
    "Cách dùng: <code>/baocao</code> (tháng này), <code>/baocao tuần</code>, <code>/baocao quý</code>, "
    "<code>/baocao năm</code>; kỳ trước: <code>/baocao tháng trước</code>."
)
REPORT_CAPTION = (
    "📊 <b>Báo cáo {period}</b>: {count} nhiệm vụ — {on_time} trong hạn, {overdue} quá hạn, "
    "{done} xong đúng hạn, {late} xong quá hạn."
)
CALENDAR_CAPTION = "📅 <b>Lịch hạn</b>: {count} việc đang mở"
CALENDAR_RECURRING = ", trong đó {count} việc định kỳ (lặp lại trong lịch)"
CALENDAR_UNDATED = "; {count} việc chưa có hạn không có trong lịch"
CALENDAR_HOW = (
    ".\nMở tệp để nhập vào Google Calendar (Cài đặt → Nhập và xuất) hoặc Outlook (Thêm lịch → Tải lên từ tệp); "
    "mỗi việc có nhắc trước một ngày."
)
CALENDAR_EMPTY = "Không có việc đang mở nào có hạn để đưa vào lịch. Xem /viec."
STATS_USAGE = "Cách dùng: <code>/thongke</code> (tháng này), <code>/thongke tuần</code>, <code>/thongke tháng trước</code>."
STATS_TITLE = "📈 <b>Thống kê {period}</b> — {agency}"
WEEKLY_TITLE = "🗓 <b>Tổng hợp tuần</b> — {agency}\n<i>{period}</i>"
STATS_RANGE = "<i>Từ {start} đến {end}: {count} nhiệm vụ</i>"
STATS_OVERDUE_TITLE = "\n<b>Quá hạn</b>"
STATS_OVERDUE_LINE = "<b>#{number}</b>{mark} quá {days} ngày · hạn {deadline}{who}\n   {text}"
STATS_DUE_TITLE = "\n<b>Đến hạn {period}</b>"
STATS_DUE_LINE = "<b>#{number}</b>{mark} hạn {deadline}\n   {text}"
STATS_EMPTY = "\n<i>Không có nhiệm vụ nào trong kỳ này.</i>"

# An edited message (handlers.edits): the card follows it; saved tasks change only when someone agrees.
EDIT_CARD_FOLLOWED = "✏️ Thẻ đã cập nhật theo tin nhắn vừa sửa. Kiểm tra lại rồi bấm «Lưu tất cả»."
EDIT_PARTS_GONE = (
    "✏️ Tôi không còn giữ các phần khác của công văn này nên không cập nhật được thẻ. "
    "Hãy bấm «Hủy» trên thẻ rồi gửi lại cả công văn đã sửa."
)
EDIT_OFFER = "✏️ <b>Công văn{number} đã lưu vừa được sửa.</b> Theo bản sửa:"
EDIT_OFFER_DEADLINE = "• Việc #{number}: hạn {old} → <b>{new}</b>"
EDIT_OFFER_TEXT = "• Việc #{number}: nội dung mới «{text}»"
EDIT_OFFER_ADDED = "• Việc mới: {text} — ⏰ {deadline}"
EDIT_OFFER_ASK = "Cập nhật các việc đã lưu theo bản sửa? Nhắc hạn sẽ theo hạn mới."
EDIT_UPDATE_BUTTON = "🔄 Cập nhật theo bản sửa"
EDIT_KEEP_BUTTON = "Giữ nguyên"
EDIT_UPDATED = "🔄 Đã cập nhật theo bản sửa:"
EDIT_UPDATED_LINE = "• Việc #{number} — ⏰ {deadline}"
EDIT_ADDED_LINE = "• Thêm việc #{number}: {text} — ⏰ {deadline}"
EDIT_SKIPPED = "<i>{count} việc đã xong hoặc đã xóa nên giữ nguyên.</i>"
EDIT_NOTHING = "Các việc đã lưu không còn việc nào để cập nhật (đã xong hoặc đã xóa)."
EDIT_KEPT = "Đã giữ nguyên các việc đã lưu."
EDIT_OFFER_GONE = "Lựa chọn này đã được xử lý hoặc không còn hiệu lực."
