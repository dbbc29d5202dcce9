"""Small builders for extraction tests: a dispatch around one sentence."""

from __future__ import annotations

from dispatch import Extraction, extract


def dispatch_with(body: str, *, issued: str = "ngày 22 tháng 7 năm 2021", place: str = "Thái Nguyên") -> str:
    """A minimal dispatch of UBND tỉnh with `body` as its only paragraph."""
    return (
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n\nSố: 100/UBND-TH\n\n"
        f"{place}, {issued}\n\nV/v triển khai nhiệm vụ\n\n"
        "Kính gửi:\n- Các Sở, Ban, ngành của tỉnh;\n- UBND các huyện, thành phố.\n\n"
        f"{body}\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn An\n"
    )


def only_task(result: Extraction) -> dict[str, object]:
    """The single task of `result`, as a dict (fails when there is not exactly one)."""
    tasks = result.to_dict()["tasks"]
    assert len(tasks) == 1, [t["text"] for t in tasks]
    return tasks[0]


def task_for(body: str, *, agency: str = "Sở Y tế", **kw: object) -> dict[str, object]:
    """The one task `agency` gets from a dispatch made of `body`."""
    issued = kw.pop("issued", "ngày 22 tháng 7 năm 2021")
    return only_task(extract(dispatch_with(body, issued=str(issued)), agency=agency, **kw))  # type: ignore[arg-type]
