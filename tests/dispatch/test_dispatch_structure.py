"""The anatomy of a dispatch: metadata, and which parts are tasks (fixtures written for these tests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from dispatch_helpers import dispatch_with

from dispatch import Extraction, extract

FIXTURES = Path(__file__).parent / "fixtures"


def read_18_11(body: str, agency: str | None = None) -> Extraction:
    """The extraction of `body` as a dispatch of UBND tỉnh issued on 18 November 2025."""
    return extract(dispatch_with(body, issued="ngày 18 tháng 11 năm 2025"), agency=agency)


def load(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def test_cong_dien_metadata_recipients_and_signer() -> None:
    r = extract(load("cong_dien"))
    assert (r.number, r.issued, r.place) == ("27/CĐ-UBND", date(2023, 10, 3), "Bắc Ninh")
    assert r.issuer == "UBND tỉnh Bắc Ninh"
    assert r.subject == "chủ động ứng phó với mưa lớn, ngập úng"
    assert r.recipients[1] == "Chủ tịch UBND các huyện, thị xã, thành phố"
    assert r.signer is not None and (r.signer.name, r.signer.title) == ("Nguyễn Văn Phong", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH")


def test_cong_dien_tasks_one_per_job_and_agency() -> None:
    r = extract(load("cong_dien"), received=date(2023, 10, 4))
    leads = [[a.name for a in t.assignees if a.role == "lead"] or [t.collective] for t in r.tasks]
    assert leads == [
        ["Sở Nông nghiệp và Phát triển nông thôn"],
        ["Sở Giao thông vận tải"],
        ["Công an tỉnh"],  # the second agency of item 2 gets its own task
        ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"],
        ["Các cơ quan, đơn vị"],
        ["Đài Phát thanh và Truyền hình tỉnh"],
    ]
    first = r.tasks[0]
    assert (first.deadline, str(first.deadline_time)) == (date(2023, 10, 5), "17:00:00")
    assert r.tasks[3].deadline == date(2023, 10, 11)  # 5 working days from receipt on 4/10
    assert r.tasks[4].to_dict()["recurrence"] == "daily"
    assert r.tasks[5].ongoing


def test_footnotes_distribution_list_and_closing_formula_are_not_tasks() -> None:
    texts = " ".join(t.text for t in extract(load("cong_dien")).tasks)
    assert "30/6/2023" not in texts  # the footnote's old deadline
    assert "Lưu: VT" not in texts and "Nơi nhận" not in texts
    assert "nghiêm túc thực hiện" not in texts
    # Sở Y tế is only in Nơi nhận: it gets nothing but the task of "các cơ quan, đơn vị" (everyone).
    assert [t.role for t in extract(load("cong_dien"), agency="Sở Y tế").tasks] == ["all"]


def test_headings_govern_their_bullets_in_a_plan() -> None:
    r = extract(load("ke_hoach"), agency="Sở Khoa học và Công nghệ")
    assert [(t.role, t.deadline, t.to_dict()["recurrence"]) for t in r.tasks] == [
        ("lead", date(2025, 6, 30), None),
        ("lead", date(2025, 3, 20), "monthly:20"),
        ("all", date(2025, 12, 15), None),
        ("all", None, None),
    ]
    assert r.subject == "Triển khai chuyển đổi số năm 2025"
    # purpose bullets (I. MỤC ĐÍCH, YÊU CẦU) have no doer and are not tasks
    assert all("hiệu quả quản lý" not in t.text for t in r.tasks)


def test_a_commune_gets_the_collective_bullets_but_not_a_departments_own() -> None:
    r = extract(load("ke_hoach"), agency="UBND xã Tam Kỳ")
    assert [t.text[:20] for t in r.tasks] == ["Triển khai thực hiện", "Cử cán bộ đầu mối th"]


def test_conclusion_notice_decisions_are_not_tasks_and_sentences_split_by_agency() -> None:
    r = extract(load("thong_bao"))
    assert r.number == "88/TB-VPUBND" and r.issuer == "Văn phòng UBND tỉnh"
    assert [(t.assignees[0].name, t.deadline) for t in r.tasks] == [
        ("Sở Tài nguyên và Môi trường", date(2024, 11, 30)),
        ("UBND huyện Kỳ Anh", date(2024, 12, 31)),
        ("Sở Tài chính", date(2024, 12, 10)),
    ]
    assert extract(load("thong_bao"), agency="UBND huyện Kỳ Anh").tasks[0].role == "coordinate"


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số: **3413**/UBND-TH", "3413/UBND-TH"),
        ("Số: 1507 /UBND-TH", "1507/UBND-TH"),
        ("Số: 14/2001/QĐ-UB", "14/2001/QĐ-UB"),
        ("Số: 27/CĐ-TTg", "27/CĐ-TTg"),
        ("Số: 1961/QĐUBND", "1961/QĐUBND"),
        ("Số 247-KL/TU", "247-KL/TU"),
    ],
)
def test_document_numbers_as_seen_in_the_wild(line: str, number: str) -> None:
    text = f"ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n{line}\nThái Nguyên, ngày 22 tháng 7 năm 2021\n\nNội dung."
    assert extract(text).number == number


def test_a_news_article_gives_the_dispatch_date_not_the_page_date() -> None:
    text = (
        "Thứ hai - 22/11/2021 03:29\n"
        "Ngày 19/11/2021, UBND tỉnh đã có văn bản số 5749/UBND-TH yêu cầu các Sở, Ban, ngành triển khai "
        "các nội dung sau:\n- Tăng cường phòng, chống dịch.\n"
    )
    r = extract(text, agency="Sở Y tế")
    assert (r.number, r.issued) == ("5749/UBND-TH", date(2021, 11, 19))
    assert [t.role for t in r.tasks] == ["all"]


def test_a_long_dispatch_pasted_in_parts_reads_the_same_as_one_paste() -> None:
    whole = load("ke_hoach")
    wrapped = "\n".join(part for line in whole.split("\n") for part in _wrap(line, 70))
    assert extract(wrapped).to_dict()["tasks"] == extract(whole).to_dict()["tasks"]


def _wrap(line: str, width: int) -> list[str]:
    words, out, cur = line.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    return [*out, cur]


def test_ministry_dispatch_speaks_to_provinces_and_the_departments_they_direct() -> None:
    text = load("bo_y_te")
    r = extract(text)
    assert (r.number, r.issuer) == ("4512/BYT-KCB", "Bộ Y tế")
    # "Bộ Y tế đề nghị Quý Ủy ban ..." is the issuer asking, not a task of Bộ Y tế.
    assert all(not t.text.startswith("Bộ Y tế") for t in r.tasks)
    for agency in ("UBND tỉnh Đồng Nai", "Sở Y tế"):
        got = extract(text, agency=agency).tasks
        assert [str(t.deadline) for t in got] == ["None", "None", "2024-02-15"], agency
    assert str(extract(text, agency="Sở Y tế").tasks[2].deadline_time) == "10:00:00"
    assert extract(text, agency="Sở Nội vụ").tasks == ()


def test_single_addressee_dispatch_keeps_the_job_from_the_assignment_on() -> None:
    r = extract(load("mot_don_vi"), agency="Sở Y tế")
    assert r.recipients == ("Sở Y tế",)
    assert len(r.tasks) == 1
    task = r.tasks[0]
    assert task.text.startswith("Giao Sở Y tế nghiên cứu")
    assert (task.role, str(task.deadline)) == ("lead", "2024-02-10")


def test_letter_items_under_a_lead_in_and_a_standing_body() -> None:
    r = extract(load("ke_hoach_thanh_pho"), agency="Sở Nội vụ")
    assert [(t.role, str(t.deadline), t.to_dict()["recurrence"]) for t in r.tasks] == [
        ("all", "None", None),
        ("all", "2025-06-15", "quarterly:15"),
        ("lead", "2025-12-20", None),
    ]
    commune = extract(load("ke_hoach_thanh_pho"), agency="UBND quận Ba Đình")
    assert [t.role for t in commune.tasks] == ["all", "all"]


def test_portal_news_dates_and_directed_groups() -> None:
    text = load("tin_pccc")
    r = extract(text)
    assert (r.number, str(r.issued)) == ("987/UBND-NC", "2024-03-14")
    police = extract(text, agency="Công an tỉnh").tasks
    # "...; hoàn thành trước ngày 30/4/2024" closes the same job, it is not a second one.
    assert [(t.role, str(t.deadline)) for t in police] == [("lead", "2024-04-30")]
    # "chỉ đạo các cơ quan báo chí" names the press, not every agency.
    assert extract(text, agency="Sở Tài chính").tasks == ()
    commune = extract(text, agency="UBND xã Tân Lập").tasks
    assert [(t.role, str(t.deadline)) for t in commune] == [("all", "2024-05-15")]


def test_conclusion_with_sub_items_and_an_event_anchored_period() -> None:
    text = load("ket_luan_so_nn")
    r = extract(text)
    assert r.issuer is None  # "THÔNG BÁO" is the kind of document, not its issuer
    assert not any(t.text.startswith(("Biểu dương", "Trong thời gian tới")) for t in r.tasks)
    dept = extract(text, agency="Sở Nông nghiệp và PTNT").tasks
    assert [str(t.deadline) for t in dept] == ["None", "2023-10-31", "2023-09-15"]
    finance = extract(text, agency="Sở Tài chính").tasks
    assert [(t.role, str(t.deadline)) for t in finance] == [("coordinate", "2023-09-15"), ("lead", "None")]
    # 7 working days from receipt of a dossier: no date can be computed, the card asks the user.
    assert finance[1].relative is not None and "hồ sơ" in finance[1].relative


def test_place_date_without_its_comma_and_a_decision_announced_in_the_news() -> None:
    header = "ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nSố: 12/UBND-VP\nNam Định ngày 5 tháng 6 năm 2023\n\nNội dung."
    assert (str(extract(header).issued), extract(header).place) == ("2023-06-05", "Nam Định")
    news = "Ngày 5/6/2023, UBND tỉnh ban hành Quyết định số 1234/QĐ-UBND về việc phê duyệt kế hoạch. Theo đó"
    r = extract(news)
    assert (r.number, str(r.issued), r.subject) == ("1234/QĐ-UBND", "2023-06-05", "phê duyệt kế hoạch")


def test_decision_articles_assign_and_the_enforcement_article_does_not() -> None:
    r = extract(load("quyet_dinh"))
    assert (r.number, r.subject) == ("2150/QĐ-UBND", "phê duyệt Kế hoạch chuyển đổi số năm 2024")
    assert [(t.assignees[0].name, str(t.deadline), t.to_dict()["recurrence"]) for t in r.tasks] == [
        ("Sở Thông tin và Truyền thông", "None", None),
        ("Sở Thông tin và Truyền thông", "2024-12-15", "yearly:12-15"),
        ("Sở Tài chính", "None", None),  # "trong dự toán năm 2025" is a budget, not a deadline
    ]


@pytest.mark.parametrize(
    ("agency", "role", "deadline", "time"),
    [
        # "1. Đối với Sở X" and "3. Sở X" over a paragraph without list marks govern that paragraph
        ("Sở Công Thương", "lead", "2021-09-10", None),
        ("Công an tỉnh", "lead", "2021-09-15", "15:00"),
        ("Sở Tài chính", "lead", "2021-09-30", None),
        # "Sở NN&PTNT phối hợp thực hiện" coordinates the job before it, and shares its date
        ("Sở Nông nghiệp và Phát triển nông thôn", "coordinate", "2021-09-20", None),
    ],
)
def test_agency_headings_without_list_marks_and_bare_coordination(
    agency: str, role: str, deadline: str, time: str | None
) -> None:
    tasks = extract(load("ke_hoach_doi_voi"), agency=agency).to_dict()["tasks"]
    own = [t for t in tasks if t["collective"] is None]
    assert [(t["role"], t["deadline"], t["deadline_time"]) for t in own] == [(role, deadline, time)]


def test_addressees_separated_by_a_semicolon_are_one_job() -> None:
    tasks = extract(load("ke_hoach_doi_voi"), agency="UBND huyện Vĩnh Linh").to_dict()["tasks"]
    assert [(t["role"], t["deadline"]) for t in tasks] == [("all", "2021-09-30")]
    assert tasks[0]["text"].startswith("Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện")


@pytest.mark.parametrize("place", ["Quảng Ninh", "Quảng Trị", "Tuyên Quang", "Thái Nguyên"])
def test_issue_date_and_place_whatever_the_province_and_the_later_dates(place: str) -> None:
    # "Quảng ..." starts like the opener "qua", "Tuyên ..." like "từ": they are still places.
    text = (
        f"ỦY BAN NHÂN DÂN\nTỈNH {place.upper()}\nSố: 77/UBND-KT\n{place}, ngày 03 tháng 3 năm 2025\n\n"
        "V/v báo cáo tình hình\n\nKính gửi: Sở Y tế.\n\n"
        "Giao Sở Y tế báo cáo UBND tỉnh trước thứ Sáu, ngày 14/3/2025.\n\nNơi nhận:\n- Lưu: VT.\n"
    )
    r = extract(text, agency="Sở Y tế")
    assert (r.place, r.issued) == (place, date(2025, 3, 3))
    assert [str(t.deadline) for t in r.tasks] == ["2025-03-14"]


def test_a_heading_in_capitals_is_not_joined_to_the_sentence_under_it() -> None:
    r = extract(load("ke_hoach_doi_voi"))
    assert r.subject == "Kiểm tra thị trường dịp cuối năm 2021"
    assert not any("MỤC ĐÍCH" in t.text for t in r.tasks)


def test_a_letter_asking_quy_so_asks_its_addressees() -> None:
    # "Bộ Y tế đề nghị Quý Sở báo cáo ...": "Quý Sở" is whoever the letter is addressed to.
    for_health = extract(load("cong_van_bo_quy_so"), agency="Sở Y tế").to_dict()["tasks"]
    assert [(t["role"], t["deadline"], t["collective"]) for t in for_health] == [("lead", "2024-08-30", None)]
    # "Sở Y tế các tỉnh, thành phố" are the provinces' health departments, not the provinces
    assert extract(load("cong_van_bo_quy_so"), agency="UBND tỉnh Thái Nguyên").tasks == ()


def test_villages_are_not_the_commune_police() -> None:
    tasks = extract(load("cong_van_xa"), agency="Công an xã").to_dict()["tasks"]
    assert [(t["role"], t["deadline"]) for t in tasks] == [("lead", "2025-09-30")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),  # "Văn phòng UBND tỉnh đề nghị Sở nghiên cứu": "Sở" is the one addressee
        ("đề nghị Sở nghiên cứu", "chuyển Sở Tài chính nghiên cứu"),
        ("đề nghị Sở nghiên cứu", "chuyển đến Sở Tài chính nghiên cứu"),
    ],
)
def test_an_office_letter_forwarding_a_request_to_one_department(old: str, new: str) -> None:
    text = load("van_phong_chuyen").replace(old, new) if old else load("van_phong_chuyen")
    r = extract(text, agency="Sở Tài chính")
    assert r.subject == "tham mưu xử lý kiến nghị của doanh nghiệp"  # "Kính gửi" is not its wrapped end
    assert r.recipients == ("Sở Tài chính",)
    assert [(t.role, str(t.deadline)) for t in r.tasks] == [("lead", "2025-05-20")]
    assert extract(text, agency="Sở Y tế").tasks == ()


@pytest.mark.parametrize(
    "after",
    [
        "Cà Mau, ngày 11 tháng 11 năm 2025",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nCà Mau, ngày 11 tháng 11 năm 2025",
    ],
)
def test_a_subject_above_the_place_date_line_or_the_motto_ends_there(after: str) -> None:
    # PDF text often puts "V/v ..." before the motto and the date; a long subject line is no hard wrap
    text = (
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU\nSố: 6012/UBND-KT\n"
        "V/v góp ý dự thảo Quyết định quy định bảng giá đất trên địa bàn tỉnh Cà Mau\n"
        f"{after}\nKính gửi: Các sở, ban, ngành tỉnh.\n"
        "Đề nghị các sở, ban, ngành góp ý dự thảo, gửi về Sở Tư pháp trước ngày 20/11/2025.\n"
        "Yêu cầu Sở Y tế rà soát danh mục thuốc, báo cáo UBND tỉnh trước ngày 25/11/2025.\n"
        "Giao Sở Tài chính bố trí kinh phí thực hiện, hoàn thành trước ngày 30/11/2025.\n"
    )
    r = extract(text)
    assert r.subject == "góp ý dự thảo Quyết định quy định bảng giá đất trên địa bàn tỉnh Cà Mau"
    assert (r.issued, r.place) == (date(2025, 11, 11), "Cà Mau")


@pytest.mark.parametrize(
    "aims",
    [
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao chất lượng phục vụ.\n2. Yêu cầu\n"
        "Các cơ quan, đơn vị triển khai đồng bộ, hiệu quả các giải pháp.\nII. TỔ CHỨC THỰC HIỆN",
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao chất lượng phục vụ.\n2. Yêu cầu\n"
        "- Các cơ quan, đơn vị bám sát nhiệm vụ được giao.\n- Bảo đảm tiết kiệm, hiệu quả.\nII. TỔ CHỨC THỰC HIỆN",
        "1. Mục đích: Nâng cao chất lượng phục vụ.\n2. Yêu cầu: Các cơ quan, đơn vị triển khai đồng bộ.\n"
        "3. Tổ chức thực hiện",
    ],
)
def test_a_plans_aims_and_requirements_are_no_tasks(aims: str) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSố: 100/KH-UBND\nThái Nguyên, ngày 22 tháng 7 năm 2025\n"
        f"KẾ HOẠCH\nCải cách hành chính năm 2025\n{aims}\n"
        "a) Sở Nội vụ chủ trì theo dõi, báo cáo UBND tỉnh trước ngày 15/12/2025.\n"
        "b) Các sở, ban, ngành thực hiện nghiêm kỷ luật, kỷ cương hành chính.\nNơi nhận:\n- Lưu: VT.\n"
    )
    tasks = extract(text, agency="Sở Y tế").tasks
    assert [t.text[:20] for t in tasks] == ["Các sở, ban, ngành t"]
    assert [t.deadline for t in extract(text, agency="Sở Nội vụ").tasks] == [date(2025, 12, 15), None]


@pytest.mark.parametrize(
    ("agency", "starts"),
    [
        # "Chủ tịch UBND các tỉnh nêu trên:" is a heading over its letters, not a task of its own
        ("UBND tỉnh Nghệ An", ["Tổ chức sơ tán", "Bố trí lực lượng"]),
        # "Bộ trưởng Bộ X" is the minister's ministry; "Bộ trưởng các Bộ: Quốc phòng, Công an" both of them
        ("Bộ Nông nghiệp và Môi trường", ["Bộ trưởng Bộ Nông nghiệp và Môi trường chỉ đạo"]),
        ("Bộ Công an", ["Bộ trưởng các Bộ: Quốc phòng, Công an chỉ đạo"]),
        ("Bộ Quốc phòng", ["Bộ trưởng các Bộ: Quốc phòng, Công an chỉ đạo"]),
        ("Bộ Công Thương", ["Bộ trưởng Bộ Công Thương chỉ đạo"]),
        # the Government Office follows up: a task, though the office is close to the issuer
        ("Văn phòng Chính phủ", ["Văn phòng Chính phủ theo dõi"]),
    ],
)
def test_prime_minister_cable_to_ministers_and_provinces(agency: str, starts: list[str]) -> None:
    tasks = extract(load("cong_dien_ttg"), agency=agency).tasks
    assert [t.text[: len(s)] for t, s in zip(tasks, starts, strict=False)] == starts
    assert len(tasks) == len(starts)


def test_investors_are_a_group_a_heading_names() -> None:
    body = (
        "Chủ tịch UBND tỉnh yêu cầu:\n1. Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các xã, phường, các chủ đầu tư:\n"
        "a) Đẩy nhanh tiến độ thi công, nghiệm thu, thanh toán khối lượng hoàn thành.\n"
        "2. Kho bạc Nhà nước tỉnh kiểm soát, thanh toán kịp thời cho các dự án."
    )
    tasks = extract(dispatch_with(body), agency="Kho bạc Nhà nước tỉnh").tasks
    assert [t.text[:15] for t in tasks] == ["Đẩy nhanh tiến ", "Kho bạc Nhà nướ"]
    assert [a.name for a in tasks[1].assignees] == ["Kho bạc Nhà nước tỉnh"]


@pytest.mark.parametrize(
    ("head", "issuer"),
    [
        ("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN", "UBND tỉnh Thái Nguyên"),
        ("UBND TỈNH QUẢNG NINH\nSỞ Y TẾ", "Sở Y tế"),  # the superior above, the issuing department below
        ("UBND TỈNH THÁI NGUYÊN\nVĂN PHÒNG", "Văn phòng UBND tỉnh Thái Nguyên"),
        ("BỘ Y TẾ\nCỤC QUẢN LÝ KHÁM, CHỮA BỆNH", "Cục quản lý khám, chữa bệnh"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        ("THÔNG TIN CHỈ ĐẠO ĐIỀU HÀNH", None),  # a portal's heading is not an issuer
    ],
)
def test_issuer_from_the_header_block(head: str, issuer: str | None) -> None:
    text = f"{head}\nSố: 12/KH-SYT\nQuảng Ninh, ngày 05 tháng 3 năm 2025\nV/v báo cáo\nKính gửi: Sở Tài chính.\n"
    assert extract(text + "Đề nghị Sở báo cáo trước ngày 20/3/2025.\n").issuer == issuer


@pytest.mark.parametrize(
    ("agency", "expected"),
    [
        ("Tổ công tác", [("Giúp Chủ tịch UBND x", "lead", None), ("Xây dựng kế hoạch ch", "lead", date(2025, 12, 20))]),
        ("Phòng Văn hóa - Xã hội", [("Phòng Văn hóa - Xã h", "lead", date(2025, 11, 13))]),
    ],
)
def test_an_article_naming_a_body_governs_its_items(agency: str, expected: list[tuple[str, str, date | None]]) -> None:
    tasks = extract(load("quyet_dinh_to_cong_tac"), agency=agency).tasks
    assert [(t.text[:20], t.role, t.deadline) for t in tasks] == expected


@pytest.mark.parametrize(
    ("heading", "agency", "role"),
    [
        ("II. NHIỆM VỤ CỦA SỞ Y TẾ", "Sở Y tế", "lead"),
        ("II. TRÁCH NHIỆM CỦA UBND CÁC XÃ, PHƯỜNG", "UBND xã Tân Lập", "all"),
        ("II. TRÁCH NHIỆM CỦA UBND CÁC XÃ, PHƯỜNG", "Sở Y tế", None),
    ],
)
def test_a_part_naming_an_agency_governs_its_items(heading: str, agency: str, role: str | None) -> None:
    body = (
        "I. MỤC ĐÍCH\nBảo đảm an toàn thực phẩm.\n"
        "Yêu cầu các Sở, Ban, ngành thực hiện các nhiệm vụ sau:\n"
        f"{heading}\n1. Tăng cường kiểm tra an toàn thực phẩm tại các chợ đầu mối.\n"
    )
    tasks = extract(dispatch_with(body), agency=agency).tasks
    assert [t.role for t in tasks] == ([role] if role else [])


@pytest.mark.parametrize(
    ("item", "agency", "role"),
    [
        ("4. Chế độ báo cáo: Các cơ quan, đơn vị báo cáo kết quả định kỳ hằng quý.", "Sở Y tế", "all"),
        ("4. Chế độ báo cáo: UBND các xã, phường báo cáo kết quả định kỳ hằng quý.", "UBND xã Tân Lập", "all"),
        ("4. Chế độ báo cáo: UBND các xã, phường báo cáo kết quả định kỳ hằng quý.", "Sở Y tế", None),
        ("2. Kinh phí: Sở Tài chính bố trí kinh phí thực hiện.", "Sở Tài chính", "lead"),
    ],
)
def test_a_short_label_before_a_colon_is_not_the_subject(item: str, agency: str, role: str | None) -> None:
    body = f"IV. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì hướng dẫn thực hiện.\n{item}"
    tasks = extract(dispatch_with(body), agency=agency).tasks
    assert [t.role for t in tasks] == ([role] if role else [])


_HEAD = "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\n-------\nSố: 15/CT-UBND\nHà Tĩnh, ngày 10 tháng 10 năm 2025\n\n"
_BODY = "\nGiao Sở Tài chính bố trí kinh phí thực hiện, hoàn thành trước ngày 30/11/2025.\n"


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        # a title in capitals under the type, its "VỀ" / "VỀ VIỆC" dropped, wrapped until the case changes
        ("CHỈ THỊ\n\nVỀ TĂNG CƯỜNG CÔNG TÁC QUẢN LÝ TÀI NGUYÊN NƯỚC\nDƯỚI ĐẤT TRÊN ĐỊA BÀN TỈNH\n",
         "TĂNG CƯỜNG CÔNG TÁC QUẢN LÝ TÀI NGUYÊN NƯỚC DƯỚI ĐẤT TRÊN ĐỊA BÀN TỈNH"),
        ("CÔNG ĐIỆN\nVỀ VIỆC TẬP TRUNG\nỨNG PHÓ MƯA LŨ TẠI KHU VỰC TRUNG BỘ\nSở Xây dựng các tỉnh:",
         "TẬP TRUNG ỨNG PHÓ MƯA LŨ TẠI KHU VỰC TRUNG BỘ"),
        # a notice's title is kept whole; a word split over lines ("KẾT / LUẬN") is joined
        ("THÔNG BÁO\n\nKẾT\nLUẬN CỦA CHỦ TỊCH UBND TỈNH TẠI CUỘC HỌP VỀ GIẢI NGÂN VỐN ĐẦU TƯ CÔNG\n\n",
         "KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH TẠI CUỘC HỌP VỀ GIẢI NGÂN VỐN ĐẦU TƯ CÔNG"),
        # a line of digits does not change the case of a title
        ("KẾ HOẠCH\n\nPHÁT TRIỂN KINH TẾ SỐ TỈNH GIAI ĐOẠN\n2026 - 2030\n\n", "PHÁT TRIỂN KINH TẾ SỐ TỈNH GIAI ĐOẠN 2026 - 2030"),
        # the type and the title on one line
        ("CHỈ THỊ VỀ LẬP KẾ HOẠCH ĐẦU TƯ CÔNG TRUNG HẠN\nThực hiện Luật Đầu tư công, Chủ tịch UBND tỉnh yêu cầu:",
         "LẬP KẾ HOẠCH ĐẦU TƯ CÔNG TRUNG HẠN"),
    ],
)
def test_the_subject_is_the_title_under_the_document_type(title: str, subject: str) -> None:
    assert extract(_HEAD + title + _BODY).subject == subject


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("UBND tỉnh vừa có văn bản gửi Sở Tài nguyên và Môi trường về việc đẩy nhanh lập quy hoạch sử dụng đất.\n",
         "đẩy nhanh lập quy hoạch sử dụng đất"),
        ("Ngày 04/02/2016, UBND tỉnh ban hành Công điện số 06/CĐ-UBND v/v thống kê thiệt hại do rét đậm, rét hại.\n",
         "thống kê thiệt hại do rét đậm, rét hại"),
        # a document the text only cites is not the one it restates
        ("Thực hiện Văn bản số 43-CV/TU ngày 12/11/2025 về việc tăng cường quản lý đấu thầu.\n", None),
    ],
)
def test_a_restatement_gives_the_subject_of_the_document_it_reports(text: str, subject: str | None) -> None:
    assert extract(text + _BODY).subject == subject


def test_a_dispatch_copied_without_its_header_is_numbered_by_its_appendix_not_by_what_it_cites() -> None:
    text = (
        "Kính gửi: Sở Tài chính.\n"
        "Trên cơ sở đề xuất của Sở Xây dựng tại Công văn số 12252/SXD-QLN ngày 17 tháng 11 năm 2025, "
        "Chủ tịch UBND tỉnh chỉ đạo như sau:\n"
        "1. Giao Sở Tài chính bố trí kinh phí thực hiện, hoàn thành trước ngày 30/12/2025.\n"
        "PHỤ LỤC\nDANH MỤC CÔNG TRÌNH\n*(Kèm theo Công văn số 4001/UBND-ĐT ngày 24 tháng 11 năm 2025\n"
        "của Ủy ban nhân dân tỉnh)*\n"
    )
    r = extract(text)
    assert (r.number, r.issued) == ("4001/UBND-ĐT", date(2025, 11, 24))


_PLAN_ITEMS = """II. NỘI DUNG
1. Tổ chức tuyên truyền, phổ biến pháp luật về bảo vệ dữ liệu cá nhân
- Cơ quan thực hiện: Sở Công an, Sở Tư pháp, Sở Văn hóa, Thể thao và Du lịch.
- Cơ quan phối hợp: các sở, ban, ngành và UBND các xã, phường.
- Thời gian thực hiện: năm 2025 và các năm tiếp theo.
2. Xây dựng quy chế phối hợp quản lý dữ liệu
+ Nội dung: quy định trách nhiệm của các cơ quan trong việc chia sẻ dữ liệu.
+ Cơ quan chủ trì: Sở Tư pháp.
+ Cơ quan phối hợp: Văn phòng UBND tỉnh, Sở Công an và các cơ quan có liên quan.
+ Thời hạn ban hành: trước ngày 31 tháng 12 năm 2025.
3. Rà soát văn bản quy phạm pháp luật
- Cơ quan thực hiện: Sở Công an tiến hành rà soát các văn bản có liên quan.
- Thời gian thực hiện:
+ Các sở, ban, ngành gửi kết quả rà soát về Sở Công an trước ngày 15 tháng 12 năm 2025.
+ Sở Công an tổng hợp kết quả rà soát, báo cáo UBND tỉnh trước ngày 31 tháng 12 năm 2025."""


@pytest.mark.parametrize(
    ("agency", "expected"),
    [
        # (start of the task, role, deadline) for each task of the agency, in order
        ("Sở Tư pháp", [("Tổ chức tuyên truyền", "lead", None), ("Xây dựng quy chế", "lead", "2025-12-31"),
                        ("Các sở, ban, ngành gửi kết quả", "all", "2025-12-15")]),
        ("Sở Công an", [("Tổ chức tuyên truyền", "lead", None), ("Xây dựng quy chế", "coordinate", "2025-12-31"),
                        ("Sở Công an tiến hành rà soát", "lead", None),
                        ("Các sở, ban, ngành gửi kết quả", "all", "2025-12-15"),
                        ("Sở Công an tổng hợp", "lead", "2025-12-31")]),
        # a collective among the coordinators of a labelled line is a manner of working, not a task
        ("Sở Y tế", [("Các sở, ban, ngành gửi kết quả", "all", "2025-12-15")]),
    ],
)
def test_an_item_with_labelled_lines_is_one_task_of_its_lead_line(
    agency: str, expected: list[tuple[str, str, str | None]]
) -> None:
    r = extract(dispatch_with(_PLAN_ITEMS, issued="ngày 1 tháng 12 năm 2025"), agency=agency).to_dict()
    got = [(t["text"], t["role"], t["deadline"]) for t in r["tasks"]]
    assert len(got) == len(expected), got
    assert [(g[0][: len(e[0])], g[1], g[2]) for g, e in zip(got, expected, strict=True)] == expected, got


def test_a_plan_issued_by_a_decision_is_read_after_the_decisions_signer() -> None:
    text = (
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 2623/QĐ-TTg\nHà Nội, ngày 29 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\n"
        "Ban hành Kế hoạch triển khai thi hành Luật Bảo vệ dữ liệu cá nhân\n\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thi hành Luật.\n"
        "Điều 2. Quyết định này có hiệu lực thi hành từ ngày ký ban hành.\n\n"
        "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\nTHỦ TƯỚNG\n\nPhạm Minh Chính\n\n"
        "KẾ HOẠCH\n\nTRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ LIỆU CÁ NHÂN\n\n"
        "*(Kèm theo Quyết định số /QĐ-TTg ngày tháng năm 2025 của Thủ tướng Chính phủ)*\n\n"
        "1. Bộ Công an xây dựng Cổng thông tin quốc gia về bảo vệ dữ liệu cá nhân, hoàn thành trước ngày 31/12/2026.\n"
    )
    r = extract(text, agency="Bộ Công an")
    assert [(t.text[:30], str(t.deadline)) for t in r.tasks] == [("Bộ Công an xây dựng Cổng thông", "2026-12-31")]
    assert (r.number, str(r.issued)) == ("2623/QĐ-TTg", "2025-11-29")


def test_an_item_without_a_doer_over_sub_items_is_their_topic_not_a_task() -> None:
    body = (
        "UBND tỉnh yêu cầu các sở, ban, ngành thực hiện các nội dung sau:\n"
        "1. Hoàn thành giải ngân vốn đầu tư công trong năm 2025\n"
        "a) Sở Tài chính rà soát, điều chuyển vốn của các dự án chậm giải ngân.\n"
        "b) Sở Xây dựng đôn đốc các chủ đầu tư đẩy nhanh tiến độ, báo cáo trước ngày 15/12/2025.\n"
        "2. Tăng cường kiểm tra, giám sát các dự án trọng điểm.\n"
    )
    r = extract(dispatch_with(body, issued="ngày 18 tháng 11 năm 2025"), agency="Sở Tài chính")
    got = [(t.text[:20], t.role, str(t.deadline)) for t in r.tasks]
    # the topic is no task; its year dates the job under it; the item without sub-items is the collective's task
    assert got == [("Sở Tài chính rà soát", "lead", "2025-12-31"), ("Tăng cường kiểm tra,", "all", "None")]
    r = extract(dispatch_with(body, issued="ngày 18 tháng 11 năm 2025"), agency="Sở Xây dựng")
    assert [str(t.deadline) for t in r.tasks][:1] == ["2025-12-15"]  # its own date comes first


@pytest.mark.parametrize(
    ("sentence", "task"),
    [
        ("Các sở, ngành liên quan chịu trách nhiệm trước UBND tỉnh về tiến độ các dự án.", False),
        ("Chủ tịch UBND các huyện phải chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu để xảy ra chậm trễ.", False),
        ("Các sở, ngành chịu trách nhiệm toàn diện trước UBND tỉnh về tính chính xác của số liệu.", False),
        # a verb after it, or a job before it, is a task
        ("Các sở, ngành chịu trách nhiệm tổ chức thực hiện Kế hoạch, báo cáo trước ngày 30/11/2025.", True),
        ("Các sở, ngành khẩn trương rà soát số liệu, chịu trách nhiệm trước UBND tỉnh về kết quả.", True),
    ],
)
def test_a_responsibility_statement_is_not_a_task(sentence: str, task: bool) -> None:
    r = extract(dispatch_with(sentence, issued="ngày 18 tháng 11 năm 2025"), agency="Sở Y tế")
    assert bool(r.tasks) is task, [t.text for t in r.tasks]


_DOER_HEADINGS = """Chủ tịch UBND thành phố yêu cầu các cơ quan, đơn vị thực hiện:
1. Sở Y tế
a) Kiểm tra chất lượng nước cấp cho mục đích sinh hoạt.
2. Báo và Phát thanh, Truyền hình thành phố
a) Đẩy mạnh tuyên truyền về bảo vệ tài nguyên nước.
3. Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm
a) Mở rộng mạng lưới cấp nước tập trung.
4. Các Sở Xây dựng nêu trên
a) Chỉ đạo các đơn vị kiểm tra các vị trí có nguy cơ ngập úng.
5. Các tổ chức, cá nhân và hộ gia đình khai thác sử dụng tài nguyên nước dưới đất trên địa bàn có trách nhiệm
a) Hạn chế khoan, đào mới các giếng khai thác nước dưới đất.
6. Tăng cường thanh tra, kiểm tra
a) Các sở, ngành kiểm tra việc chấp hành pháp luật về tài nguyên nước."""


@pytest.mark.parametrize(
    ("agency", "tasks"),
    [
        # a heading naming a body the data does not know governs its sub-items: they are not everyone's
        ("Sở Y tế", [("Kiểm tra chất lượng", "lead"), ("Các sở, ngành kiểm", "all")]),
        ("Sở Tài chính", [("Các sở, ngành kiểm", "all")]),
        # a plural of bodies covers the bodies whose names start so; "nêu trên" points at the ones named
        # above, each of which leads its own job
        ("Sở Xây dựng tỉnh Gia Lai", [("Chỉ đạo các đơn vị", "lead"), ("Các sở, ngành kiểm", "all")]),
    ],
)
def test_a_heading_naming_doers_over_sub_items_gives_them_its_doers(agency: str, tasks: list[tuple[str, str]]) -> None:
    r = read_18_11(_DOER_HEADINGS, agency)
    assert [(t.text[: len(e[0])], t.role) for t, e in zip(r.tasks, tasks, strict=False)] == tasks
    assert len(r.tasks) == len(tasks), [t.text for t in r.tasks]


def test_numbered_sub_items_under_an_introducing_item_are_its_doers_jobs() -> None:
    body = (
        "1. Sở Tài chính là cơ quan đầu mối tiếp nhận hồ sơ đầu tư.\n"
        "2. Các sở, ban, ngành: Là các đơn vị được lấy ý kiến, chịu trách nhiệm trước UBND tỉnh các nội dung sau:\n"
        "2.1. Trách nhiệm chung\n"
        "Các đơn vị được lấy ý kiến thẩm định theo chức năng quản lý.\n"
        "a) Đánh giá sự phù hợp của dự án với quy hoạch tỉnh.\n"
        "b) Đánh giá hiệu quả kinh tế - xã hội của dự án.\n"
    )
    r = extract(dispatch_with(body, issued="ngày 18 tháng 11 năm 2025"), agency="Sở Y tế")
    assert [(t.text[:24], t.role) for t in r.tasks] == [
        ("Đánh giá sự phù hợp của ", "all"), ("Đánh giá hiệu quả kinh t", "all")
    ]


def test_a_short_heading_with_doers_over_sub_items_is_not_a_task_itself() -> None:
    body = (
        "1. Các sở, ngành tăng cường quản lý đầu tư\n"
        "a) Rà soát các dự án chậm tiến độ.\n"
        "b) Báo cáo kết quả trước ngày 15/12/2025.\n"
    )
    r = extract(dispatch_with(body, issued="ngày 18 tháng 11 năm 2025"), agency="Sở Y tế")
    assert [(t.text[:12], t.role) for t in r.tasks] == [("Rà soát các ", "all"), ("Báo cáo kết ", "all")]


_LETTER_INTRODUCES = """1. Giao các sở, ngành thực hiện các nội dung sau:
a) Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Y tế:
- Xây dựng chương trình tập huấn cho giáo viên về phòng chống thiên tai.
- Lồng ghép nội dung phòng chống thiên tai vào môn học.
b) Giao Ban Quản lý các khu công nghiệp chỉ đạo các đơn vị kinh doanh hạ tầng có trách nhiệm:
- Duy trì hoạt động cấp nước cho các khu công nghiệp.
c) Rà soát danh mục công trình khai thác nước dưới đất."""


@pytest.mark.parametrize(
    ("agency", "tasks"),
    [
        # the lettered item naming its doers over bullets: the bullets are its lead's and coordinators' jobs
        ("Sở Giáo dục và Đào tạo", [("Xây dựng chương trình", "lead"), ("Lồng ghép nội dung", "lead"),
                                    ("Rà soát danh mục", "all")]),
        ("Sở Y tế", [("Xây dựng chương trình", "coordinate"), ("Lồng ghép nội dung", "coordinate"),
                     ("Rà soát danh mục", "all")]),
        # "... có trách nhiệm:" only introduces: the bullet is the body's job, not everyone's, nor one more task
        ("Ban Quản lý các khu công nghiệp", [("Duy trì hoạt động", "lead"), ("Rà soát danh mục", "all")]),
        ("Sở Tài chính", [("Rà soát danh mục", "all")]),
    ],
)
def test_a_lettered_item_naming_its_doers_over_bullets_governs_them(agency: str, tasks: list[tuple[str, str]]) -> None:
    r = read_18_11(_LETTER_INTRODUCES, agency)
    assert [(t.text[: len(e[0])], t.role) for t, e in zip(r.tasks, tasks, strict=False)] == tasks
    assert len(r.tasks) == len(tasks), [t.text for t in r.tasks]


@pytest.mark.parametrize(
    ("item", "names", "start"),
    [
        # a known name wrapped over the line: the item is both bodies' job, not a heading over a stray line
        ("b) Bộ Tài chính và Ngân hàng\nNhà nước Việt Nam nghiên cứu các chính sách bảo hiểm thiên tai.",
         ["Bộ Tài chính", "Ngân hàng Nhà nước Việt Nam"], "Bộ Tài chính và Ngân hàng Nhà nước Việt Nam nghiên cứu"),
        # the capitalised first word of the job is not part of an unknown body's name
        ("a) Cục Hợp tác quốc tế\nKhẩn trương hoàn thành phương án cắt giảm thủ tục hành chính.",
         ["Cục Hợp tác quốc tế"], "Khẩn trương hoàn thành phương án"),
    ],
)
def test_a_name_wrapped_over_a_line_is_read_whole(item: str, names: list[str], start: str) -> None:
    body = "Yêu cầu các cơ quan thực hiện các nội dung sau:\n" + item
    r = read_18_11(body)
    assert [t.text[: len(start)] for t in r.tasks] == [start]
    assert [(a.name, a.role) for a in r.tasks[0].assignees] == [(n, "lead") for n in names]


def test_a_data_appendix_after_the_signer_is_no_task_of_the_addressees() -> None:
    text = (
        "Kính gửi:\n- Sở Nông nghiệp và Môi trường;\n- Sở Xây dựng.\n\n"
        "1. Giao Sở Nông nghiệp và Môi trường, Sở Xây dựng triển khai cơ chế đặc thù theo Nghị quyết.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n\n"
        "Phụ lục:\nDanh mục các khu vực mỏ khoáng sản có thể áp dụng cơ chế đặc thù\n"
        "A. CÁC MỎ ĐÃ\nĐƯỢC CẤP PHÉP\n|\nTT\n|\nĐơn vị khai thác\n|\nKhu vực khoáng sản\n|\nSố giấy phép\n|\n|\n"
        "1\n|\nMỏ đá Thường Tân, xã Thường Tân\n|\n16/GP-UBND ngày 13/02/2018\n|\n4.602.000\n|\n|\n"
    )
    r = extract(dispatch_with(text, issued="ngày 24 tháng 11 năm 2025"), agency="Sở Xây dựng")
    assert [t.text[:30] for t in r.tasks] == ["Giao Sở Nông nghiệp và Môi trư"]


_LABELLED_BULLETS = """III. NHIỆM VỤ, GIẢI PHÁP

