"""Every deadline form of DOMAIN.md, as a user would see it on the confirmation card."""

from __future__ import annotations

from datetime import date

import pytest
from dispatch_helpers import dispatch_with, task_for

from dispatch import extract

ISSUED_20210722 = "ngày 22 tháng 7 năm 2021"


@pytest.mark.parametrize(
    ("phrase", "issued", "deadline", "time"),
    [
        # full dates in every spelling
        ("báo cáo UBND tỉnh trước ngày **25/7/2021**", ISSUED_20210722, "2021-07-25", None),
        ("báo cáo UBND tỉnh trước ngày 25-7-2021", ISSUED_20210722, "2021-07-25", None),
        ("báo cáo UBND tỉnh trước ngày 25.7.2021", ISSUED_20210722, "2021-07-25", None),
        ("báo cáo UBND tỉnh trước ngày 25 tháng 7 năm 2021", ISSUED_20210722, "2021-07-25", None),
        ("hoàn thành chậm nhất ngày 02/8/2021", ISSUED_20210722, "2021-08-02", None),
        ("hoàn thành chậm nhất là ngày 02/8/2021", ISSUED_20210722, "2021-08-02", None),
        ("xong trước ngày 30/9/2021", ISSUED_20210722, "2021-09-30", None),
        ("thời hạn: trước ngày 30/9/2021", ISSUED_20210722, "2021-09-30", None),
        # no year: the next such day on or after the issue date
        ("báo cáo trước ngày 30/11", "ngày 5 tháng 10 năm 2021", "2021-11-30", None),
        ("báo cáo trước ngày 15/01", "ngày 20 tháng 12 năm 2021", "2022-01-15", None),
        ("báo cáo trước ngày 1-12", "ngày 5 tháng 10 năm 2021", "2021-12-01", None),
        # time of day
        ("báo cáo trước 17 giờ ngày 15/10/2025", "ngày 10 tháng 10 năm 2025", "2025-10-15", "17:00"),
        ("báo cáo trước 14h ngày 03/5/2021", "ngày 28 tháng 4 năm 2021", "2021-05-03", "14:00"),
        ("gửi báo cáo trước 16 giờ 30 ngày 20/10/2023", "ngày 10 tháng 10 năm 2023", "2023-10-20", "16:30"),
        ("báo cáo trước 10 giờ sáng ngày 30/7/2021", ISSUED_20210722, "2021-07-30", "10:00"),
        ("báo cáo trước 3 giờ chiều ngày 30/7/2021", ISSUED_20210722, "2021-07-30", "15:00"),
        # a weekday between the marker and the date
        ("gửi báo cáo trước thứ Sáu, ngày 30/7/2021", ISSUED_20210722, "2021-07-30", None),
        ("gửi báo cáo trước ngày thứ Sáu (30/7/2021)", ISSUED_20210722, "2021-07-30", None),
        ("gửi báo cáo trước 17h00, thứ Sáu ngày 30/7/2021", ISSUED_20210722, "2021-07-30", "17:00"),
        # periods end on their last day
        ("hoàn thành trong quý III/2024", "ngày 2 tháng 1 năm 2024", "2024-09-30", None),
        ("hoàn thành trong quý IV/2021", ISSUED_20210722, "2021-12-31", None),
        ("hoàn thành trong tháng 10/2023", "ngày 2 tháng 1 năm 2023", "2023-10-31", None),
        ("hoàn thành trong 6 tháng đầu năm 2022", "ngày 2 tháng 1 năm 2022", "2022-06-30", None),
        ("hoàn thành trong năm 2021", ISSUED_20210722, "2021-12-31", None),
        ("hoàn thành trong năm 2021 - 2022", ISSUED_20210722, "2022-12-31", None),
        ("hoàn thành trong quý 3/2021", ISSUED_20210722, "2021-09-30", None),
        # a window gives its end
        ("từ ngày 10/8/2021 đến ngày 24/8/2021 tổ chức kiểm tra", ISSUED_20210722, "2021-08-24", None),
    ],
)
def test_deadline_forms(phrase: str, issued: str, deadline: str, time: str | None) -> None:
    task = task_for(f"Yêu cầu Sở Y tế {phrase}.", issued=issued)
    assert (task["deadline"], task["deadline_time"]) == (deadline, time)
    assert task["deadline_text"]


