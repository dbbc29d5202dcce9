"""Task tables flattened into runs of cells (legal-document sites, PDF copies) read like pasted tables."""

from __future__ import annotations

from dispatch_helpers import dispatch_with

from dispatch import extract
from dispatch.layout.cells import unflatten

FLAT = """DANH MỤC NHIỆM VỤ QUÁ HẠN
|
**STT**
|
**Nhiệm vụ**
|
**Cơ quan chủ trì
thực hiện**
|
**Thời hạn hoàn
thành**
|
|
1.
|
Khẩn trương xây dựng kế hoạch tổ chức triển khai
các nhiệm vụ, giải pháp trọng tâm
|
Sở Tài chính
|
18/12/2025
|
|
2.
|
Rà soát các quy định để tháo gỡ điểm nghẽn
|
Các sở, ban, ngành
|
30/12/2025
|
|

Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện."""


def test_a_flattened_table_is_written_back_one_line_a_row() -> None:
    lines = unflatten(FLAT.split("\n"))
    assert lines[:4] == [
        "DANH MỤC NHIỆM VỤ QUÁ HẠN",
        "**STT** | **Nhiệm vụ** | **Cơ quan chủ trì thực hiện** | **Thời hạn hoàn thành**",
        "1. | Khẩn trương xây dựng kế hoạch tổ chức triển khai các nhiệm vụ, giải pháp trọng tâm | Sở Tài chính | 18/12/2025",
        "2. | Rà soát các quy định để tháo gỡ điểm nghẽn | Các sở, ban, ngành | 30/12/2025",
    ]
    assert lines[-1] == "Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện."


def test_the_rows_of_a_flattened_table_are_tasks_with_their_time() -> None:
    r = extract(dispatch_with(FLAT, issued="ngày 1 tháng 12 năm 2025"), agency="Sở Tài chính")
    got = [(t.text[:20], t.role, str(t.deadline)) for t in r.tasks]
    assert got[:2] == [("Khẩn trương xây dựng", "lead", "2025-12-18"), ("Rà soát các quy định", "all", "2025-12-30")]


def test_bars_that_are_no_task_table_stay_line_breaks() -> None:
    text = "ỦY BAN NHÂN DÂN\n|\nCỘNG HÒA XÃ HỘI\n|\nSố: 12/UBND\n|\nHà Nội\n|\n|\nA\n|\nB\n|\nC"
    assert unflatten(text.split("\n")) == text.split("\n")


def test_an_appendix_of_proposals_is_dated_by_the_body_paragraph_about_it() -> None:
    body = (
        "1. Các Bộ khẩn trương xử lý các kiến nghị của địa phương (Phụ lục kèm theo), hoàn thành trước ngày "
        "15/12/2025.\n\nPHỤ LỤC\n|\nTT\n|\nTỉnh kiến nghị\n|\nThông tin đề xuất\n|\nBộ phụ trách tiếp nhận, xử lý\n|\n|\n"
        "1\n|\nLào Cai\n|\nĐề nghị hỗ trợ kinh phí cải tạo trụ sở cấp xã\n|\nBộ Tài chính\n|\n|\n"
    )
    text = body + "\n"  # the appendix is the document's last part
    r = extract("Số: 174/CV-BCĐ\nHà Nội, ngày 02 tháng 12 năm 2025\n\n" + text, agency="Bộ Tài chính")
    rows = [t for t in r.tasks if t.text.startswith("Đề nghị hỗ trợ")]
    assert [(t.role, str(t.deadline)) for t in rows] == [("lead", "2025-12-15")]


