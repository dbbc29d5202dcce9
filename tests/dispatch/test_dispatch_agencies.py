"""Who must act: agency names, collectives and their membership, roles."""

from __future__ import annotations

import pytest
from dispatch_helpers import dispatch_with

from dispatch import extract, resolve_agency, suggest_agencies
from dispatch.doers.agencybook import book


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở KH-ĐT", "Sở Kế hoạch và Đầu tư"),
        ("sở kế hoạch và đầu tư", "Sở Kế hoạch và Đầu tư"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở Tài nguyên & Môi trường", "Sở Tài nguyên và Môi trường"),
        ("Bộ Nông nghiệp và PTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
        ("Y tế", "Sở Y tế"),
        ("Giám đốc Sở Y tế", "Sở Y tế"),
        ("BHXH tỉnh", "Bảo hiểm Xã hội tỉnh"),
        ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("UBND xã Tân Lập", "UBND xã Tân Lập"),
    ],
)
def test_agency_spellings_resolve_to_one_name(typed: str, canonical: str) -> None:
    assert resolve_agency(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("Sở Y", "Sở Y tế"), ("Sở Xây", "Sở Xây dựng"), ("So Tai", "Sở Tài chính"), ("Sở Văn hóa", "Sở Văn hóa và Thể thao")],
)
def test_a_name_cut_short_is_not_a_new_agency(typed: str, meant: str) -> None:
    # Binding a chat to "Sở Y" would silently match no dispatch ever: ask which agency was meant.
    assert resolve_agency(typed) is None
    assert meant in suggest_agencies(typed)
    assert resolve_agency("Phòng Giáo") is None


@pytest.mark.parametrize("typed", [
    "UBND huyện Tân Phú", "UBND xã An Bình", "Ban Quản lý dự án đầu tư xây dựng tỉnh",
    # units the data does not list are named bodies too: a commune's Phòng, a school, a hospital
    "Phòng Kinh tế xã Tân Lập", "Trường THCS Lê Lợi", "Trung tâm Y tế huyện Phú Bình", "Bệnh viện Đa khoa tỉnh",
])
def test_a_complete_unlisted_name_is_accepted(typed: str) -> None:
    assert resolve_agency(typed) == typed


def test_nonsense_is_not_an_agency_but_gets_suggestions() -> None:
    assert resolve_agency("xin chào") is None
    assert suggest_agencies("Sở Y te")[0] == "Sở Y tế"
    assert "Sở Giáo dục và Đào tạo" in suggest_agencies("giáo dục")


@pytest.mark.parametrize(
    ("addressee", "agency", "role"),
    [
        ("Các Sở, Ban, ngành", "Sở Y tế", "all"),
        ("Thủ trưởng các Sở, ban, ngành tỉnh", "Công an tỉnh", "all"),
        ("Các cơ quan, đơn vị", "UBND xã Tân Lập", "all"),
        ("Các cơ quan, đơn vị", "Văn phòng Tỉnh ủy", "all"),
        ("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị", "Đảng ủy UBND tỉnh", "all"),
        ("Các cơ quan, đơn vị", "Phòng Kế hoạch - Tài chính", "all"),
        ("Các Sở, Ban, ngành", "Văn phòng Tỉnh ủy", None),
        ("Các cấp, các ngành", "Sở Tài chính", "all"),
        ("UBND các huyện, thành phố", "UBND huyện Phú Bình", "all"),
        ("UBND các huyện, thành phố", "Sở Y tế", None),
        ("Các Sở, ban, ngành tỉnh", "UBND xã Tân Lập", None),
        ("Các bộ, ngành", "Bộ Y tế", "all"),
        ("Các bộ, ngành", "UBND tỉnh Thái Nguyên", None),
        ("Sở Y tế, Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo", "lead"),
        # the whole administration, central and local, is everyone the dispatch is sent to (dev_e README: "*")
        ("Các bộ, ngành, địa phương", "Tổng công ty Cảng hàng không Việt Nam", "all"),
        ("Các bộ, ngành", "Tổng công ty Cảng hàng không Việt Nam", None),
    ],
)
def test_collective_membership(addressee: str, agency: str, role: str | None) -> None:
    body = f"{addressee} tăng cường kiểm tra công tác phòng, chống dịch trên địa bàn."
    tasks = extract(dispatch_with(body), agency=agency).tasks
    assert [t.role for t in tasks] == ([role] if role else [])


