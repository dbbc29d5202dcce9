"""What the user is told when a file cannot be read (str() of the DocumentError raised)."""

from __future__ import annotations

SEND_INSTEAD = "Vui lòng gửi văn bản dạng PDF, DOCX hoặc ảnh chụp rõ nét."

UNSUPPORTED = f"Không đọc được loại tệp này. {SEND_INSTEAD}"
LEGACY_DOC = (
    "Đây là tệp Word cũ (.doc) nên chưa đọc được. Vui lòng mở tệp và lưu lại thành .docx hoặc PDF, "
    "hoặc chụp ảnh văn bản rồi gửi lại."
)
OPEN_DOCUMENT = "Tệp OpenDocument (.odt) chưa đọc được. Vui lòng lưu lại thành .docx hoặc PDF rồi gửi lại."
NOT_A_DOCX = f"Tệp nén này không phải văn bản Word (.docx). {SEND_INSTEAD}"
RTF = "Tệp RTF chưa đọc được. Vui lòng lưu lại thành .docx hoặc PDF rồi gửi lại."
HEIC = "Ảnh HEIC (iPhone) chưa đọc được. Vui lòng gửi ảnh dưới dạng ảnh (không phải tệp) hoặc JPEG/PNG."
IMAGE_FORMAT = "Định dạng ảnh này chưa đọc được. Vui lòng gửi ảnh JPEG, PNG, TIFF hoặc WebP."
NO_OCR = (
    "Máy chủ chưa cài bộ nhận dạng chữ (Tesseract tiếng Việt) nên chưa đọc được ảnh và bản quét. "
    "Vui lòng gửi bản PDF có chữ hoặc tệp DOCX."
)

ENCRYPTED_PDF = "Tệp PDF được đặt mật khẩu nên không đọc được. Vui lòng gỡ mật khẩu rồi gửi lại."
ENCRYPTED_OFFICE = "Tệp Word được đặt mật khẩu nên không đọc được. Vui lòng gỡ mật khẩu rồi gửi lại."

CORRUPT_PDF = "Tệp PDF bị hỏng hoặc không đầy đủ nên không đọc được. Vui lòng gửi lại tệp khác."
CORRUPT_DOCX = "Tệp DOCX bị hỏng hoặc không đầy đủ nên không đọc được. Vui lòng gửi lại tệp khác."
CORRUPT_IMAGE = "Ảnh bị hỏng hoặc không đầy đủ nên không đọc được. Vui lòng chụp và gửi lại."

TOO_MANY_BYTES = "Tệp quá lớn (hơn {limit} MB). Vui lòng gửi tệp nhỏ hơn."
TOO_MANY_PAGES = (
    "Văn bản có {pages} trang, vượt giới hạn {limit} trang. Vui lòng gửi riêng các trang cần giao việc."
)
XML_BOMB = "Tệp DOCX có cấu trúc bất thường (nội dung giải nén quá lớn), không đọc để bảo đảm an toàn."
IMAGE_TOO_LARGE = "Ảnh quá lớn ({pixels} triệu điểm ảnh). Vui lòng gửi ảnh nhỏ hơn."

TIMEOUT = "Đọc tệp quá {seconds} giây nên đã dừng. Vui lòng gửi ít trang hơn hoặc bản PDF có chữ."

EMPTY_PDF = "Không tìm thấy chữ nào trong tệp PDF. Nếu là bản quét, vui lòng quét lại rõ hơn."
EMPTY_DOCX = "Tệp DOCX không có nội dung chữ."
EMPTY_IMAGE = "Không tìm thấy chữ trong ảnh. Vui lòng chụp thẳng, đủ sáng và rõ nét toàn bộ văn bản."
EMPTY_TEXT = "Tệp không có nội dung chữ."

WARN_OCR = "Trang {pages} được nhận dạng chữ tự động từ ảnh (OCR): vui lòng kiểm tra kỹ số hiệu, ngày tháng."
WARN_UNCLEAR = "Trang {pages} chụp hoặc quét chưa rõ nên chữ nhận dạng có thể sai nhiều: nên gửi ảnh rõ hơn."
WARN_BLANK = "Trang {pages} không có chữ, đã bỏ qua."
WARN_CONVERTED = "Tệp Word cũ (.doc) đã được tự động chuyển sang .docx để đọc."


def page_list(pages: list[int]) -> str:
    """'3', '2, 5' or '1-4' style list of 1-based page numbers."""
    if len(pages) > 2 and pages == list(range(pages[0], pages[-1] + 1)):
        return f"{pages[0]}-{pages[-1]}"
    return ", ".join(str(p) for p in pages)