def test_working_days_from_receipt_skip_the_holidays() -> None:
    body = "Giao Sở Y tế rà soát, báo cáo trong 05 ngày làm việc kể từ ngày nhận được văn bản."
    task = task_for(body, issued="ngày 23 tháng 4 năm 2025", received=date(2025, 4, 24))
    assert task["deadline"] == "2025-05-05"
    assert task["relative"] == "5 working days from receipt"


def test_relative_deadline_counts_from_the_issue_date_when_receipt_is_unknown() -> None:
    body = "Giao Sở Y tế báo cáo trong thời hạn 10 ngày kể từ ngày ký."
    task = task_for(body, issued="ngày 4 tháng 6 năm 2025")
    # 14/6/2025 is a Saturday: the period ends at the end of the next working day.
    assert task["deadline"] == "2025-06-16"


@pytest.mark.parametrize(
    ("phrase", "issued", "recurrence", "deadline"),
    [
        ("định kỳ trước ngày 20 hằng tháng báo cáo UBND tỉnh", "ngày 3 tháng 3 năm 2025", "monthly:20", "2025-03-20"),
        ("báo cáo trước ngày 15 của tháng cuối quý", "ngày 2 tháng 4 năm 2025", "quarterly:15", "2025-06-15"),
        ("báo cáo trước ngày 20/11 hằng năm", "ngày 1 tháng 12 năm 2025", "yearly:11-20", "2026-11-20"),
        ("báo cáo trước 17h00 thứ Sáu hằng tuần", "ngày 4 tháng 6 năm 2025", "weekly:FRI", "2025-06-06"),
    ],
)
def test_recurring_obligations(phrase: str, issued: str, recurrence: str, deadline: str) -> None:
    task = task_for(f"Sở Y tế {phrase}.", issued=issued)
    assert (task["recurrence"], task["deadline"]) == (recurrence, deadline)


@pytest.mark.parametrize(
    "sentence",
    [
        "Sở Y tế triển khai Nghị quyết số 68/NQ-CP ngày 01/7/2021 của Chính phủ.",
        "Sở Y tế thực hiện Công văn số 2673/UBND-TH ngày 12/6/20201.",
        "Sở Y tế tổng hợp số liệu tính đến ngày 30/6/2021.",
        "Sở Y tế triển khai Kế hoạch giai đoạn 2021-2025, tầm nhìn đến năm 2030.",
    ],
)
def test_reference_dates_and_typos_are_never_deadlines(sentence: str) -> None:
    task = task_for(sentence)
    assert task["deadline"] is None


@pytest.mark.parametrize(
    ("sentence", "ongoing", "text"),
    [
        ("Sở Y tế thường xuyên đánh giá mức độ nguy cơ dịch bệnh.", True, None),
        ("Sở Y tế kịp thời tham mưu các biện pháp phòng, chống dịch.", True, None),
        ("Ngay sau kỳ nghỉ Tết, Sở Y tế khẩn trương triển khai nhiệm vụ.", False, "Ngay sau kỳ nghỉ Tết"),
        # the first year of an open-ended run is no deadline
        ("Sở Y tế tổ chức tập huấn, thời gian thực hiện: năm 2025 và các năm tiếp theo.", True, None),
        ("Sở Y tế duy trì kiểm tra định kỳ trong năm 2026 trở đi.", True, None),
    ],
)
def test_vague_and_ongoing_jobs_have_no_date(sentence: str, ongoing: bool, text: str | None) -> None:
    task = task_for(sentence)
    assert task["deadline"] is None
    assert task["ongoing"] is ongoing
    assert task["deadline_text"] == text


def test_an_old_deadline_in_a_footnote_is_not_a_task() -> None:
    body = (
        "Yêu cầu Sở Y tế báo cáo UBND tỉnh trước ngày 25/7/2021⁽¹⁾.\n\n"
        "¹ Tại Công văn số 2673/UBND-TH ngày 12/6/2021, UBND tỉnh yêu cầu Sở Y tế báo cáo trước ngày 30/6/2021."
    )
    tasks = extract(dispatch_with(body), agency="Sở Y tế").tasks
    assert [t.deadline for t in tasks] == [date(2021, 7, 25)]


def test_the_earliest_of_several_dates_is_the_deadline() -> None:
    body = "Sở Y tế hoàn thành kế hoạch trước ngày 15/8/2021 và báo cáo kết quả trước ngày 30/8/2021."
    assert task_for(body)["deadline"] == "2021-08-15"