def test_groups_numbered_inside_a_part_head_their_rows_and_are_no_tasks() -> None:
    # "III.1" / "III.1.1" group the rows of part III; before, the table ended at the first of them and its
    # rows ran together as prose ("Hoàn thành, khai thác sử dụng Tháng 02/2026 2 Xây dựng ...")
    rows = [
        ["**TT**", "**Nhiệm vụ, giải\npháp**", "**Cơ quan chủ trì**", "**Cơ quan phối hợp**", "**Kết quả**",
         "**Thời gian thực\nhiện**"],
        ["**III**", "**Phát triển các nền tảng số**"],
        ["**III.1**", "**Nhóm nền tảng số quy mô quốc gia**"],
        ["1", "Triển khai Cổng Dịch vụ công quốc gia tại Trung\ntâm Dữ liệu quốc gia.", "Bộ Công an",
         "Các bộ, ngành, địa\nphương", "Hoàn thành, khai\nthác sử dụng", "Tháng 02/2026"],
        ["*III.1.1*", "*Nhóm nền tảng giải quyết thủ tục hành chính*"],
        ["2", "Xây dựng, hoàn thiện Cổng thông tin một cửa quốc\ngia.", "Bộ Tài chính", "Các bộ, ngành, địa phương",
         "Hoàn thành, khai thác sử dụng", "Năm 2025-2026"],
    ]  # fmt: skip
    flat = "|\n" + "\n|\n|\n".join("\n|\n".join(row) for row in rows) + "\n|\n|"
    r = extract(dispatch_with("Ban hành kèm theo Kế hoạch các nhiệm vụ tại Phụ lục.\n\nPHỤ LỤC\n\n" + flat))
    assert [(t.text[:30], [a.name for a in t.assignees if a.role == "lead"], str(t.deadline)) for t in r.tasks] == [
        ("Triển khai Cổng Dịch vụ công q", ["Bộ Công an"], "2026-02-28"),
        ("Xây dựng, hoàn thiện Cổng thôn", ["Bộ Tài chính"], "2026-12-31"),
    ]


def test_rows_under_merged_cells_take_the_lead_and_coordinators_of_the_row_above() -> None:
    # a national plan's table: STT, lead and coordinators span several jobs, each with its target and time
    rows = [
        ["**STT**", "**Cơ quan chủ trì**", "**Cơ quan phối hợp**", "**Nội dung nhiệm vụ**", "**Chỉ tiêu đạt được**",
         "**Thời hạn hoàn thành**"],
        ["1", "Bộ Nông nghiệp và Môi trường", "- Bộ Khoa học và Công nghệ;\n- Bộ Xây dựng.",
         "- Rà soát, cập nhật các hướng dẫn kỹ thuật về hệ\nsố phát thải.", "- Bộ công cụ kiểm kê được ban hành.",
         "Năm 2026"],
        ["- Xây dựng quy chế phối hợp quản lý chất lượng không\nkhí liên vùng.", "- Quy chế được ban\nhành.",
         "Tháng 6/2027"],
        ["2", "Bộ Y tế", "Bộ Nông nghiệp và Môi trường", "- Xây dựng hồ sơ sức khỏe theo dõi tác động của ô nhiễm.",
         "- Hồ sơ được xây dựng.", "Năm 2027"],
    ]  # fmt: skip
    flat = "|\n" + "\n|\n|\n".join("\n|\n".join(row) for row in rows) + "\n|\n|"
    r = extract(dispatch_with("Ban hành kèm theo Kế hoạch các nhiệm vụ tại Phụ lục.\n\nPHỤ LỤC\n\n" + flat),
                agency="Bộ Xây dựng")  # fmt: skip
    assert [(t.text[:30], t.role, str(t.deadline)) for t in r.tasks] == [
        ("- Rà soát, cập nhật các hướng ", "coordinate", "2026-12-31"),
        ("- Xây dựng quy chế phối hợp qu", "coordinate", "2027-06-30"),
    ]


def test_a_group_title_in_one_merged_cell_does_not_end_the_table() -> None:
    rows = [
        ["**STT**", "**Tên nhiệm vụ**", "**Cơ quan chủ trì**", "**Cơ quan phối hợp**", "**Thời gian hoàn thành**"],
        ["**I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY**"],
        ["1", "Triển khai nền tảng đào tạo trực tuyến mở đại trà.", "Sở KH&CN", "Các sở, ban, ngành tỉnh", "Thường xuyên"],
        ["**II. HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH**"],
        ["2", "Xây dựng Bộ tiêu chí đánh giá mức độ chuyển đổi số doanh nghiệp.", "Sở KH&CN", "Sở Công Thương",
         "Quí IV-2025"],
    ]  # fmt: skip
    flat = "|\n" + "\n|\n|\n".join("\n|\n".join(row) for row in rows) + "\n|\n|"
    r = extract(dispatch_with("Giao các sở thực hiện các nhiệm vụ tại Phụ lục.\n\nPHỤ LỤC\n\n" + flat),
                agency="Sở Khoa học và Công nghệ")  # fmt: skip
    assert [(t.text[:24], t.role, str(t.deadline)) for t in r.tasks][1:] == [
        ("Triển khai nền tảng đào ", "lead", "None"),
        ("Xây dựng Bộ tiêu chí đán", "lead", "2025-12-31"),
    ]