def test_lead_coordinators_and_variants_in_one_sentence() -> None:
    body = (
        "Giao Sở Ngoại vụ chủ trì, phối hợp với BCH Bộ đội Biên phòng tỉnh, Sở Xây dựng, "
        "UBND huyện Mường Tè tổ chức khảo sát trên thực địa."
    )
    doc = dispatch_with(body)
    assert extract(doc, agency="Sở Ngoại vụ").tasks[0].role == "lead"
    assert extract(doc, agency="Bộ Chỉ huy Bộ đội Biên phòng tỉnh").tasks[0].role == "coordinate"
    assert extract(doc, agency="UBND huyện Mường Tè").tasks[0].role == "coordinate"
    assert extract(doc, agency="Sở Y tế").tasks == ()
    names = [(a.name, a.role) for a in extract(doc).tasks[0].assignees]
    assert names[0] == ("Sở Ngoại vụ", "lead")
    assert ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "coordinate") in names


def test_a_vague_collective_coordinator_is_not_a_task_of_every_member() -> None:
    body = "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các Sở, ngành liên quan xây dựng kế hoạch."
    assert extract(dispatch_with(body), agency="Sở Y tế").tasks == ()


def test_the_sector_means_the_department() -> None:
    body = "Sở Giáo dục và Đào tạo chủ trì, phối hợp với ngành Y tế chỉ đạo việc cho học sinh đi học."
    assert extract(dispatch_with(body), agency="Sở Y tế").tasks[0].role == "coordinate"


def test_old_names_mean_the_successor_after_the_2025_merger() -> None:
    body = "Yêu cầu Sở Kế hoạch và Đầu tư tổng hợp, báo cáo trước ngày 30/9/2025."
    new = dispatch_with(body, issued="ngày 10 tháng 9 năm 2025")
    old = dispatch_with(body, issued="ngày 10 tháng 9 năm 2021")
    assert extract(new, agency="Sở Tài chính").tasks[0].role == "lead"
    assert extract(old, agency="Sở Tài chính").tasks == ()


def test_people_stand_for_their_agencies() -> None:
    body = "Đề nghị các đồng chí Thành viên UBND tỉnh tham gia ý kiến trước ngày 31/7/2021."
    task = extract(dispatch_with(body), agency="Sở Tư pháp").tasks[0]
    assert (task.role, str(task.deadline)) == ("all", "2021-07-31")


@pytest.mark.parametrize(
    "sentence",
    [
        "Sở Tài chính chủ trì, Sở Kế hoạch và Đầu tư phối hợp rà soát nguồn vốn.",
        "Sở Tài chính (chủ trì), Sở Kế hoạch và Đầu tư (phối hợp) rà soát nguồn vốn.",
        "Giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư rà soát nguồn vốn.",
    ],
)
def test_every_way_of_naming_lead_and_coordinator(sentence: str) -> None:
    doc = dispatch_with(sentence)
    assert [t.role for t in extract(doc, agency="Sở Tài chính").tasks] == ["lead"]
    assert [t.role for t in extract(doc, agency="Sở KH&ĐT").tasks] == ["coordinate"]


@pytest.mark.parametrize(
    "closing",
    [
        "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
        "Ủy ban nhân dân tỉnh thông báo để các Sở, ngành biết, thực hiện./.",
        "Chánh Văn phòng UBND tỉnh, Giám đốc các Sở chịu trách nhiệm thi hành Quyết định này./.",
    ],
)
def test_closing_formulas_are_not_tasks(closing: str) -> None:
    assert extract(dispatch_with(closing), agency="Sở Y tế").tasks == ()