@pytest.mark.parametrize(
    ("phrase", "deadline", "recurrence"),
    [
        ("báo cáo hằng tháng (trước ngày 25)", "2021-07-25", "monthly:25"),
        ("hoàn thành đến hết ngày 31/12/2021", "2021-12-31", None),
        ("hoàn thành không muộn hơn ngày 15/9/2021", "2021-09-15", None),
        ("hoàn thành từ nay đến hết năm 2021", "2021-12-31", None),
    ],
)
def test_more_deadline_phrasings(phrase: str, deadline: str, recurrence: str | None) -> None:
    task = task_for(f"Yêu cầu Sở Y tế {phrase}.")
    assert (task["deadline"], task["recurrence"]) == (deadline, recurrence)


@pytest.mark.parametrize(
    ("body", "deadline"),
    [
        # a line with "hoàn thành: " is not a photo caption ("ảnh: ") and keeps its deadline
        ("Giao Sở Y tế chủ trì xây dựng đề án. Thời gian hoàn thành: tháng 9/2021.", "2021-09-30"),
        ("Giao Sở Y tế chủ trì xây dựng đề án; thời hạn hoàn thành: trước 30/8/2021.", "2021-08-30"),
        ("Giao Sở Y tế chủ trì xây dựng đề án. Thời gian hoàn thành: 30/8/2021.", "2021-08-30"),
        ("Giao Sở Y tế chủ trì xây dựng đề án. Thời gian thực hiện: Quý III/2021.", "2021-09-30"),
        ("1. Sở Y tế chủ trì xây dựng đề án.\nThời gian hoàn thành: trước ngày 30/8/2021.", "2021-08-30"),
        # a start date is not a deadline
        ("Giao Sở Y tế chủ trì xây dựng đề án. Thời gian thực hiện: từ ngày 01/8/2021.", "None"),
    ],
)
def test_completion_time_lines(body: str, deadline: str) -> None:
    assert str(task_for(body)["deadline"]) == deadline


@pytest.mark.parametrize(
    ("body", "deadline", "recurrence", "relative"),
    [
        ("Sở Y tế báo cáo trong thời gian 07 ngày kể từ ngày nhận được văn bản.", "2021-08-02", None,
         "7 days from receipt"),
        # counted from an event the text cannot date: no date, and the card asks
        ("Sở Y tế báo cáo chậm nhất sau 03 ngày kể từ ngày kết thúc đợt kiểm tra.", "None", None,
         "3 days from an event: kể từ ngày kết thúc đợt kiểm tra"),
        ("Sở Y tế tổ chức kiểm tra từ 01-15/8/2021.", "2021-08-15", None, None),
        ("Sở Y tế báo cáo trước ngày 05 của tháng sau.", "2021-08-05", None, None),
        ("Hằng tháng, Sở Y tế báo cáo trước ngày 05 của tháng sau.", "2021-08-05", "monthly:5", None),
    ],
)
def test_relative_windows_and_next_month(body: str, deadline: str, recurrence: str | None, relative: str | None) -> None:
    task = task_for(body, received=date(2021, 7, 26))
    assert (str(task["deadline"]), task["recurrence"], task["relative"]) == (deadline, recurrence, relative)


@pytest.mark.parametrize(
    "body",
    [
        # the job's closing report after ';' dates the job; it is not a job of its own
        "Sở Y tế xây dựng kế hoạch kiểm tra; tổng hợp kết quả, báo cáo UBND tỉnh trước ngày 08/9/2021.",
        "Sở Y tế thăm, tặng quà người cao tuổi; tổng hợp kết quả gửi Sở Nội vụ trước ngày 08/9/2021.",
        "Sở Y tế theo dõi dịch bệnh; tổng hợp tình hình, báo cáo UBND tỉnh trước ngày 08/9/2021.",
    ],
)
def test_a_closing_summary_report_dates_the_job(body: str) -> None:
    assert task_for(body)["deadline"] == "2021-09-08"


@pytest.mark.parametrize(
    ("body", "deadline", "relative"),
    [
        # a date counted back from an event the item dates
        ("Sở Y tế tổ chức hội nghị, dự kiến diễn ra ngày 14/12/2021; gửi phương án về UBND tỉnh chậm nhất "
         "05 ngày trước khi tổ chức.", "2021-12-09", "5 days before an event: tổ chức"),
        ("Sở Y tế gửi báo cáo chậm nhất 03 ngày làm việc trước ngày 14/12/2021.", "2021-12-09",
         "3 working days before an event: 14/12/2021"),
        # the event is not dated: no date rather than a wrong one
        ("Sở Y tế gửi phương án chậm nhất 05 ngày trước khi tổ chức.", "None", "5 days before an event: tổ chức"),
    ],
)
def test_days_before_an_event(body: str, deadline: str, relative: str) -> None:
    task = task_for(body)
    assert (str(task["deadline"]), task["relative"]) == (deadline, relative)