1. Nâng cao năng lực cho đội ngũ cán bộ xây dựng pháp luật

- Tăng cường công tác giáo dục chính trị, tư tưởng cho đội ngũ cán bộ, công chức xây dựng pháp luật.

- Nâng cao nhận thức, ý thức trách nhiệm của đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật.

*Đơn vị thực hiện: *Các
Sở, ngành, đơn vị, UBND cấp xã.

*Đơn vị phối hợp: *Sở Tư
pháp.

*Thời gian thực hiện: *Thường xuyên."""


@pytest.mark.parametrize(
    ("agency", "role"), [("Sở Tư pháp", "coordinate"), ("UBND các xã, phường", "lead"), ("Sở Y tế", "all")]
)
def test_labelled_lines_under_a_run_of_bullets_describe_every_bullet(agency: str, role: str) -> None:
    # the italic labels of a copied original ("*Đơn vị thực hiện: *Các" / "Sở, ...") read like plain ones
    r = read_18_11(_LABELLED_BULLETS, agency)
    assert [(t.text[:20], t.role) for t in r.tasks] == [("Tăng cường công tác ", role), ("Nâng cao nhận thức, ", role)]


@pytest.mark.parametrize(("agency", "roles"), [("UBND tỉnh Tuyên Quang", ["lead"]), ("UBND tỉnh Nghệ An", [])])
def test_a_group_of_places_wrapped_inside_a_name_names_only_those_places(agency: str, roles: list[str]) -> None:
    body = (
        "d) Ủy ban nhân dân các tỉnh, thành phố: Tuyên\n"
        "Quang, Đồng Nai, Hồ Chí Minh, Đồng Tháp quyết liệt chỉ đạo các chủ đầu tư, nhà\n"
        "thầu đẩy nhanh tiến độ thi công để hoàn thành các dự án theo đúng cam kết.\n"
    )
    r = read_18_11(body, agency)
    assert [t.role for t in r.tasks] == roles


def test_a_leader_reported_as_doing_something_is_no_task() -> None:
    # the person's name ends at its last capitalised word: "đã" starts no name, the sentence is narrative
    body = (
        "Ngày 14 tháng 11 năm 2025, Phó Thủ tướng Chính phủ\n"
        "Bùi Thanh Sơn đã chủ trì buổi làm việc với lãnh đạo tỉnh Phú Thọ về tình hình sản xuất kinh doanh.\n"
    )
    r = read_18_11(body)
    assert r.tasks == ()


def test_a_portal_page_repeating_its_lead_sentence_gives_the_job_once() -> None:
    # the headline repeats the body's assignment; it is one task, with the body's fuller wording and date
    text = (
        "UBND tỉnh giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính rà soát, xử lý kiến nghị của doanh"
        " nghiệp\n\n"
        "Sau khi xem xét đề nghị của Công ty, Chủ tịch UBND tỉnh có ý kiến chỉ đạo.\n\n"
        "Theo đó, UBND tỉnh giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính rà soát, xử lý kiến nghị"
        " của doanh nghiệp, báo cáo kết quả về UBND tỉnh trước ngày 20/8/2025.\n"
    )
    for agency, role in (("Sở Kế hoạch và Đầu tư", "lead"), ("Sở Tài chính", "coordinate")):
        r = extract(text, agency=agency)
        assert [(t.role, t.deadline) for t in r.tasks] == [(role, date(2025, 8, 20))]


@pytest.mark.parametrize("cell", ["31/10/2025 45", "x x 2", "IV", "Bộ trưởng", "2 1 9"])
def test_a_stray_table_cell_or_mark_is_no_task(cell: str) -> None:
    body = f"1. Giao Sở Y tế rà soát danh mục thuốc trước ngày 30/11/2025.\n\nSở Tài chính\n\n{cell}\n"
    r = read_18_11(body)
    assert [t.text[:20] for t in r.tasks] == ["Giao Sở Y tế rà soát"]


@pytest.mark.parametrize(
    ("body", "agency", "roles"),
    [
        # ministers named by title, with or without "các", are their ministries
        ("Ban Chỉ đạo đề nghị các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ quan tâm chỉ đạo tháo gỡ khó"
         " khăn cho địa phương, báo cáo kết quả trước ngày 03/12/2025.", "Bộ Y tế", ["all"]),
        ("Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ rà soát thủ tục hành chính, báo cáo"
         " trước ngày 15/12/2025.", "Bộ Tư pháp", ["all"]),
        # the enforcement article of a decision is no task, whatever titles open it
        ("Điều 3. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban"
         " nhân dân tỉnh, thành phố trực thuộc trung ương và các cơ quan, tổ chức có liên quan chịu trách nhiệm"
         " thi hành Quyết định này.", "Bộ Y tế", []),
        # "Bộ trưởng Bộ Công Thương" is one minister: his ministry's job only
        ("Bộ trưởng Bộ Công Thương chỉ đạo bảo đảm cung ứng xăng dầu.", "Bộ Y tế", []),
    ],
)
def test_titles_over_groups_name_the_groups(body: str, agency: str, roles: list[str]) -> None:
    r = read_18_11(body, agency)
    assert [t.role for t in r.tasks] == roles


def test_a_bracket_closed_on_the_next_line_keeps_the_sentence_whole() -> None:
    body = (
        "Đề nghị các Bộ báo cáo kết quả thực hiện về Ban Chỉ đạo của Chính phủ (qua\n"
        "Bộ Nội vụ) trước Thứ Tư ngày 03/12/2025 để tổng hợp, báo cáo cấp có thẩm quyền.\n"
    )
    r = extract(dispatch_with(body, issued="ngày 18 tháng 11 năm 2025"), agency="Bộ Nội vụ")
    assert [(t.text[:20], t.deadline) for t in r.tasks] == [("Đề nghị các Bộ báo c", date(2025, 12, 3))]


def test_a_directive_typed_with_a_capital_after_the_issuer_still_names_its_doer() -> None:
    body = "UBND tỉnh Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Tài chính xem xét đề nghị của Công ty."
    r = extract(dispatch_with(body, issued="ngày 18 tháng 11 năm 2025"), agency="Sở Kế hoạch và Đầu tư")
    assert [t.role for t in r.tasks] == ["lead"]


@pytest.mark.parametrize(
    ("body", "agency", "roles"),
    [
        # an elided list without a colon names each body (DOMAIN: "các sở NN&PTNT, Xây dựng" is two departments)
        ("Yêu cầu các sở NN&PTNT, Xây dựng kiểm tra an toàn hồ đập trước ngày 5/12/2025.", "Sở Xây dựng", ["lead"]),
        ("Các Bộ Quốc phòng, Công an chỉ đạo các đơn vị trực thuộc huy động lực lượng.", "Bộ Công an", ["lead"]),
        ("Các Bộ Quốc phòng, Công an chỉ đạo các đơn vị trực thuộc huy động lực lượng.", "Bộ Y tế", []),
        # one name after "các Sở" stays a plural of bodies ("Các Sở Xây dựng nêu trên")
        ("Yêu cầu các sở, ban, ngành kiểm tra an toàn hồ đập.", "Sở Xây dựng", ["all"]),
    ],
)
def test_an_elided_list_of_departments_names_each(body: str, agency: str, roles: list[str]) -> None:
    assert [t.role for t in read_18_11(body, agency).tasks] == roles


@pytest.mark.parametrize(
    "sentence",
    [
        "Đến nay, UBND thành phố Đà Nẵng chưa thực hiện việc rà soát, báo cáo trên Hệ thống 751.",
        "Đồng thời, Bộ Tài chính chưa ban hành Thông tư sửa đổi, bổ sung Thông tư số 44/2022/TT-BTC.",
    ],
)
def test_a_body_that_has_not_yet_done_something_is_told_of_not_tasked(sentence: str) -> None:
    assert read_18_11(sentence).tasks == ()


def test_bodies_that_work_together_each_lead() -> None:
    body = "Các Bộ: Nông nghiệp và Môi trường, Công Thương phối hợp chặt chẽ, rà soát vận hành hồ chứa thủy điện."
    (task,) = read_18_11(body).tasks
    assert [(a.name, a.role) for a in task.assignees] == [("Bộ Nông nghiệp và Môi trường", "lead"), ("Bộ Công Thương", "lead")]


def test_a_head_inside_an_unknown_name_is_read_whole() -> None:
    from dispatch.doers.agencybook import book

    got = book().mentions("Chánh Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia phối hợp với cơ quan chức năng")
    assert [m.text for m in got] == ["Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia"]


def test_a_decision_promulgating_a_plan_gives_its_proposer_no_task() -> None:
    # the preamble's title wraps before its body ("Bộ trưởng" / "Bộ Công an."), and the article's mark stands
    # on a line of its own: the proposer is no heading and promulgating the plan is nobody's job
    body = (
        "QUYẾT ĐỊNH\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n\nTheo đề nghị của Giám đốc\nSở Nội vụ.\n\n"
        "QUYẾT ĐỊNH:\n\nĐiều 1.\nBan hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2026.\n\n"
        "Điều 2. Sở Nội vụ hướng dẫn, kiểm tra việc thực hiện Kế hoạch, báo cáo trước ngày 15/12/2026."
    )
    r = read_18_11(body, agency="Sở Nội vụ")
    assert [(t.text[:25], str(t.deadline)) for t in r.tasks] == [("Sở Nội vụ hướng dẫn, kiểm", "2026-12-15")]


def test_a_periodic_report_after_a_job_is_a_task_of_its_own() -> None:
    # README: an item is split when it holds jobs with different deadlines; a report due every year is one
    body = (
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Các cơ quan, đơn vị, địa phương xây dựng Kế hoạch triển khai thực hiện "
        "xong trong tháng 12/2025. Định kỳ báo cáo UBND tỉnh (qua Sở Tư pháp) kết quả thực hiện Kế hoạch hằng "
        "năm (trước ngày 15 tháng 11) để tổng hợp.\n\n2. Sở Y tế kiểm tra các cơ sở. Báo cáo kết quả về UBND "
        "tỉnh trước ngày 20/12/2025."
    )
    r = read_18_11(body, agency="Sở Y tế")
    assert [(t.text[:30], str(t.deadline), t.to_dict()["recurrence"]) for t in r.tasks] == [
        ("Các cơ quan, đơn vị, địa phươn", "2025-12-31", None),
        ("Định kỳ báo cáo UBND tỉnh (qua", "2026-11-15", "yearly:11-15"),
        ("Sở Y tế kiểm tra các cơ sở. Bá", "2025-12-20", None),  # a one-off report stays with its job
    ]


def test_a_restatement_dates_the_dispatch_by_day_and_month_with_the_year_it_speaks_of() -> None:
    text = (
        "Ngày 21/ 5, UBND tỉnh ban hành Công văn số 846 /UBND-TH về việc báo cáo tình hình giải ngân kế hoạch "
        "đầu tư công năm 2019.\nGiao Sở Kế hoạch và Đầu tư tổng hợp chung, báo cáo trước ngày 24/5/2019."
    )
    r = extract(text)
    assert (r.number, r.issued) == ("846/UBND-TH", date(2019, 5, 21))


def test_a_body_that_approves_or_commends_is_given_no_task() -> None:
    body = (
        "1. Bộ Chính trị, Ban Bí thư cơ bản nhất trí với Tờ trình của Đảng uỷ Chính phủ.\n\n"
        "2. Ban Thường vụ Tỉnh ủy ghi nhận và biểu dương các cấp uỷ, Sở Nội vụ đã nỗ lực hoàn thành sắp xếp.\n\n"
        "3. Sở Nội vụ tổng hợp kết quả, báo cáo trước ngày 30/11/2025."
    )
    r = read_18_11(body)
    assert [t.text[:20] for t in r.tasks] == ["Sở Nội vụ tổng hợp k"]


def test_mass_organisations_headings_that_ask_and_names_broken_over_lines() -> None:
    body = (
        "6. Đề nghị: Hiệp hội\nDoanh nghiệp tỉnh, Hội Nông dân tỉnh, Liên minh Hợp tác xã tỉnh\n\n"
        "a) Tuyên truyền, vận động hội viên tham gia chuyển đổi số.\n\n"
        "7. Đề nghị Ủy ban Trung ương Mặt trận Tổ quốc Việt\nNam chủ trì giám sát việc thực hiện Kế hoạch.\n\n"
        "8. Sở Nông nghiệp và Môi trường\nchỉ đạo Chi cục Thủy lợi thực hiện các nội dung sau:\n\n"
        "- Rà soát các công trình thủy lợi, báo cáo trước ngày 15/12/2025.\n\n"
        "9. Viện, Trường phối hợp tổ chức hội thảo khoa học."
    )
    r = read_18_11(body)
    assert [(t.text[:24], [a.name for a in t.assignees]) for t in r.tasks] == [
        ("Tuyên truyền, vận động h", ["Hiệp hội Doanh nghiệp tỉnh", "Hội Nông dân tỉnh", "Liên minh Hợp tác xã tỉnh"]),
        ("Đề nghị Ủy ban Trung ươn", ["Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"]),
        ("Rà soát các công trình t", ["Sở Nông nghiệp và Môi trường", "Chi cục Thủy lợi"]),
    ]


def test_values_listed_under_a_job_are_no_tasks_of_their_own() -> None:
    body = (
        "1. Quỹ Bình ổn giá xăng dầu\n\n1.1. Trích lập Quỹ Bình ổn giá xăng dầu\n\n"
        "- Xăng E5RON92: 0 đồng/lít;\n- Xăng RON95: 0 đồng/lít;\n- Dầu madút: 0 đồng/kg.\n\n"
        "2. Sở Công Thương kiểm tra việc niêm yết giá, báo cáo trước ngày 30/11/2025."
    )
    r = read_18_11(body)
    assert [t.text[:26] for t in r.tasks][-1:] == ["Sở Công Thương kiểm tra vi"]
    assert not [t.text for t in r.tasks if "đồng/" in t.text]


def test_a_topic_remark_gives_way_to_the_doer_an_item_names_with_its_role() -> None:
    body = (
        "III. NHIỆM VỤ\n\nYêu cầu các bộ, ngành, địa phương thực hiện các nội dung sau:\n\n"
        "g) Về thi đua khen thưởng: Kết quả đạt được thời gian qua là nhờ sự nỗ lực của các thành viên Ban Chỉ đạo. "
        "Bộ Xây dựng với vai trò là cơ quan thường trực Ban Chỉ đạo, chủ động, phối hợp Bộ Nội vụ đánh giá nhiệm vụ "
        "của từng thành viên.\n\nh) Về giải ngân: khẩn trương giải ngân vốn đầu tư công trong năm 2025."
    )
    r = read_18_11(body, agency="Bộ Nội vụ")
    assert [(t.text[:22], t.role) for t in r.tasks] == [
        ("Bộ Xây dựng với vai tr", "coordinate"),
        ("Về giải ngân: khẩn trư", "all"),
    ]


def test_particulars_of_an_event_and_an_attached_form_are_no_jobs_of_the_addressees() -> None:
    text = (
        "BỘ TÀI CHÍNH\nSố: 17899/BTC-TCCB\nHà Nội, ngày 18 tháng 11 năm 2025\n\n"
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n\n"
        "Bộ Tài chính tổ chức 06 hội nghị tập huấn nghiệp vụ quản lý thuế cho cán bộ xã. Thông tin cụ thể như sau:\n\n"
        "1. Đối tượng:\n\n- Công chức, viên chức thuộc Thuế tỉnh, Thuế cơ sở.\n\n"
        "2. Thời gian:\n\n- Hội nghị 1: Gồm các tỉnh Hà Nội, Quảng Ninh, Hải Phòng.\n\n"
        "Bộ Tài chính trân trọng đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo các xã cử "
        "cán bộ tham dự, gửi danh sách trước ngày 24/11/2025.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
        "TL. BỘ TRƯỞNG\nCHÁNH VĂN PHÒNG\n\nPhạm Chí Thanh\n\nPHỤ LỤC 1\n\nMẪU DANH SÁCH ĐĂNG KÝ\n\n"
        "1. Hướng dẫn đăng ký:\n\n- Đăng ký cán bộ tham dự theo đường link của Bộ.\n\n- Tham gia nhóm Zalo của hội nghị."
    )
    r = extract(text, agency="UBND tỉnh Gia Lai")
    assert [(t.text[:30], t.role, str(t.deadline)) for t in r.tasks] == [
        ("Bộ Tài chính trân trọng đề ngh", "all", "2025-11-24"),  # as one of the provinces asked
    ]


def test_the_criteria_of_an_emulation_plan_are_no_tasks() -> None:
    body = (
        "III. ĐỐI TƯỢNG, TIÊU CHÍ THI ĐUA\n\n1. Tiêu chí thi đua\n\na) Đối với các sở, ban, ngành\n\n"
        "- Hoàn thành vượt mức các chỉ tiêu phát triển kinh tế - xã hội năm 2025.\n\n"
        "b) Đối với các doanh nghiệp\n\n- Sản xuất kinh doanh hiệu quả, bền vững.\n\n- Nội bộ đoàn kết, gương mẫu.\n\n"
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Sở Nội vụ hướng dẫn, tổng hợp kết quả thi đua, báo cáo trước ngày 15/12/2025."
    )
    r = read_18_11(body, agency="Sở Nội vụ")
    assert [t.text[:20] for t in r.tasks] == ["Sở Nội vụ hướng dẫn,"]


def test_a_forecast_names_places_and_a_heading_with_its_range_names_doers() -> None:
    body = (
        "Theo dự báo, từ nay đến ngày 18/11/2025 phía đông các tỉnh Quảng Ngãi, Gia Lai có mưa 200-400mm. "
        "Thủ tướng Chính phủ yêu cầu tập trung một số nhiệm vụ cụ thể sau:\n\n"
        "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa:\n\n"
        "a) Tổ chức theo dõi chặt chẽ, thông tin kịp thời về diễn biến mưa lũ.\n\n"
        "b) Chủ động sơ tán dân ở khu vực nguy hiểm."
    )
    r = read_18_11(body, agency="UBND tỉnh Gia Lai")
    assert [t.text[:22] for t in r.tasks] == ["Tổ chức theo dõi chặt ", "Chủ động sơ tán dân ở "]


def test_documents_listed_to_follow_and_society_are_nobodys_jobs() -> None:
    body = (
        "Để phát triển kinh tế - xã hội của tỉnh, UBND tỉnh yêu cầu các sở, ban, ngành thực hiện nghiêm các văn bản sau:\n\n"
        "- Nghị định số 214/2025/NĐ-CP ngày 04/8/2025 của Chính phủ quy định chi tiết Luật Đấu thầu;\n\n"
        "- Chỉ thị số 24/CT-TTg ngày 29/7/2024 của Thủ tướng Chính phủ về đấu thầu.\n\n"
        "Đồng thời, các sở, ban, ngành rà soát các gói thầu, báo cáo trước ngày 30/11/2025."
    )
    r = read_18_11(body, agency="Sở Y tế")
    assert [t.text[:26] for t in r.tasks] == ["Đồng thời, các sở, ban, ng"]
    assert all("xã hội" not in (t.collective or "") for t in read_18_11(body).tasks)


def test_a_manner_set_off_between_the_doers_and_their_job() -> None:
    body = (
        "II. MỘT SỐ NHIỆM VỤ\n\nThứ nhất, các sở, ban, ngành, các nhà đầu tư, nhà thầu trên tinh thần “tất cả vì "
        "nhân dân”, trong phân công công việc bảo đảm 6 rõ, chủ động giải quyết công việc theo thẩm quyền."
    )
    r = read_18_11(body, agency="Sở Y tế")
    assert [(t.text[:24], t.role) for t in r.tasks] == [("Thứ nhất, các sở, ban, n", "all")]


def test_a_row_of_figures_is_no_task() -> None:
    body = (
        "1. Bộ Công Thương điều hành giá xăng dầu như sau:\n\nXăng E5RON92 19.844 19.807 -37 -0,19\n\n"
        "Dầu madút 180CST 3.5S 14.074 13.739 -335 -2,38\n\nx x 6 Nhạc viện TP. Hồ Chí Minh x x 7\n\n"
        "2. Sở Công Thương kiểm tra việc niêm yết giá, báo cáo trước ngày 30/11/2025."
    )
    r = read_18_11(body)
    assert not [t.text for t in r.tasks if "19.844" in t.text or "14.074" in t.text or "Nhạc viện" in t.text]
    topic = read_18_11("1. Sở Công Thương\n\nVề nhiệm vụ trọng tâm từ nay đến tháng 6/2027\n\n- Rà soát giá xăng dầu.")
    assert [t.text for t in topic.tasks] == ["Rà soát giá xăng dầu."]
    assert [t.text[:14] for t in r.tasks][-1] == "Sở Công Thương"


def test_a_part_title_wrapped_after_its_mark_is_read_whole() -> None:
    body = (
        "I. MỤC\nĐÍCH, YÊU CẦU\n\n- Các cơ quan, đơn vị nâng cao nhận thức về bình đẳng giới.\n\n"
        "II. NỘI\nDUNG HOẠT ĐỘNG\n\n1. Sở Nội vụ chủ trì tổ chức Lễ phát động Tháng hành động trước ngày 15/11/2025."
    )
    r = read_18_11(body, agency="Sở Nội vụ")
    assert [t.text[:22] for t in r.tasks] == ["Sở Nội vụ chủ trì tổ c"]


def test_figures_reached_are_reports_of_results_not_jobs() -> None:
    body = (
        "Căn cứ Nghị quyết của Hội đồng nhân dân tỉnh, UBND tỉnh báo cáo tình hình thực hiện như sau:\n\n"
        "- Chi đầu tư từ nguồn thu xổ số kiến thiết 560 tỷ đồng, ước đạt 81,16% kế hoạch.\n\n"
        "- Chi sự nghiệp giáo dục 5.627 tỷ đồng, đạt 92,44% dự toán.\n\n"
        "- Triển khai Kế hoạch xây dựng xã không ma túy, phấn đấu đạt 20% xã trong năm 2025."
    )
    r = read_18_11(body)
    assert [t.text[:20] for t in r.tasks] == ["Triển khai Kế hoạch "]