@pytest.mark.parametrize(
    ("sentence", "agency", "role"),
    [
        ("UBND tỉnh vừa có văn bản chỉ đạo các sở, ngành, địa phương triển khai tiêm vắc xin.", "Sở Y tế", "all"),
        ("UBND tỉnh đã chỉ đạo các sở, ngành triển khai nhiều giải pháp.", "Sở Y tế", None),
        ("Văn bản nêu rõ, các địa phương phải hoàn thành việc rà soát.", "UBND xã Tân Lập", "all"),
        ("Đối với Sở Y tế: chủ động chuẩn bị cơ số thuốc, vật tư.", "Sở Y tế", "lead"),
        ("Sở Y tế cho biết, đã chuẩn bị đủ cơ số thuốc.", "Sở Y tế", None),
        ("Khi gặp khó khăn, các địa phương có thể phản ánh qua đường dây nóng.", "UBND xã Tân Lập", None),
    ],
)
def test_news_phrasing_of_who_must_act(sentence: str, agency: str, role: str | None) -> None:
    tasks = extract(dispatch_with(sentence), agency=agency).tasks
    assert [t.role for t in tasks] == ([role] if role else [])


@pytest.mark.parametrize(
    ("named", "chat"),
    [
        ("Sở Nông nghiệp và Môi trường", "Sở Tài nguyên và Môi trường"),  # chat set up before the merger
        ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường"),  # dispatch still uses the old name
    ],
)
def test_a_merged_department_and_its_successor_are_one_agency_after_the_merger(named: str, chat: str) -> None:
    body = f"Giao {named} chủ trì kiểm tra, báo cáo trước ngày 20/12/2025."
    tasks = extract(dispatch_with(body, issued="ngày 02 tháng 12 năm 2025"), agency=chat).tasks
    assert [(t.role, str(t.deadline)) for t in tasks] == [("lead", "2025-12-20")]


@pytest.mark.parametrize(
    "body",
    [
        "UBND tỉnh giao: Sở Y tế chủ trì rà soát, báo cáo trước ngày 30/8/2021.",
        "Sở Y tế (cơ quan thường trực) tổng hợp, báo cáo trước ngày 30/8/2021.",
    ],
)
def test_a_colon_after_the_verb_or_a_note_after_the_doer_keeps_the_lead(body: str) -> None:
    tasks = extract(dispatch_with(body), agency="Sở Y tế").tasks
    assert [(t.role, str(t.deadline)) for t in tasks] == [("lead", "2021-08-30")]


@pytest.mark.parametrize(
    ("addressee", "agency"),
    [
        ("Các sở, ngành: Y tế, Giáo dục và Đào tạo, Tài chính", "Sở Giáo dục và Đào tạo"),
        ("Giám đốc các Sở: Y tế, Tài chính", "Sở Tài chính"),
        ("Giám đốc các Sở: Thông tin và Truyền thông, Tài chính và Xây dựng", "Sở Xây dựng"),
    ],
)
def test_departments_enumerated_after_a_colon_each_lead(addressee: str, agency: str) -> None:
    body = f"{addressee} rà soát, báo cáo trước ngày 30/8/2021."
    tasks = extract(dispatch_with(body), agency=agency).tasks
    assert [(t.role, str(t.deadline)) for t in tasks] == [("lead", "2021-08-30")]
    assert extract(dispatch_with(body), agency="Sở Nội vụ").tasks == ()


@pytest.mark.parametrize(
    ("sentence", "agency", "role"),
    [
        # a commune's or a department's own sections ("Phòng") are bodies when a capital follows
        ("Phòng Kinh tế chủ trì, phối hợp với Công an xã rà soát dữ liệu đất đai.", "Phòng Kinh tế", "lead"),
        ("Phòng Kinh tế chủ trì, phối hợp với Công an xã rà soát dữ liệu đất đai.", "Công an xã", "coordinate"),
        ("Giao Phòng Văn hóa - Xã hội tuyên truyền trên loa truyền thanh.", "Phòng Văn hóa - Xã hội", "lead"),
        ("Phòng Kế hoạch - Tài chính tham mưu bố trí kinh phí.", "Phòng Kế hoạch - Tài chính", "lead"),
    ],
)
def test_sections_named_phong_are_agencies(sentence: str, agency: str, role: str) -> None:
    tasks = extract(dispatch_with(sentence), agency=agency).tasks
    assert [t.role for t in tasks] == [role]