@pytest.mark.parametrize(
    ("body", "deadlines"),
    [
        # a lead-in's day dates the items under it that have none of their own
        ("UBND tỉnh yêu cầu Sở Y tế hoàn thành trước ngày 30/11/2025 các nhiệm vụ sau:\n"
         "1. Rà soát danh mục thuốc.\n2. Kiểm tra các cơ sở y tế, báo cáo trước ngày 20/11/2025.",
         ["2025-11-30", "2025-11-20"]),
        # a numbered item introducing its own sub-items dates them with its period
        ("1. Sở Y tế thực hiện các nhiệm vụ sau, hoàn thành trong tháng 12/2025:\n- Rà soát danh mục thuốc.",
         ["2025-12-31"]),
        # the setting of a lead-in is no deadline of its items
        ("Từ nay đến hết năm 2025 chỉ còn gần 2 tháng; do vậy, yêu cầu Sở Y tế:\n- Rà soát danh mục thuốc.", ["None"]),
        ("Sở Y tế chủ trì triển khai, thời gian: tháng 12/2025.", ["2025-12-31"]),
    ],
)
def test_the_time_frame_above_a_job_dates_it(body: str, deadlines: list[str]) -> None:
    r = extract(dispatch_with(body, issued="ngày 10 tháng 11 năm 2025"), agency="Sở Y tế")
    assert [str(t.deadline) for t in r.tasks] == deadlines


@pytest.mark.parametrize(
    ("body", "issued", "deadline"),
    [
        # a window of months ends with its last month
        ("Sở Y tế triển khai Tháng tổng vệ sinh, trong thời gian tháng 8-9/2025.", "ngày 1 tháng 8 năm 2025", "2025-09-30"),
        # the range a report covers is no deadline; the report's own date is
        ("Sở Y tế báo cáo kết quả thực hiện công tác phòng dịch từ ngày 30/01/2020 đến ngày 24/4/2020; "
         "báo cáo gửi về UBND tỉnh chậm nhất 10h00' ngày 27/4/2020.", "ngày 20 tháng 4 năm 2020", "2020-04-27"),
        # a window to act in ends on its last day
        ("Sở Y tế tổ chức đợt kiểm tra từ ngày 9/2/2026 đến ngày 15/2/2026.", "ngày 20 tháng 1 năm 2026", "2026-02-15"),
    ],
)
def test_windows_and_reporting_periods(body: str, issued: str, deadline: str) -> None:
    assert task_for(body, issued=issued)["deadline"] == deadline


def test_a_report_paragraph_after_a_job_dates_it() -> None:
    body = (
        "UBND tỉnh yêu cầu các sở, ban, ngành rà soát, báo cáo kết quả công tác phòng dịch.\n\n"
        "Báo cáo gửi về UBND tỉnh (thông qua Sở Y tế) chậm nhất 10h00' ngày 27/4/2020.\n"
    )
    r = extract(dispatch_with(body, issued="ngày 20 tháng 4 năm 2020"), agency="Sở Tài chính")
    assert [(str(t.deadline), str(t.deadline_time)) for t in r.tasks] == [("2020-04-27", "10:00:00")]


def test_a_restatement_without_an_issue_date_takes_the_year_it_speaks_of() -> None:
    # a newspaper restating a dispatch: "28-10" is in the year of the text, a count from signing has no date
    text = (
        "UBND tỉnh yêu cầu UBND các huyện hoàn thiện Quy hoạch sử dụng đất giai đoạn 2021-2030 năm 2021; "
        "gửi hồ sơ về Sở Tài nguyên và Môi trường trước ngày 28-10.\n\n"
        "Sở Xây dựng rà soát trong 05 ngày làm việc kể từ ngày ký.\n"
    )
    huyen = extract(text, agency="UBND huyện Khánh Sơn").tasks
    assert [str(t.deadline) for t in huyen] == ["2021-10-28"]
    so = extract(text, agency="Sở Xây dựng").tasks
    assert [(t.deadline, t.relative is not None) for t in so] == [(None, True)]


