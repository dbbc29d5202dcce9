"""extract(): from the text of a dispatch to its metadata and the tasks it assigns.

dispatch.clauses.walk drafts the tasks from the structure; here they get their deadlines, split where one
item gives separate jobs separate dates, and are filtered for the agency asked about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from itertools import islice

from dispatch.clauses.draft import Draft
from dispatch.clauses.walk import Walker
from dispatch.core.rules import alternation, rules
from dispatch.core.text import collapse, fold, normalize
from dispatch.doers.agencies import query_agency
from dispatch.doers.assign import Assignment, analyse, heading_agencies
from dispatch.doers.mentions import COMMITTEES, EVERYONE, Mention, same_agency
from dispatch.layout.document import Document
from dispatch.layout.sentences import coordinators, starts_with
from dispatch.layout.structure import parse
from dispatch.model import Assignee, Extraction, Role, Task
from dispatch.time.calendar import WorkCalendar, default_calendar, end_of_month, end_of_quarter, end_of_year
from dispatch.time.dates import QUARTERS, find_deadlines, is_ongoing, vague_deadline
from dispatch.time.deadline import Deadline
from dispatch.time.recurring import plain_recurrence
from dispatch.time.urgency import read_urgency


@dataclass(frozen=True, slots=True)
class When:
    """What dates a dispatch's deadlines: its issue day (or the day it arrived), and the working calendar.

    `implied`: the text gives no issue day and `ref` is only the first day of the year it speaks of, enough to
    put a year to "trước ngày 28-10" but not to count "trong 05 ngày kể từ ngày ký".
    """

    ref: date | None
    received: date | None
    cal: WorkCalendar
    implied: bool = False
    # the deadlines of each text already read in this extraction: a draft's text is read for its split,
    # its supporting sentence and its deadline (Deadline is frozen; callers copy the list they extend)
    _seen: dict[str, tuple[Deadline, ...]] = field(default_factory=dict, compare=False, repr=False)

    def find(self, text: str) -> list[Deadline]:
        got = self._seen.get(text)
        if got is None:
            got = self._seen[text] = tuple(find_deadlines(text, ref=self.ref, received=self.received, calendar=self.cal))
        return list(got)


# a year alone ("năm 2025"), or closing a date ("14/10/2021 08:30", the page date of a restatement)
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?!\d)|(?<=\d[/.-])((?:19|20)\d\d)(?![\d/])")


def _implied_reference(text: str) -> date | None:
    """1 January of the year a dispatch without an issue date speaks of most (a restatement's year)."""
    years = [int(a or b) for a, b in _YEAR.findall(text[:20000])]
    if not years:
        return None
    best = max(set(years), key=lambda y: (years.count(y), y))
    return date(best, 1, 1)


@cache
def _segment_pattern() -> re.Pattern[str]:
    """In folded text: a ";" between clauses, or the end of a sentence before one that opens on a period and
    reports ("Định kỳ báo cáo ...", "Hằng năm hoặc đột xuất báo cáo ...")."""
    d = rules().deadlines
    periods = alternation((*d.yearly, *d.quarterly, *d.monthly, *d.weekly, "dinh ky"))
    return re.compile(rf"(;\s*|(?<=\.)\s+(?=(?:{periods})\b[^.;]{{0,60}}\bbao cao\b))")


def _segments(text: str) -> list[tuple[str, str]]:
    """(separator before, clause) of `text` split by _segment_pattern, empty clauses left out."""
    out, last, sep = [], 0, ""
    for m in _segment_pattern().finditer(fold(text)):
        out.append((sep, text[last : m.start()]))
        sep, last = text[m.start() : m.end()], m.end()
    out.append((sep, text[last:]))
    return [(a, b) for a, b in out if b.strip()]


def _split(d: Draft, w: When) -> list[Draft]:
    """One item that gives the same doer separate jobs with separate dates becomes several tasks."""
    text = d.text
    if d.row:
        return [d]
    segments = _segments(text)  # the clauses of a ";" list, and a sentence that is a periodic report of its own
    if len(segments) < 2:
        return [d]
    # "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã ... tổ chức ...": addressees, not a job
    while len(segments) > 1 and heading_agencies(segments[0][1]) is not None:
        segments[:2] = [(segments[0][0], f"{segments[0][1]}{segments[1][0]}{segments[1][1]}")]
    if len(segments) < 2:
        return [d]
    ar = rules().assignment
    out: list[list[tuple[str, str]]] = [[segments[0]]]
    dated = bool(_strong(segments[0][1], w))
    owners: list[Assignment | None] = [None]
    for sep, seg in segments[1:]:
        f = collapse(fold(seg))
        role_word = re.match(r"(?:dong thoi\s+)?chu tri\b", f) is not None
        has_date = any(x.date or not x.relative for x in _strong(seg, w))  # not "05 ngày trước khi ..." alone
        report = any(f.startswith(v) for v in ar.report_verbs)
        # "... xong trong tháng 12/2025. Định kỳ báo cáo UBND tỉnh ... hằng năm (trước ngày 15 tháng 11)": the
        # periodic report is a job of its own beside the one-off one (README: split by its recurring report)
        periodic = not sep.startswith(";")
        own = analyse(seg)
        other = own is not None and not own.narrative and any(not m.collective for m in own.leads) and {
            m.name for m in own.leads
        } != {m.name for m in d.leads}
        if other or role_word or periodic or (has_date and not dated and not report):
            out.append([(sep, seg)])
            owners.append(own if other else None)
            dated = has_date
        else:
            out[-1].append((sep, seg))
            dated = dated or has_date
    if len(out) == 1:
        return [d]
    result = []
    for segs, own in zip(out, owners, strict=True):
        body = segs[0][1] + "".join(f"{sep}{seg}" for sep, seg in segs[1:])
        if own is not None:
            said = own if len(segs) == 1 else None  # own is analyse(segs[0])
            result.append(Draft([body], own.leads, own.coords, d.paragraph, d.block, extra=d.extra, said=said))
            continue
        coords = coordinators(body, d.leads)
        result.append(Draft([body], d.leads, coords, d.paragraph, d.block, d.inherited, d.broad, d.extra))
    return result


_APPENDIX_REF = re.compile(r"\bphu luc\b")


def _date_appendix_rows(drafts: list[Draft], doc: Document) -> None:
    """A paragraph of the body about the appendix ("xử lý các kiến nghị ... (Phụ lục kèm theo), hoàn thành
    trước ngày 15/12/2025") dates the appendix's rows that have no time of their own."""
    if not any(d.row for d in drafts):
        return
    about = [b.text for b in doc.blocks if b.kind != "row" and _APPENDIX_REF.search(fold(b.text))]
    if about:
        for d in drafts:
            if d.row and not d.due:
                d.extra.extend(about)


def _supporting(d: Draft, before: Draft | None) -> Draft:
    """A job whose named doers only "phối hợp thực hiện" has them as coordinators of the job before it."""
    if d.row or d.inherited or not d.leads or "phối hợp" not in d.parts[0].lower():
        return d
    a = d.said if d.said is not None else analyse(d.parts[0])
    if a is None or not a.supporting or {m.name for m in a.leads} != {m.name for m in d.leads}:
        return d
    extra = [*d.extra, before.text] if before is not None and before.block == d.block else d.extra
    return Draft(d.parts, (), (*d.leads, *d.coords), d.paragraph, d.block, d.inherited, d.broad, extra)


def _strong(text: str, w: When) -> list[Deadline]:
    return [x for x in w.find(text) if not x.weak]


def _for_coordinator(d: Draft) -> Draft:
    """A coordinator shares the job's date, not the lead's own reporting that closes the item."""
    verbs = rules().assignment.report_verbs
    keep = [d.parts[0]] + [p for p in d.parts[1:] if not starts_with(p, verbs)]
    return replace(d, parts=keep)


# A time cell that only says when the work starts ("Từ 01/7/2025", "Từ năm 2026"): no end, so no deadline
_OPEN_START = re.compile(
    r"\s*tu\s+(?:ngay\s+|thang\s+|nam\s+)?(?:\d{1,2}(?P<sep>[/.\-])\d{1,2}(?P=sep)\d{4}|\d{1,2}/\d{4}|\d{4})\s*(?:tro\s+di)?[.;]?\s*$"
)
_DUE = "Thời hạn: "  # a table's time cell is a deadline whatever its wording ("Tháng 6/2025", "Năm 2025")


def _due(d: Draft, w: When) -> dict[str, object] | None:
    """The deadline of a table row from its time cell, or None to read the row's content instead."""
    due = d.due or ""
    if _OPEN_START.match(collapse(fold(due))):
        return {"deadline_text": due, "recurrence": None, "ongoing": True}  # "Từ 01/7/2025": from then on
    found = _strong(_DUE + due, w)
    one_off = sorted((x for x in found if x.date and not x.recurrence and not x.relative), key=lambda x: x.date or date.max)
    chosen = one_off[0] if one_off else next((x for x in found if x.recurrence or x.relative), None)
    if chosen is not None:
        shown = chosen.text[len(_DUE) :] if chosen.text.startswith(_DUE) else chosen.text
        return {"deadline": chosen.date, "deadline_time": chosen.time, "deadline_text": shown,
                "recurrence": chosen.recurrence, "relative": chosen.relative, "ongoing": False}
    bare = _bare_time(due, w.ref)
    if bare is not None:
        return {"deadline": bare, "deadline_time": None, "deadline_text": collapse(due), "recurrence": None,
                "relative": None, "ongoing": False}
    rec, ongoing = plain_recurrence(due), is_ongoing(due)
    if rec or ongoing:
        return {"deadline_text": due, "recurrence": rec, "ongoing": ongoing and not rec}
    return None


# What a time cell may say without a deadline marker, which only a time column makes a deadline:
_CELL_YEARS = re.compile(r"(?:giai doan\s+|nam\s+)?(\d{4})\s*[-–]\s*(\d{4})")  # "2026-2030": the window's end
_CELL_YEAR = re.compile(r"(?:den\s+(?:het\s+)?nam\s+)?(\d{4})")  # "2026", "Đến năm 2030"
_CELL_MONTH = re.compile(r"(\d{1,2})\s*/\s*(\d{4})")  # "6/2026"
_CELL_QUARTERS = re.compile(r"(?:quy|qui)\s+(i{1,3}|iv)(?:\s*[-–]\s*(i{1,3}|iv))?(?:\s*(?:/|nam|-)\s*(\d{4}))?")


def _bare_time(due: str, ref: date | None) -> date | None:
    """The day a time cell names without a marker: "2026-2030", "2026", "6/2026", "Quý III-IV/2026", "Quý IV"
    (of the dispatch's year); None when it names none of them (or an open end: "Từ năm 2026")."""
    f = collapse(fold(due)).strip(" .;:")
    m = _CELL_YEARS.fullmatch(f)
    if m and int(m.group(1)) <= int(m.group(2)) <= 2100:
        return end_of_year(int(m.group(2)))
    m = _CELL_YEAR.fullmatch(f)
    if m and 1990 <= int(m.group(1)) <= 2100:
        return end_of_year(int(m.group(1)))
    m = _CELL_MONTH.fullmatch(f)
    if m and 1 <= int(m.group(1)) <= 12 and 1990 <= int(m.group(2)) <= 2100:
        return end_of_month(int(m.group(2)), int(m.group(1)))
    m = _CELL_QUARTERS.fullmatch(f)
    if m and (m.group(3) or ref):
        q = QUARTERS[m.group(2) or m.group(1)]
        year = int(m.group(3)) if m.group(3) else ref.year if ref else 0
        return end_of_quarter(year, q) if 1990 <= year <= 2100 else None
    return None


def _deadline(d: Draft, w: When) -> dict[str, object]:
    if d.due:
        got = _due(d, w)
        if got is not None:
            return got
    text = d.text
    found = w.find(text)
    # the task's own words first: an event it must be ready for ("tổ chức thành công lễ khánh thành vào ngày
    # 19/12/2025") dates it before a heading's "trong năm 2025" does
    own_event = any(x.weak and x.date and (w.ref is None or x.date >= w.ref) for x in found)
    if all(x.weak for x in found) and not own_event:
        for extra in d.extra:
            found += w.find(extra)
    strong = [x for x in found if not x.weak]
    # a date counted back from a dated event ("03 ngày làm việc trước ngày 14/12") is as firm as the event's
    one_off = sorted(
        (x for x in strong if x.date and not x.recurrence and (not x.relative or " before an event" in x.relative)),
        key=lambda x: x.date or date.max,
    )
    chosen = one_off[0] if one_off else next((x for x in strong if x.recurrence), None) or next(
        (x for x in strong if x.relative), None
    ) or next((x for x in found if x.weak and x.date and (w.ref is None or x.date >= w.ref)), None)
    out: dict[str, object] = {}
    if chosen is not None:
        # counted from a signing or receipt day the text does not give, a relative deadline has no date
        # ... and so has the next occurrence of a recurring one ("trước 15 giờ hằng ngày" is not 2 January)
        due = None if w.implied and (chosen.relative or chosen.recurrence) else chosen.date
        out = {"deadline": due, "deadline_time": chosen.time, "deadline_text": chosen.text,
               "recurrence": chosen.recurrence, "relative": chosen.relative}
    else:
        out = {"deadline_text": vague_deadline(text), "recurrence": plain_recurrence(text)}
    out["ongoing"] = out.get("deadline") is None and is_ongoing(text)
    return out


_ABOVE = re.compile(r"\b(?:neu tren|noi tren)\s*$")
_WORDS = re.compile(r"[^\W\d_]+")
_GROUP_TAIL = re.compile(r"\b(?:truc thuoc|thuoc|tren dia ban|co lien quan|lien quan|cua|neu tren|noi tren)\b.*$")


def _job_key(d: Draft) -> tuple[tuple[str, ...], tuple[str, ...], str] | None:
    """The doers of a draft and the first words of its job after them: what a repeat of it has too."""
    if not d.leads:
        return None
    f = fold(d.text)
    at = f.find(fold(d.leads[-1].text))
    if at < 0:
        return None
    job = re.sub(r"\W+", " ", f[at + len(d.leads[-1].text) :]).strip()[:60]
    if len(job) < 40:
        return None
    return tuple(sorted(m.name for m in d.leads)), tuple(sorted(m.name for m in d.coords)), job


def _once(drafts: list[Draft]) -> list[Draft]:
    """Each job once: a portal page repeats its lead sentence as the headline or sapo ("UBND tỉnh giao Sở X
    chủ trì ..." above the body's "Theo đó, giao Sở X chủ trì ..."). The first keeps the fuller wording."""
    seen: dict[tuple[tuple[str, ...], tuple[str, ...], str], Draft] = {}
    out = []
    for d in drafts:
        key = _job_key(d)
        first = seen.get(key) if key is not None else None
        if first is not None:
            if len(d.text) > len(first.text):
                first.parts, first.extra = list(d.parts), [*first.extra, *d.extra]
            continue
        if key is not None:
            seen[key] = d
        out.append(d)
    return out


def _same_kind_of_body(group: Mention, q: Mention) -> bool:
    """ "Các bệnh viện trực thuộc Sở" includes "Bệnh viện Đa khoa tỉnh": a plural of bodies the data has no
    kind for covers the bodies whose name starts with its words ("các Trung tâm Y tế huyện")."""
    if group.kinds:
        return False
    words = _GROUP_TAIL.sub("", collapse(fold(group.text)).removeprefix("cac ")).split()
    return bool(words) and collapse(fold(q.name)).split()[: len(words)] == words


def _same_group(q: Mention, m: Mention) -> bool:
    """Whether collective `m` names the very group the reader is ("UBND cấp xã" for "UBND các xã, phường"):
    the group is named on its own, the job is its own, not one it shares with everyone."""
    return q.collective and m.collective and bool(q.kinds) and EVERYONE not in q.kinds and m.kinds == q.kinds


def _role(d: Draft, q: Mention, issued: date | None) -> Role | None:
    for m in d.leads:
        if same_agency(q, m, issued=issued) or _same_group(q, m):
            return "all" if d.inherited and d.broad else "lead"
    for m in d.coords:
        if same_agency(q, m, issued=issued):
            return "coordinate"
    covering = [m for m in d.leads if m.collective and (m.covers(q.kinds) or _same_kind_of_body(m, q))]
    if covering:
        # "Các Sở Xây dựng nêu trên", "UBND các tỉnh ... nêu trên": the bodies named above, each its own job
        return "lead" if any(_ABOVE.search(fold(m.text)) for m in covering) else "all"
    beside = d.row or any(not c.collective for c in d.coords)
    if beside and any(m.collective and m.covers(q.kinds) and _names_members(m) for m in d.coords):
        # a group named in a table's "phối hợp" column ("UBND các xã, phường") or beside specific coordinators
        # in prose ("phối hợp với Sở Tài chính, UBND các xã, phường") coordinates; "các sở, ngành liên quan",
        # "các cơ quan, đơn vị" name nobody, in a column as in prose (a manner of working, README conventions)
        return "coordinate"
    return None


def _names_members(m: Mention) -> bool:
    """Whether collective coordinator `m` names its members: a group of committees ("UBND các xã, phường")
    does; "các sở, ngành", "các cơ quan, đơn vị liên quan" name nobody (README: generic coordinators)."""
    return EVERYONE not in m.kinds and "lien quan" not in fold(m.text) and m.kinds <= COMMITTEES


_TOPIC_ONLY = re.compile(r"(?:Về|VỀ)\s[^,.;:]{3,120}")
_FIGURE = re.compile(r"[+\-−]?\d[\d.,]*%?|[xX]")  # a figure, or a table's tick ("x")
_DATUM = re.compile(r":\s*[\d.,]+\s*\S*\s*[;.]?$|\s\d+[;.]?$")


def _no_job(text: str) -> bool:
    """A stray cell, mark or datum, no job anyone can do: "31/10/2025 45", "x x 2", "IV", "Bộ trưởng", and under
    six words a value ("Xăng RON95: 0 đồng/lít;") or a row label with its number ("Vận tải hàng không 11")."""
    words = sum(1 for _ in islice(_WORDS.finditer(text, 0, 400), 6))
    if words < 3 or (words < 6 and _DATUM.search(text.strip()) is not None):
        return True
    if len(text) < 150 and (heading_agencies(text) is not None or _TOPIC_ONLY.fullmatch(text.strip())):
        # "Sở Nông nghiệp và Môi trường", "Về nhiệm vụ trọng tâm từ nay đến tháng 6/2027": a heading whose jobs
        # are below it, not a job
        return True
    # a row of figures: "Xăng E5RON92 19.844 19.807 -37 -0,19" (a price table read as lines)
    tokens = text.split(maxsplit=12)[:12]
    figures = sum(1 for t in tokens if _FIGURE.fullmatch(t))
    return figures >= 3 and figures * 5 >= len(tokens) * 2


def extract(
    text: str, *, agency: str | None = None, received: date | None = None, calendar: WorkCalendar | None = None
) -> Extraction:
    """Metadata and tasks of a dispatch; with `agency`, only the tasks that concern that agency.

    Pure: `received` (the day the dispatch arrived) defaults to the issue date and only matters
    for deadlines counted from receipt ("trong 05 ngày làm việc kể từ ngày nhận được").
    """
    cal = calendar or default_calendar()
    clean = normalize(text)
    doc = parse(clean)
    issuer = query_agency(doc.issuer) if doc.issuer else None
    if issuer is not None and issuer.entry is not None:
        doc.issuer = issuer.entry.name
    ref = doc.issued or received
    w = When(ref or _implied_reference(text), received or doc.issued, cal, implied=ref is None)
    drafts = [p for d in Walker(doc, issuer=issuer).run() for p in _split(d, w)]
    drafts = [_supporting(d, drafts[i - 1] if i else None) for i, d in enumerate(drafts)]
    _date_appendix_rows(drafts, doc)
    drafts = _once(drafts)
    query = query_agency(agency) if agency else None
    tasks = []
    for d in drafts:
        if _no_job(d.text):
            continue
        role: Role | None = None
        if query is not None:
            role = _role(d, query, doc.issued)
            if role is None:
                continue
        collective = "; ".join(m.text for m in d.leads if m.collective) or None
        assignees = tuple(
            [Assignee(m.name, "lead") for m in d.leads if not m.collective]
            + [Assignee(m.name, "coordinate") for m in d.coords if not m.collective]
        )
        dl = _deadline(_for_coordinator(d) if role == "coordinate" else d, w)
        tasks.append(Task(text=d.text, assignees=assignees, collective=collective, role=role, **dl))  # type: ignore[arg-type]
    return Extraction(
        number=doc.number,
        issued=doc.issued,
        place=doc.place,
        issuer=doc.issuer,
        subject=doc.subject,
        recipients=tuple(doc.recipients),
        signer=doc.signer,
        tasks=tuple(tasks),
        urgency=read_urgency(clean, normalized=True),
    )