@pytest.mark.parametrize(
    "sentence",
    ["Phòng, chống dịch bệnh mùa mưa bão là nhiệm vụ trọng tâm.", "Phòng cháy, chữa cháy rừng được tăng cường."],
)
def test_phong_chong_is_no_agency(sentence: str) -> None:
    assert book().mentions(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "agency", "role"),
    [
        # Party conclusions speak to "các cấp ủy, tổ chức đảng, cơ quan, đơn vị": everyone
        ("Các cấp ủy, tổ chức đảng, cơ quan, đơn vị tiếp tục quán triệt Nghị quyết.", "Sở Y tế", "all"),
        # "giáo" folds to the trigger "giao": the board's name is known, so it is read whole
        ("Ban Tuyên giáo và Dân vận Tỉnh ủy chỉ đạo các cơ quan báo chí tuyên truyền.",
         "Ban Tuyên giáo và Dân vận Tỉnh ủy", "lead"),
        ("Ban Tuyên giáo Tỉnh ủy chỉ đạo các cơ quan báo chí tuyên truyền.", "Ban Tuyên giáo Tỉnh ủy", "lead"),
        # the committees under the province's: a Huyện ủy is one, a department is not
        ("Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy tổ chức tổng kết.", "Huyện ủy Đức Trọng", "all"),
        ("Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy tổ chức tổng kết.", "Thành ủy Đà Lạt", "all"),
        ("Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy tổ chức tổng kết.", "Sở Y tế", None),
    ],
)
def test_party_documents_name_their_groups_and_boards(sentence: str, agency: str, role: str | None) -> None:
    tasks = extract(dispatch_with(sentence), agency=agency).tasks
    assert [t.role for t in tasks] == ([role] if role else [])


@pytest.mark.parametrize(
    ("addressee", "agency", "role"),
    [
        ("Các bệnh viện trực thuộc Sở", "Bệnh viện Đa khoa tỉnh", "all"),  # bodies the data has no kind for
        ("Các bệnh viện trực thuộc Sở", "Trung tâm Y tế huyện Phú Bình", None),
    ],
)
def test_a_plural_of_unlisted_bodies_covers_the_bodies_so_named(addressee: str, agency: str, role: str | None) -> None:
    body = f"{addressee} báo cáo số ca bệnh trước ngày 30/8/2021."
    tasks = extract(dispatch_with(body), agency=agency).tasks
    assert [t.role for t in tasks] == ([role] if role else [])


@pytest.mark.parametrize(
    ("sentence", "doers"),
    [
        # a place named by its place word stands for its People's Committee
        ("Thành phố Hồ Chí Minh, tỉnh Lâm Đồng đẩy nhanh việc lựa chọn nhà đầu tư.",
         ["UBND thành phố Hồ Chí Minh", "UBND tỉnh Lâm Đồng"]),
        # a group of places followed by names is those places, not every province
        ("Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương hoàn thiện báo cáo.",
         ["UBND tỉnh Nghệ An", "UBND tỉnh Quảng Ngãi", "UBND tỉnh Cao Bằng"]),
        ("Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai, Hồ Chí Minh quyết liệt chỉ đạo thi công.",
         ["UBND tỉnh Tuyên Quang", "UBND tỉnh Đồng Nai", "UBND thành phố Hồ Chí Minh"]),
        ("Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai đẩy nhanh tiến độ lập báo cáo.",
         ["UBND thành phố Hà Nội", "UBND tỉnh Bắc Ninh", "UBND tỉnh Gia Lai"]),
        ("Chủ tịch UBND các xã: Gia Thuận, Tân Phú khẩn trương di dời dân.", ["UBND xã Gia Thuận", "UBND xã Tân Phú"]),
        # a capitalised verb after the colon is no place
        ("UBND các huyện, thành phố: Khẩn trương chỉ đạo rà soát thiệt hại.", ["UBND các huyện, thành phố"]),
        # a place after a body is where the body is
        ("Sở Y tế tỉnh Nghệ An báo cáo kết quả.", ["Sở Y tế tỉnh Nghệ An"]),
    ],
)
def test_places_named_as_doers_are_their_committees(sentence: str, doers: list[str]) -> None:
    from dispatch.doers.assign import analyse

    a = analyse(sentence)
    assert a is not None and [m.name for m in a.leads] == doers