def test_riêng_names_the_doer_of_an_exception() -> None:
    body = "UBND tỉnh yêu cầu UBND các huyện hoàn thiện hồ sơ. Riêng UBND huyện Khánh Sơn khẩn trương hoàn thiện trước ngày 25/10/2021."
    r = extract(dispatch_with(body, issued="ngày 10 tháng 10 năm 2021"), agency="UBND huyện Khánh Sơn")
    assert [(t.text[:30], t.role, str(t.deadline)) for t in r.tasks][-1] == (
        "Riêng UBND huyện Khánh Sơn khẩ", "lead", "2021-10-25"
    )


def test_a_restatement_without_an_issue_date_takes_its_year_from_the_page_date() -> None:
    # "trước ngày 28-10" with no year: the year of the page date ("14/10/2021 08:30"), since no issue date is given
    text = (
        "Thứ Hai, 14/10/2021 08:30\n\nKhánh Hòa: Đẩy nhanh công tác lập quy hoạch sử dụng đất\n\n"
        "UBND tỉnh yêu cầu UBND các huyện khẩn trương hoàn thiện hồ sơ, gửi về Sở Tài nguyên và Môi trường"
        " trước ngày 28-10."
    )
    r = extract(text, agency="UBND huyện Cam Lâm")
    assert [(t.deadline, t.deadline_text) for t in r.tasks] == [(date(2021, 10, 28), "trước ngày 28-10")]


def test_without_an_issue_date_a_recurring_deadline_keeps_its_rule_but_no_made_up_day() -> None:
    # the year is implied (1 January of the year the text speaks of): no "next 15 December" or "2 January"
    text = "Nghị quyết năm 2030.\n\nCác bộ, ngành trước ngày 15 tháng 12 hàng năm báo cáo tình hình thực hiện Nghị quyết."
    (task,) = extract(text, agency="Bộ Y tế").tasks
    assert task.deadline is None and task.recurrence is not None


def test_a_date_first_schedule_dates_each_step() -> None:
    # issue 9, class 4: "a bullet that starts `Trước 20/5:`", "Ngày 28/6, các trường ...", one line per step
    body = (
        "UBND tỉnh yêu cầu triển khai theo lộ trình sau:\n\n- Trước 20/9: Sở Y tế hoàn thành kế hoạch.\n\n"
        "- Ngày 28/9: Sở Y tế tổ chức khai mạc Tháng hành động.\n\n- Từ ngày 1-5/10: Sở Y tế kiểm tra các cơ sở.\n\n"
        "Ngày 15/10, Sở Y tế tổ chức tổng kết. Ngày 05/9/2025, Sở Tài chính có Công văn số 12/STC về kinh phí."
    )
    r = extract(dispatch_with(body, issued="ngày 10 tháng 9 năm 2025"), agency="Sở Y tế")
    assert [str(t.deadline) for t in r.tasks] == ["2025-09-20", "2025-09-28", "2025-10-05", "2025-10-15"]


def test_asking_everyone_again_by_a_day_of_its_own_is_a_second_task_due_that_day() -> None:
    """Under a heading due "trong năm 2025", an item asks everyone to finish the works, then asks again, in a
    sentence of its own, to be ready for the opening ceremony "vào ngày 19/12/2025": two tasks, the second due
    on the ceremony's day (its own words before the heading's year)."""
    text = (
        "UBND TỈNH X\n\nSố: 12/UBND-KT\n\nV/v đẩy nhanh tiến độ các công trình\n\n"
        "Để hoàn thành kế hoạch năm, UBND tỉnh yêu cầu các sở, ban, ngành, địa phương:\n\n"
        "1. Hoàn thành các công trình trọng điểm trong năm 2025\n\n"
        "a) Yêu cầu các sở, ban, ngành tập trung chỉ đạo hoàn thành các công trình trọng điểm. Yêu cầu các sở, "
        "ban, ngành, các chủ đầu tư chuẩn bị chu đáo để tổ chức lễ khánh thành các công trình vào ngày 19/12/2025."
        "\n\nb) Sở Xây dựng kiểm tra chất lượng công trình."
    )
    tasks = extract(text, agency="Sở Y tế").to_dict()["tasks"]
    assert [(t["text"][:30], t["role"], t["deadline"]) for t in tasks] == [
        ("Yêu cầu các sở, ban, ngành tập", "all", "2025-12-31"),
        ("Yêu cầu các sở, ban, ngành, cá", "all", "2025-12-19"),
    ]
