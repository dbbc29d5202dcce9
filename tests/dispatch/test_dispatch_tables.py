"""Tasks given in a table: a plan's "DANH MỤC NHIỆM VỤ", pasted, tab-separated, markdown or in a DOCX."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from dispatch_helpers import dispatch_with

from dispatch import extract, normalize, read
from dispatch.layout.table import Row, cell_kind, columns, read_rows, split_row

FIXTURES = Path(__file__).parent / "fixtures"

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\n\nSố: 301/KH-UBND\n\nNinh Bình, ngày 10 tháng 3 năm 2025\n\n"
    "KẾ HOẠCH\nThực hiện chuyển đổi số năm 2025\n\n"
)
TAIL = "\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Khánh\n"
ROWS = [
    ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
    ("1", "Xây dựng kế hoạch chuyển đổi số ngành y tế", "Sở Y tế", "Sở Tài chính; UBND các xã, phường", "Tháng 6/2025"),
    ("2", "Số hóa hồ sơ học sinh", "Sở Giáo dục và Đào tạo", "Các sở, ngành liên quan", "Trước 30/9/2025"),
]
# (text, [(lead or collective, role)], deadline, deadline_text)
EXPECTED = [
    ("Xây dựng kế hoạch chuyển đổi số ngành y tế", [("Sở Y tế", "lead"), ("Sở Tài chính", "coordinate")],
     date(2025, 6, 30), "Tháng 6/2025"),
    ("Số hóa hồ sơ học sinh", [("Sở Giáo dục và Đào tạo", "lead")], date(2025, 9, 30), "Trước 30/9/2025"),
]


def load(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def tasks(text: str, **kw: object) -> list[tuple[str, list[tuple[str, str]], date | None, str | None]]:
    got = extract(text, **kw).tasks  # type: ignore[arg-type]
    return [(t.text, [(a.name, a.role) for a in t.assignees], t.deadline, t.deadline_text) for t in got]


def pasted(sep: str, *, outer: bool = False) -> str:
    lines = [sep.join(r) for r in ROWS]
    if outer:
        lines = [f"| {line} |" for line in lines]
        lines.insert(1, "|" + "---|" * len(ROWS[0]))
    return HEAD + "Các cơ quan thực hiện các nhiệm vụ sau:\n\n" + "\n".join(lines) + TAIL


@pytest.mark.parametrize(
    "text",
    [pasted(" | "), pasted("\t"), pasted(" | ", outer=True), pasted("|")],
    ids=["pipes", "tabs", "markdown", "tight-pipes"],
)
def test_each_row_of_a_pasted_table_is_a_task(text: str) -> None:
    assert tasks(text) == EXPECTED


@pytest.mark.parametrize(
    ("agency", "expected"),
    [
        ("Sở Y tế", [("lead", date(2025, 6, 30))]),
        ("Sở Tài chính", [("coordinate", date(2025, 6, 30))]),
        ("UBND xã Yên Mạc", [("coordinate", date(2025, 6, 30))]),  # "UBND các xã, phường" names its members
        # "Các sở, ngành liên quan" in the column names nobody, as a generic coordinator in prose does
        ("Sở Nội vụ", []),
    ],
)
def test_roles_come_from_the_columns(agency: str, expected: list[tuple[str, date]]) -> None:
    got = extract(pasted(" | "), agency=agency).tasks
    assert [(t.role, t.deadline) for t in got] == expected


def test_appendix_after_the_signer_with_groups_and_merged_cells() -> None:
    r = extract(load("bang_phu_luc"))
    assert r.signer is not None and (r.signer.name, r.signer.title) == ("Hoàng Minh Tuấn", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH")
    got = [(t.text[:25], [(a.name, a.role) for a in t.assignees], t.collective, t.deadline, t.ongoing) for t in r.tasks]
    assert got == [
        ("Sở Nội vụ theo dõi, đôn đ", [("Sở Nội vụ", "lead")], None, date(2025, 12, 15), False),
        ("Rà soát văn bản quy phạm ", [("Sở Tư pháp", "lead")], None, date(2025, 9, 30), False),
        # lead and time cells left empty under merged cells take the row above
        ("Kiểm tra việc thi hành ph", [("Sở Tư pháp", "lead")], None, date(2025, 9, 30), False),
        ("Công bố danh mục thủ tục ", [("Văn phòng UBND tỉnh", "lead")], None, None, True),
        ("Số hóa hồ sơ, kết quả giả", [("Sở Khoa học và Công nghệ", "coordinate")], "UBND các xã, phường",
         date(2025, 9, 30), False),
        ("Khảo sát sự hài lòng của ", [("Sở Nội vụ", "lead"), ("Sở Tài chính", "coordinate")], None,
         date(2025, 11, 30), False),
    ]
    assert "CẢI CÁCH" not in " ".join(t.text for t in r.tasks)  # group rows are no tasks
    assert [t.role for t in extract(load("bang_phu_luc"), agency="UBND phường Thục Phán").tasks] == [
        "coordinate", "all",
    ]


def test_table_in_the_body_with_tabs_and_time_forms() -> None:
    r = extract(load("bang_trong_than"))
    got = [(t.text[:20], t.collective, t.deadline, t.deadline_text, t.to_dict()["recurrence"]) for t in r.tasks]
    assert got == [
        ("Kiểm tra hồ đập, đê ", None, date(2025, 6, 15), "Trước ngày 15/6/2025", None),
        ("Xây dựng phương án s", "UBND các xã, phường", date(2025, 7, 31), "Tháng 7/2025", None),
        ("Cập nhật, báo cáo tì", None, None, "Hằng tháng", "monthly"),
    ]
    assert r.recipients == ("Các sở, ban, ngành cấp tỉnh", "UBND các xã, phường")


@pytest.mark.parametrize(
    ("due", "deadline", "ongoing"),
    [
        ("Tháng 6/2025", date(2025, 6, 30), False),
        ("Quý III/2025", date(2025, 9, 30), False),
        ("Năm 2025", date(2025, 12, 31), False),
        ("Trước 30/9/2025", date(2025, 9, 30), False),
        ("6 tháng đầu năm 2025", date(2025, 6, 30), False),
        ("Thường xuyên", None, True),
        ("", None, False),
        # when the work starts, with no end: from then on, no deadline
        ("Từ 01/7/2025", None, True),
        ("Từ năm 2026", None, True),
        ("Từ ngày 01-7-2025", None, True),
    ],
)
def test_the_time_column_is_a_deadline_without_a_marker(due: str, deadline: date | None, ongoing: bool) -> None:
    text = HEAD + "Nội dung | Chủ trì | Thời hạn\nRà soát quy hoạch | Sở Xây dựng | " + due + TAIL
    (task,) = extract(text).tasks
    assert (task.text, task.deadline, task.ongoing) == ("Rà soát quy hoạch", deadline, ongoing)


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("STT", "number"), ("TT", "number"), ("Nội dung", "content"), ("Nhiệm vụ", "content"),
        ("Nội dung công việc", "content"), ("Tên nhiệm vụ", "content"), ("**Cơ quan chủ trì**", "lead"),
        ("Đơn vị chủ trì", "lead"), ("Chủ trì", "lead"), ("Cơ quan thực hiện", "lead"),
        ("Cơ quan phối hợp", "coordinate"), ("Đơn vị phối hợp", "coordinate"), ("Phối hợp", "coordinate"),
        ("Thời gian hoàn thành", "due"), ("Thời hạn", "due"), ("Thời gian thực hiện", "due"), ("Tiến độ", "due"),
        ("Sản phẩm", None), ("Ghi chú", None), ("Sở Y tế", None),
    ],
)
def test_column_headers(cell: str, kind: str | None) -> None:
    assert cell_kind(cell) == kind


def test_a_two_row_header_under_a_merged_cell() -> None:
    table = [
        ["TT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Tiến độ"],
        ["", "", "Chủ trì", "Phối hợp", ""],
        ["1", "Lập quy hoạch", "Sở Xây dựng", "Sở Tài chính", "Quý IV/2025"],
    ]
    assert read_rows(table) == [Row("Lập quy hoạch", "Sở Xây dựng", "Sở Tài chính", "Quý IV/2025")]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("a | b | c", ["a", "b", "c"]),
        ("| a | b |", ["a", "b"]),
        ("a\tb\t\tc", ["a", "b", "", "c"]),
        ("|---|:---:|", []),
        ("Kính gửi: | - Các Bộ; |", ["Kính gửi:", "- Các Bộ;", ""]),
        ("no table here", None),
    ],
)
def test_split_row(line: str, cells: list[str] | None) -> None:
    assert split_row(line) == cells


def test_bars_that_are_no_task_table_are_still_line_breaks() -> None:
    assert columns(["VĂN PHÒNG CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ""]) is None
    assert normalize("Số: 11/VPCP | Hà Nội, ngày 02 tháng 11 năm 2017. |") == (
        "Số: 11/VPCP\nHà Nội, ngày 02 tháng 11 năm 2017."
    )


@pytest.mark.parametrize("name", ["ke_hoach", "cong_dien", "cong_van_xa"])
def test_a_dispatch_without_tables_is_unchanged_by_bars_and_tabs(name: str) -> None:
    """A portal's bars and a PDF's tabs in a dispatch without a task table read as line breaks and spaces."""
    text = load(name)
    barred = re.sub(r" {4,}", "\t", text.replace("\n", " | ", 3))  # a portal's header table, a PDF's column gap
    barred = barred.replace(", ", ",\t", 3)
    assert "|" in barred and "\t" in barred
    assert extract(barred).to_dict() == extract(text).to_dict()
    assert "|" not in normalize(barred)


def test_extract_is_total_on_broken_tables() -> None:
    for text in ("STT | Nội dung | Chủ trì", "|", "\t", "Nội dung | Chủ trì\n| | |\nI | A", "x\n|---|\n"):
        extract(HEAD + text + TAIL, agency="Sở Y tế").to_dict()


# --- DOCX with a real table -------------------------------------------------------------------


def _docx_plan() -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    header = doc.add_table(rows=0, cols=2)  # the issuer and motto block, as dispatches lay it out
    for left, right in (("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                        ("TỈNH NINH BÌNH", "Độc lập - Tự do - Hạnh phúc"),
                        ("Số: 301/KH-UBND", "Ninh Bình, ngày 10 tháng 3 năm 2025")):
        cells = header.add_row().cells
        cells[0].text, cells[1].text = left, right
    for line in ("KẾ HOẠCH", "Thực hiện chuyển đổi số năm 2025", "Nơi nhận:", "- Như trên;", "- Lưu: VT.",
                 "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Khánh", "PHỤ LỤC",
                 "DANH MỤC NHIỆM VỤ (Kèm theo Kế hoạch số 301/KH-UBND ngày 10/3/2025 của UBND tỉnh)"):
        doc.add_paragraph(line)
    table = doc.add_table(rows=5, cols=5)
    values = [
        list(ROWS[0]),
        ["I", "NHIỆM VỤ CHUNG", "", "", ""],
        list(ROWS[1]),
        ["2", "Số hóa hồ sơ", "Sở Giáo dục và Đào tạo", "Các sở, ngành liên quan", "Quý III/2025"],
        ["3", "Số hóa học bạ", "", "", "Năm 2025"],
    ]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).paragraphs[0].text = value
    table.cell(1, 1).merge(table.cell(1, 4))  # the group row spans the columns after its number
    table.cell(3, 2).merge(table.cell(4, 2))  # one lead for two rows
    table.cell(3, 3).merge(table.cell(4, 3))
    shading = OxmlElement("w:shd")  # some formatting inside a cell changes nothing
    shading.set(qn("w:fill"), "D9D9D9")
    table.cell(0, 0)._tc.get_or_add_tcPr().append(shading)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_table_rows_are_tasks_like_the_pasted_table() -> None:
    result = read(_docx_plan(), "ke_hoach.docx")
    assert "1 | Xây dựng kế hoạch chuyển đổi số ngành y tế | Sở Y tế | Sở Tài chính; UBND các xã, phường | Tháng 6/2025" \
        in result.text.splitlines()
    r = extract(result.text)
    assert (r.number, r.issued) == ("301/KH-UBND", date(2025, 3, 10))
    assert r.signer is not None and r.signer.name == "Lê Văn Khánh"
    got = [(t.text, [(a.name, a.role) for a in t.assignees], t.deadline) for t in r.tasks]
    assert got == [
        ("Xây dựng kế hoạch chuyển đổi số ngành y tế", [("Sở Y tế", "lead"), ("Sở Tài chính", "coordinate")],
         date(2025, 6, 30)),
        ("Số hóa hồ sơ", [("Sở Giáo dục và Đào tạo", "lead")], date(2025, 9, 30)),
        ("Số hóa học bạ", [("Sở Giáo dục và Đào tạo", "lead")], date(2025, 12, 31)),  # the merged lead cell
    ]
    assert [t.role for t in extract(result.text, agency="UBND xã Yên Mạc").tasks] == ["coordinate"]
    assert extract(result.text, agency="Sở Nội vụ").tasks == ()  # "Các sở, ngành liên quan"


# --- text PDF (best effort: a row whose cells fit on one line) ---------------------------------


def test_text_pdf_table_with_one_line_cells() -> None:
    from docgen import FONT, FONT_BOLD
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in (HEAD + "Nơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLê Văn Khánh\nPHỤ LỤC").split("\n"):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(10, 50, 40, 40, 30)) as table:
        for values in [
            ("STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"),
            ("1", "Xây dựng kế hoạch", "Sở Y tế", "Sở Tài chính", "Tháng 6/2025"),
            ("2", "Số hóa hồ sơ học sinh", "Sở Giáo dục và Đào tạo", "Các sở, ngành", "Trước 30/9/2025"),
        ]:
            row = table.row()
            for value in values:
                row.cell(value)
    got = extract(read(bytes(pdf.output()), "ke_hoach.pdf").text).tasks
    assert [(t.text, t.deadline) for t in got] == [
        ("Xây dựng kế hoạch", date(2025, 6, 30)),
        ("Số hóa hồ sơ học sinh", date(2025, 9, 30)),
    ]


@pytest.mark.parametrize(
    ("cell", "deadline"),
    [("2026-2030", "2030-12-31"), ("Giai đoạn 2026 - 2030", "2030-12-31"), ("2026", "2026-12-31"),
     ("6/2026", "2026-06-30"), ("Quý III-IV/2026", "2026-12-31"), ("Quý IV", "2025-12-31"),
     ("Đến năm 2030", "2030-12-31"), ("Từ năm 2026", "None"), ("Năm 2026 và các năm tiếp theo", "None")],
)
def test_a_time_cell_without_a_marker_is_the_rows_deadline(cell: str, deadline: str) -> None:
    rows = ("STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành\n"
            f"1 | Xây dựng đề án chuyển đổi số của ngành y tế | Sở Y tế | {cell}")  # fmt: skip
    r = extract(dispatch_with("Giao các sở thực hiện các nhiệm vụ tại Phụ lục.\n\nPHỤ LỤC\n\n" + rows,
                              issued="ngày 18 tháng 11 năm 2025"), agency="Sở Y tế")  # fmt: skip
    assert [str(t.deadline) for t in r.tasks if t.text.startswith("Xây dựng đề án")] == [deadline]


def test_a_lead_line_that_names_doers_and_how_they_act_is_no_clause_of_its_own() -> None:
    """ "Đơn vị chủ trì thực hiện: Các cơ quan, đơn vị theo quy định." names who leads the item above it; the
    manner "theo quy định" does not make it a sentence of its own (which would leave the item without doers)."""
    text = HEAD + (
        "1. Thực hiện chế độ hỗ trợ đối với người làm công tác xây dựng pháp luật.\n\n"
        "Đơn vị chủ trì thực hiện: Các cơ quan, đơn vị theo quy định.\n\n"
        "Đơn vị phối hợp: Sở Tài chính, Sở Tư pháp.\n\n"
        "Thời gian thực hiện: Từ 01/7/2025." + TAIL
    )
    for agency, role in (("Sở Tài chính", "coordinate"), ("Sở Y tế", "all")):
        (task,) = extract(text, agency=agency).tasks
        assert (task.text[:30], task.role, task.deadline) == ("Thực hiện chế độ hỗ trợ đối vớ", role, None)