def test_a_province_of_a_group_gets_its_task_and_another_does_not() -> None:
    body = "Các tỉnh Nghệ An, Quảng Ngãi khẩn trương hoàn thiện Báo cáo nghiên cứu tiền khả thi trước ngày 30/11/2025."
    text = dispatch_with(body, issued="ngày 18 tháng 11 năm 2025")
    assert [t.role for t in extract(text, agency="UBND tỉnh Quảng Ngãi").tasks] == ["lead"]
    assert extract(text, agency="UBND tỉnh Gia Lai").tasks == ()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a head followed by a word that makes it a word of the language is no body
        ("Ban hành kèm theo Quyết định này Quy chế phối hợp.", []),
        ("Trường hợp chất lượng môi trường vượt ngưỡng, Sở Y tế cảnh báo.", ["Sở Y tế"]),
        # a known name is not run on into the verb after it
        ("Bộ Tài chính quyết định giá các mặt hàng dự trữ.", ["Bộ Tài chính"]),
        # a place after a body is part of its name
        ("Trung tâm Y tế huyện Krông Pắc báo cáo số ca mắc.", ["Trung tâm Y tế huyện Krông Pắc"]),
        # a name wrapped onto the next line is one name
        ("Đài Tiếng nói Việt\nNam thực hiện tuyên truyền.", ["Đài Tiếng nói Việt Nam"]),
        ("UBND Thành phố Hồ Chí\nMinh chủ trì thực hiện.", ["UBND Thành phố Hồ Chí Minh"]),
    ],
)
def test_the_grammar_of_body_names(text: str, names: list[str]) -> None:
    assert [m.name for m in book().mentions(text)] == names


@pytest.mark.parametrize(
    ("sentence", "agency", "roles"),
    [
        # a restatement reports the dispatch's own instruction in the past
        ("UBND thành phố đã yêu cầu Sở Y tế triển khai kiểm tra ngay các cơ sở.", "Sở Y tế", ["lead"]),
        ("UBND thành phố vừa yêu cầu các sở, ban, ngành rà soát thủ tục hành chính.", "Sở Y tế", ["all"]),
        # an earlier instruction not met is narrative
        ("UBND tỉnh đã giao Sở Y tế rà soát danh mục thuốc nhưng đến nay chưa hoàn thành.", "Sở Y tế", []),
        # "các trường" are the schools
        ("Ngày 28/6, các trường tổ chức lễ tổng kết năm học.", "Trường THPT Nguyễn Du", ["all"]),
        # a minister's title is no school
        ("Giao đồng chí Bộ trưởng Bộ Xây dựng trực tiếp chỉ đạo kiểm tra.", "Bộ Xây dựng", ["lead"]),
    ],
)
def test_who_a_reported_or_plural_clause_assigns(sentence: str, agency: str, roles: list[str]) -> None:
    r = extract(dispatch_with(sentence, issued="ngày 1 tháng 8 năm 2025"), agency=agency)
    assert [t.role for t in r.tasks] == roles


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        # a group named beside specific coordinators makes each member a coordinator
        ("Sở Tài chính chủ trì, phối hợp với Sở Y tế, UBND các xã, phường rà soát kinh phí.", "coordinate"),
        # a generic coordinator alone is a manner of working
        ("Sở Tài chính chủ trì, phối hợp với các đơn vị liên quan rà soát kinh phí.", None),
        ("Sở Tài chính chủ trì, phối hợp với UBND các xã, phường có liên quan rà soát kinh phí.", None),
    ],
)
def test_a_named_group_among_coordinators_coordinates(sentence: str, role: str | None) -> None:
    r = extract(dispatch_with(sentence, issued="ngày 1 tháng 8 năm 2025"), agency="UBND xã Tân Lập")
    assert [t.role for t in r.tasks] == ([role] if role else [])


