"""Text as it really arrives: Unicode forms, legacy encodings, chrome."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from dispatch_helpers import dispatch_with

from dispatch import extract, normalize
from dispatch.core.text import fold


def test_nfd_text_and_tone_placement_variants_extract_the_same() -> None:
    body = "Yêu cầu Ủy ban nhân dân các huyện và Sở Y tế báo cáo trước ngày 25/7/2021."
    nfc = extract(dispatch_with(body), agency="Sở Y tế").to_dict()
    nfd = extract(unicodedata.normalize("NFD", dispatch_with(body)), agency="Sở Y tế").to_dict()
    assert nfd == nfc
    assert fold("Uỷ ban") == fold("Ủy ban") == "uy ban"


def test_tcvn3_legacy_text_is_converted() -> None:
    legacy = "Céng hoµ x· héi chñ nghÜa ViÖt Nam ngµy 25 th¸ng 7 n¨m 2021"
    assert normalize(legacy) == "Cộng hoà xã hội chủ nghĩa Việt Nam ngày 25 tháng 7 năm 2021"


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Sở Y tế báo cáo. Hoà, thuỷ, naïve café", "Sở Y tế báo cáo. Hoà, thuỷ, naïve café"),
    ],
)
def test_vni_and_tcvn3_are_told_apart_and_unicode_is_left_alone(legacy: str, unicode: str) -> None:
    assert normalize(legacy) == unicode


def test_vni_dispatch_gives_its_deadline() -> None:
    legacy = "Yeâu caàu Sôû Y teá baùo caùo tröôùc ngaøy 25/7/2021."
    assert str(extract(dispatch_with(legacy), agency="Sở Y tế").tasks[0].deadline) == "2021-07-25"


def test_tcvn3_dispatch_gives_its_deadline() -> None:
    legacy = "Yªu cÇu Së Y tÕ b¸o c¸o tr­íc ngµy 25/7/2021."
    assert extract(dispatch_with(legacy), agency="Sở Y tế").tasks[0].deadline is not None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("trước\u00a0ngày\u00a025/7/2021", "trước ngày 25/7/2021"),
        ("trước ngày **25/7/2021**", "trước ngày 25/7/2021"),
        ("năm 2021¹ và", "năm 2021 và"),
        ("tỉnh⁽¹⁾ khẩn trương", "tỉnh khẩn trương"),
        ("a\u200bb", "ab"),
        ("Kính gửi: | - Các Bộ; |", "Kính gửi:\n- Các Bộ;"),
    ],
)
def test_hygiene(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


def test_never_nfkc() -> None:
    assert "20211" not in normalize("năm 2021¹")
    assert normalize("ﬁ") == "ﬁ"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("1️⃣ Phòng Kế hoạch - Tài chính tổng hợp", "1. Phòng Kế hoạch - Tài chính tổng hợp"),
        ("2⃣ Phòng Giáo dục", "2. Phòng Giáo dục"),
        ("👉 UBND tỉnh vừa ban hành", "• UBND tỉnh vừa ban hành"),
        ("⚠️ Đề nghị các đơn vị báo cáo", "• Đề nghị các đơn vị báo cáo"),
        ("  ✅ Yêu cầu:", "• Yêu cầu:"),
        ("📢 THÔNG BÁO KHẨN 📢", "• THÔNG BÁO KHẨN"),
        ("dạy học bù ✅", "dạy học bù"),
        ("ven biển 🌊 kêu gọi", "ven biển 🌊 kêu gọi"),
    ],
)
def test_messenger_decoration_numbers_and_bullets_items(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


def test_a_forwarded_chat_message_gives_each_emoji_item_its_own_task() -> None:
    text = (
        "[Forwarded from Văn phòng Sở]\n"
        "🔴 KHẨN: Triển khai Công văn 1890/SGDĐT-CTTT ngày 03/11/2025\n"
        "✅ Yêu cầu:\n"
        "• Phòng Kế hoạch - Tài chính tổng hợp nhu cầu hỗ trợ, trình Giám đốc Sở xong trước ngày 10/11.\n"
        "• Công an tỉnh bố trí lực lượng sẵn sàng cứu hộ.\n"
        "⚠️ Đề nghị các đơn vị báo cáo kết quả trước 8h sáng hằng ngày.\n"
    )
    r = extract(text, agency="Phòng Kế hoạch - Tài chính")
    assert (r.number, r.issued) == ("1890/SGDĐT-CTTT", date(2025, 11, 3))
    assert [(t.text[:20], t.deadline, t.to_dict()["recurrence"]) for t in r.tasks] == [
        ("Phòng Kế hoạch - Tài", date(2025, 11, 10), None),
        ("Đề nghị các đơn vị b", date(2025, 11, 4), "daily"),
    ]
    police = extract(text, agency="Công an tỉnh").tasks
    assert (police[0].text[:14], police[0].recurrence) == ("Công an tỉnh b", None)


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        # an agency's name wrapped after a list of names goes on on the next line
        (["8. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt", "Nam, Thông tấn xã Việt Nam tăng cường tuyên truyền."],
         ["8. Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam tăng cường tuyên truyền."]),
        # a short heading naming an agency stays over the sentence under it
        (["2. Đối với Công an tỉnh", "Tăng cường kiểm tra, xử lý vi phạm."],
         ["2. Đối với Công an tỉnh", "Tăng cường kiểm tra, xử lý vi phạm."]),
    ],
)
def test_hard_wraps_inside_names_are_joined(lines: list[str], joined: list[str]) -> None:
    from dispatch.layout.structure import _unwrap

    assert _unwrap(lines, 0) == joined


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # emphasis split over lines or around a list mark leaves single stars, which go
        ("*Thứ nhất,** các bộ, ngành thực hiện.", "Thứ nhất, các bộ, ngành thực hiện."),
        ("*2.2.* Khẩn trương nghiên cứu", "2.2. Khẩn trương nghiên cứu"),
        ("*1.1. Đối với 355 nhiệm vụ\nđể hướng dẫn (danh mục),* các Bộ khẩn trương",
         "1.1. Đối với 355 nhiệm vụ\nđể hướng dẫn (danh mục), các Bộ khẩn trương"),
        ("Thời hạn hoàn thành chậm nhất ngày 25/12/2025.*", "Thời hạn hoàn thành chậm nhất ngày 25/12/2025."),
        # a star and a space is a bullet
        ("* Rà soát danh mục thuốc", "* Rà soát danh mục thuốc"),
    ],
)
def test_stray_emphasis_stars_go(raw: str, clean: str) -> None:
    assert normalize(raw) == clean


def test_a_list_mark_alone_on_its_line_marks_the_next_line() -> None:
    from dispatch.layout.structure import _unwrap

    assert _unwrap(["2.", "Kết hợp khai thác nước mặt với nước dưới đất."], 0) == [
        "2. Kết hợp khai thác nước mặt với nước dưới đất."
    ]