@pytest.mark.parametrize(
    ("text", "collective"),
    [("Các hội thảo, tập huấn được tổ chức trong năm.", None), ("Các hội nghị sơ kết được tổ chức.", None),
     ("Các hội, đoàn thể vận động hội viên tham gia.", "Các hội, đoàn thể")],
)
def test_hoi_names_the_associations_not_a_conference(text: str, collective: str | None) -> None:
    from dispatch.doers.agencybook import book

    got = [m.text for m in book().mentions(text) if m.collective]
    assert got == ([collective] if collective else [])


def test_so_digital_is_not_a_department() -> None:
    # folded, "số" (digital, number) and "sở" (department) are one word: "kinh tế số và xã hội số", "Số xã có dịch"
    from dispatch.doers.agencybook import book

    for text in ("Phát triển kinh tế số và xã hội số của tỉnh.", "Số xã có dịch bệnh trong tháng."):
        assert not [m.text for m in book().mentions(text) if m.collective]
    assert [m.text for m in book().mentions("Các sở và xã triển khai thực hiện.") if m.collective] == ["Các sở và xã"]


def test_a_long_name_the_data_does_not_know_is_read_whole() -> None:
    from dispatch.doers.agencybook import book

    text = "Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên, Ban Quản lý các Khu công nghiệp tỉnh phối hợp."
    assert next(m.text for m in book().mentions(text)) == "Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên"


@pytest.mark.parametrize(("text", "name"), [
    # "lâm" folds to "làm" (a verb), "tử" to "từ" (a preposition): the words as written end no name
    ("Viện Hàn lâm Khoa học và Công nghệ Việt Nam phối hợp thực hiện.", "Viện Hàn lâm Khoa học và Công nghệ Việt Nam"),
    ("Cục Phát thanh Truyền hình và Thông tin điện tử hướng dẫn.", "Cục Phát thanh Truyền hình và Thông tin điện tử"),
    # "và" between two words of one name, not between two bodies
    ("Đề nghị Ban Tuyên giáo và Dân vận Thành ủy chỉ đạo.", "Ban Tuyên giáo và Dân vận Thành ủy"),
    ("Trung tâm Văn hóa và Thể thao tỉnh tổ chức giải.", "Trung tâm Văn hóa và Thể thao tỉnh"),
    ("Trung tâm Y tế và Trạm Y tế xã rà soát.", "Trung tâm Y tế"),
    ("Trung tâm Y tế và Công an xã rà soát.", "Trung tâm Y tế"),
    # a directive verb after the name ends it
    ("UBND các phường, Trung tâm Dịch vụ công chú trọng công bố dữ liệu.", "Trung tâm Dịch vụ công"),
])
def test_a_name_the_data_does_not_know_ends_where_its_words_end(text: str, name: str) -> None:
    from dispatch.doers.agencybook import book

    assert next(m.text for m in book().mentions(text) if m.text.startswith(name.split()[0])) == name


@pytest.mark.parametrize(("text", "names"), [
    ("Giao các sở, ngành tỉnh; UBND các huyện, thành phố; Các Ban QLDA chuyên ngành tỉnh báo cáo.",
     ["các sở, ngành tỉnh", "UBND các huyện, thành phố", "Các Ban QLDA chuyên ngành tỉnh"]),
    ("yêu cầu UBND các huyện, thị xã, thành phố, các Ban Quản lý dự án, các chủ đầu tư khẩn trương đánh giá",
     ["UBND các huyện, thị xã, thành phố", "các Ban Quản lý dự án", "các chủ đầu tư"]),
    ("UBND các xã, các phường thực hiện.", ["UBND các xã, các phường"]),  # one list, no name after "các phường"
])
def test_a_group_named_after_a_group_list_is_a_group_of_its_own(text: str, names: list[str]) -> None:
    from dispatch.doers.agencybook import book

    assert [m.text for m in book().mentions(text)] == names
