"""Who must do the job a sentence describes: its lead agencies and its coordinators.

The lead is the agency list at the start of the clause ("Sở X, Sở Y thực hiện ...", "Các Sở,
Ban, ngành căn cứ ..."), possibly after an adverbial ("Sau khi ..., Sở X báo cáo ...") or after an
assignment verb ("Giao Sở X ...", "UBND tỉnh yêu cầu các Sở ...", "... được ... giao cho Bộ X").
Coordinators follow "phối hợp (với)". "X do Sở Y chủ trì" names Sở Y lead of X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from dispatch.core.rules import alternation, opening, rules
from dispatch.core.text import collapse, fold
from dispatch.doers.agencybook import book
from dispatch.doers.mentions import COMMITTEES, YOU, Mention
from dispatch.doers.places import is_place


@dataclass(frozen=True, slots=True)
class Assignment:
    """The doers named in one sentence."""

    leads: tuple[Mention, ...]
    coords: tuple[Mention, ...]
    narrative: bool  # the subject is there, but the sentence narrates or only informs
    predicate: str  # folded text after the subject
    start: int  # where the subject list starts
    supporting: bool = False  # "Sở Y tế phối hợp thực hiện": the named agencies coordinate, nobody leads
    opening: str = ""  # folded text before the subject ("trong qua trinh thuc hien, neu co kho khan, ")


@dataclass(frozen=True, slots=True)
class _Re:
    triggers: re.Pattern[str]
    titles_gap: re.Pattern[str]
    list_gap: re.Pattern[str]
    lead_words: re.Pattern[str]
    coord_words: re.Pattern[str]
    predicate: re.Pattern[str]
    non_task: re.Pattern[str]
    statement: re.Pattern[str]
    passive_ok: re.Pattern[str]
    opener: re.Pattern[str]
    issuerish: re.Pattern[str]
    inverted: re.Pattern[str]
    not_agency: re.Pattern[str]
    directing: re.Pattern[str]
    asks: re.Pattern[str]
    issuer_triggers: re.Pattern[str]
    about: re.Pattern[str]
    unmet: re.Pattern[str]
    past: re.Pattern[str]
    urges: re.Pattern[str]


@cache
def _re() -> _Re:
    a = rules().assignment
    titles = alternation(book().data.titles)
    return _Re(
        triggers=re.compile(rf"\b(?:{alternation(a.triggers)})\s*:?\s+"),  # "UBND tỉnh giao: Sở Y tế ..."
        titles_gap=re.compile(rf"^[\s,]*(?:(?:cac\s+)?(?:{titles})\s*,?\s*)*(?:cac\s+)?$"),
        list_gap=re.compile(
            rf"^(?:\s|,|;|\bva\b|\bcung\b|\bvoi\b|\((?:chu\s+tri|phoi\s+hop)\)|(?:cac\s+)?(?:{titles})\b)*$"
        ),
        lead_words=re.compile(rf"^\s*,?\s*(?:{alternation(a.lead_words)})\b"),
        coord_words=re.compile(rf"\b(?:{alternation(a.coordinate_words)})\b\s*(?:voi\s+)?"),
        predicate=re.compile(rf"^\s*,?\s*(?:{alternation(a.predicate_starts)})\b"),
        non_task=re.compile(rf"^\s*,?\s*(?:{alternation(a.non_task_after_subject + a.statements)})\b"),
        statement=re.compile(rf"^\s*,?\s*(?:{alternation(a.statements)})\b"),
        passive_ok=re.compile(rf"^\s*(?:{alternation(a.passive_ok)})\b"),
        opener=re.compile(rf"^\s*(?:{alternation(a.adverbial_openers)})\b|^\s*\d"),
        issuerish=re.compile(
            rf"(?:{alternation(a.issuer_words)}|\bong\b|\bba\b|dong chi|chu tich|thu tuong|bo truong|"
            r"giam doc|cong van nay|van ban nay|[a-z]+\.[a-z]+)"
        ),
        inverted=re.compile(r"\bdo\s+"),
        not_agency=re.compile(rf"^\s*(?:cac\s+)?(?:{alternation(a.not_agencies)})\b"),
        directing=re.compile(rf"^\s*,?\s*(?:{alternation(a.directing)})\s+"),
        asks=re.compile(rf"^\s*,?\s*(?:{alternation(a.triggers)})\b"),
        issuer_triggers=re.compile(rf"\b(?:{alternation(a.issuer_triggers)})\s+"),
        about=re.compile(r"^\s*(?:doi\s+voi|rieng|voi)\s+"),
        unmet=re.compile(rf"\b(?:{alternation(a.unmet)})\b"),
        past=re.compile(r"\b(?:da|tung|vua qua)\s*$"),
        urges=re.compile(rf"\b(?:{alternation(a.urging_words)})\b"),
    )


def _starts(f: str) -> list[int]:
    """Positions where a subject may begin: the start, and after leading adverbial chunks."""
    out = [0]
    r = _re()
    first = f.find(",")
    if r.opener.match(f) or re.match(r"^\s*(?:\d{1,2}\s*(?:h|gio|:))", f):
        pos = 0
        for _ in range(6):
            comma = f.find(",", pos)
            if comma == -1:
                break
            out.append(comma + 1)
            pos = comma + 1
    elif first > 0 and len(f[:first].split()) <= 4:  # "Văn bản nêu rõ, các địa phương phải ..."
        out.append(first + 1)
    colon = f.find(":", 0, 60)  # a label: "Chế độ báo cáo: Các cơ quan, đơn vị báo cáo ..."
    if colon > 0 and (first == -1 or colon < first) and len(f[:colon].split()) <= 5:
        out.append(colon + 1)
    return out


# A department or body named by its head word alone, then the job: "đề nghị Sở nghiên cứu, tham mưu ..."
_BARE_YOU = re.compile(r"(?:so|cuc|uy\s+ban|ubnd|don\s+vi|co\s+quan)(?=\s+[a-z])(?!\s+(?:va|cac|ngay|so)\b)")
_COLON = re.compile(r"\s*[:,]")  # "Đối với Sở Y tế: ..."
_CHU_TRI = re.compile(r"\s*chu\s+tri\b")  # "X do Sở Y chủ trì"


def subject_list(f: str, ms: list[Mention], pos: int) -> tuple[list[Mention], int]:
    """The agencies listed from `pos` of folded text `f` (titles and separators between), and the end."""
    r = _re()
    found: list[Mention] = []
    cur = pos
    for m in ms:
        if m.start < cur:
            continue
        gap = f[cur : m.start]
        if not found and not r.titles_gap.match(gap):
            break
        if found and not r.list_gap.match(gap):
            break
        if found and not gap.strip() and (m.collective or (is_place(m) and not fold(m.text).startswith("cac "))) and not found[-1].collective and m.kinds <= COMMITTEES:
            cur = m.end  # "Sở Y tế các tỉnh, thành phố", "Sở Y tế tỉnh Nghệ An": the department, not the province
            continue
        found.append(m)
        cur = m.end
    return found, cur


@lru_cache(maxsize=4096)  # pure in its text; a dispatch asks about the same lines several times
def heading_agencies(text: str) -> tuple[Mention, ...] | None:
    """The agencies of a line that only names agencies, maybe after "Đối với": a heading over their jobs."""
    whole, text = text, text.rstrip(" :.;")
    if not text or len(text) > 300:
        return None
    ms = book().mentions(whole)  # the same as without the colon; the scan a block's sentences are read from
    if not ms:
        return None
    f = fold(text)
    opener = opening(rules().assignment.heading_openers, r"\s+").match(f)
    found, end = subject_list(f, ms, opener.end() if opener else 0)
    return tuple(found) if found and not f[end:].strip(" .;:") else None


_LOWER_AFTER = re.compile(r"\s+[a-zđà-ỹ]")
_PRESS = re.compile(r"(?:Báo|Đài)\s+(?:và\s+)?[A-ZĐ]")  # "Báo và Phát thanh, Truyền hình thành phố"


@cache
def duty_end() -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{alternation(rules().assignment.duty_endings)})\s*$")


@cache
def _doer_noun() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(rules().assignment.doer_nouns)})\b")


@lru_cache(maxsize=4096)  # pure in its text; a dispatch asks about the same lines several times
def doer_heading(text: str) -> tuple[Mention, ...] | None:
    """The doers a short heading over sub-items names: known agencies, or one body the data does not know.

    "5. Sở Xây dựng", "11. Các đơn vị cấp nước sạch trên địa bàn thành phố có trách nhiệm", "7. Báo và Phát
    thanh, Truyền hình thành phố": the heading is a noun phrase, maybe closed by a duty ending, with no verb.
    """
    t = text.rstrip(" :.;")
    end = duty_end().search(fold(t))
    if end:
        t = t[: end.start()]
    # a duty ending closes a noun phrase of any reasonable length ("12. Các tổ chức, cá nhân và hộ gia đình khai
    # thác sử dụng tài nguyên nước dưới đất trên địa bàn có trách nhiệm")
    if not t or len(t.split()) > (30 if end else 16):
        return None
    known = heading_agencies(t)
    if known is not None:
        return known
    f = fold(t)
    ms = book().mentions(t)
    if (not ms or ms[0].start > 0) and not _doer_noun().match(f) and not _PRESS.match(t):
        return None
    if analyse(t) is not None and is_clause(t):
        return None
    if ms and ms[0].entry is not None and _LOWER_AFTER.match(t, ms[0].end):
        return None  # "1. Sở Nông nghiệp và Môi trường chỉ đạo Chi cục Biển đảo ...": a known body, then its verb
    # "Các Sở Xây dựng nêu trên" is a plural of bodies: it covers the bodies whose names start so
    return (Mention(0, len(t), t, collapse(t), frozenset(), f.startswith("cac ")),)


def coordinator_list(f: str, ms: list[Mention], after: int, leads: list[Mention]) -> list[Mention]:
    """The agencies named after each "phối hợp (với)" from `after` on, other than `leads`."""
    out: list[Mention] = []
    for cw in _re().coord_words.finditer(f, after):
        got, _ = subject_list(f, ms, cw.end())
        out += [m for m in got if m not in leads and m not in out]
    return out


# "đã / vừa yêu cầu" reports the instruction; "trân trọng / kính / xin đề nghị" asks it politely
_REPORTED = frozenset({"da", "vua", "cung da", "da co van ban", "vua co van ban", "tran trong", "kinh", "xin"})


_GENITIVE = re.compile(r"cua\s+(?:[a-z0-9]+\s*){1,6}")


def _accept_trigger(f: str, starts: list[int], t: re.Match[str], ms: list[Mention]) -> bool:
    """A trigger opens the clause, or follows who asks ("UBND tỉnh yêu cầu", "Bộ Y tế đề nghị")."""
    if any(t.start() - s <= 1 and f[s : t.start()].strip() == "" for s in starts):
        return True
    begin = max(s for s in starts if s <= t.start())
    prefix = f[begin : t.start()]
    if re.search(r"\bduoc\b", prefix):
        return True
    if ":" in prefix and len(prefix.rsplit(":", 1)[1].split()) == 0:
        return len(prefix.split()) <= 16
    if _re().past.search(prefix) and _re().unmet.search(f):
        return False  # "UBND tỉnh đã giao Sở X ... nhưng đến nay chưa ...": an earlier instruction, not met
    asker, _ = subject_list(f, ms, begin)
    between = f[asker[-1].end : t.start()].strip() if asker else None
    if between == "" or (between in _REPORTED and not _re().unmet.search(f)):
        return True  # "UBND thành phố (đã / vừa) yêu cầu các sở ...", not "... đã giao ... nhưng đến nay ..."
    if between is not None and _GENITIVE.fullmatch(between):
        return True  # "Ban Chỉ đạo của Chính phủ đề nghị ...": the asker, named with whose it is
    comma = f.rfind(", ", begin, t.start())
    if comma != -1 and not asker:
        # "Trên đây là một số nội dung trọng tâm ..., Ban Chỉ đạo của Chính phủ đề nghị ...": the asker opens the
        # clause after the setting's comma
        asker, _ = subject_list(f, ms, comma + 2)
        between = f[asker[-1].end : t.start()].strip() if asker else None
        if between is not None and (between == "" or _GENITIVE.fullmatch(between)):
            return True
    return len(prefix.split()) <= 12 and _re().issuerish.search(prefix) is not None


def _own_subject(f: str, ms: list[Mention], begin: int, at: int) -> bool:
    """ "Bộ trưởng các Bộ: Quốc phòng, Công an chỉ đạo ...": a title over named bodies, who direct their own."""
    named, end = subject_list(f, ms, begin)
    r = _re()
    return bool(named) and not f[end:at].strip() and not any(r.issuerish.search(f[m.start : m.end]) for m in named)


@lru_cache(maxsize=4096)  # pure in its text; a dispatch asks about the same lines several times
def analyse(sentence: str) -> Assignment | None:
    """The doers of `sentence`, or None when it names none at its subject position."""
    f = fold(sentence)
    ms = book().mentions(sentence)
    if not ms:
        return None
    r = _re()
    starts = _starts(f)
    for t in r.triggers.finditer(f):
        if not _accept_trigger(f, starts, t, ms):
            continue
        leads, end = subject_list(f, ms, t.end())
        if leads:
            return _finish(f, ms, leads, end, from_trigger=True)
        you = _BARE_YOU.match(f, t.end())  # "đề nghị Sở nghiên cứu ...": the one the letter is sent to
        if you:
            mention = Mention(you.start(), you.end(), sentence[you.start() : you.end()], "Quý cơ quan",
                              frozenset({YOU}), True)  # fmt: skip
            return _finish(f, [mention, *ms], [mention], you.end(), from_trigger=True)
    for t in r.issuer_triggers.finditer(f):
        prefix = f[max(s for s in starts if s <= t.start()) : t.start()]
        # "UBND tỉnh đã chỉ đạo ... triển khai nhiều giải pháp" tells what was done; "UBND tỉnh đã chỉ đạo Sở Y tế
        # khẩn trương kiểm tra ..." is how a restatement reports the instruction: it urges (assignment.urging_words)
        past = r.past.search(prefix) and (r.unmet.search(f) or not r.urges.search(f, t.end()))
        if prefix.strip() and not past and len(prefix.split()) <= 10 and r.issuerish.search(prefix):
            if _own_subject(f, ms, t.start() - len(prefix), t.start()):
                continue
            leads, end = subject_list(f, ms, t.end())
            if leads:
                return _finish(f, ms, leads, end, from_trigger=True)
    about = r.about.match(f)  # "Đối với Sở Y tế: ..." / "Riêng UBND các huyện, ..."
    if about:
        leads, end = subject_list(f, ms, about.end())
        colon = _COLON.match(f, end) if leads else None
        if colon:
            return _finish(f, ms, leads, colon.end(), from_trigger=True)
        if leads and f.startswith("rieng"):  # "Riêng UBND huyện Khánh Sơn khẩn trương ...": the exception's doer
            got = _finish(f, ms, leads, end, from_trigger=False, at_start=False)
            if got is not None:
                return got
    ends = {m.end for m in ms}
    bare = {m.start for m in ms if not m.collective and not book().head_cap_re.match(m.text)}
    for s in starts:
        if r.not_agency.match(f[s:]):
            return None
        at = s + len(f[s:]) - len(f[s:].lstrip())
        if at in bare and len(f[:s].rstrip(" ,;")) in ends:
            continue  # "... phía đông các tỉnh Quảng Ngãi, Gia Lai có mưa": a bare name going on a list of names
        leads, end = subject_list(f, ms, s)
        if leads:
            got = _finish(f, ms, leads, end, from_trigger=False, at_start=s == 0)
            if got is not None:
                return got
    return None


_MANNER = re.compile(r"(?:\s*,\s*(?:cac\s+)?[a-z ]{3,25}?){0,3}\s*,?\s*(?:tren\s+tinh\s+than|voi\s+tinh\s+than|theo\s+tinh\s+than|voi\s+quyet\s+tam)\b")


@cache
def _job_after_comma() -> re.Pattern[str]:
    """A comma before a predicate ("..., chủ động giải quyết ...")."""
    return re.compile(rf",\s*(?=(?:{alternation(rules().assignment.predicate_starts)})\b)")


_ROLE_NOTE = re.compile(r"\s*\((?:chu\s+tri|phoi\s+hop|[^()]{1,60})\)")
_APPOSITIVE = re.compile(r"\s*,?\s*(?:voi\s+vai\s+tro|voi\s+tu\s+cach|la\s+co\s+quan\s+(?:thuong\s+truc|dau\s+moi))[^,;.:]{0,80},")


def _finish(
    f: str, ms: list[Mention], leads: list[Mention], end: int, *, from_trigger: bool, at_start: bool = True
) -> Assignment | None:
    r = _re()
    # "Sở Y tế (chủ trì)", "Sở Y tế (cơ quan thường trực)": a note on the doer, the predicate follows
    role_note = _ROLE_NOTE.match(f, end) or _APPOSITIVE.match(f, end)
    if role_note:  # ... or its role set off by commas: "Bộ Xây dựng với vai trò là cơ quan thường trực, chủ động ..."
        end = role_note.end()
    elif _MANNER.match(f, end):
        # "các bộ, ngành, địa phương ... trên tinh thần “...”, trong phân công công việc bảo đảm ..., chủ động giải
        # quyết ...": a manner set off by commas between the doers and the job
        job = _job_after_comma().search(f, end, end + 400)
        if job is not None:
            end = job.start()
    rest = f[end:]
    narrative = False
    directed = r.directing.match(rest)
    if directed:
        more, more_end = subject_list(f, ms, end + directed.end())
        if more and not any("*" in m.kinds for m in more):  # "UBND các tỉnh chỉ đạo Sở Y tế thực hiện ...": both act
            leads = leads + [m for m in more if m not in leads]
            rest = f[more_end:]
    paren = [m for m in leads if re.match(r"\s*\(phoi\s+hop\)", f[m.end :])]
    if paren and len(paren) < len(leads):  # "Sở Y tế (chủ trì), Sở Tài chính (phối hợp) ..."
        leads = [m for m in leads if m not in paren]
    lead_word = r.lead_words.match(rest)
    if lead_word:  # "Sở X chủ trì, Sở Y phối hợp ...": the agencies named before "phối hợp"
        named, named_end = subject_list(f, ms, end + lead_word.end())
        if named and re.match(r"^\s*,?\s*phoi\s+hop\b", f[named_end:]):
            paren += named
    if lead_word or r.passive_ok.match(rest):
        pass
    elif r.asks.match(rest) or (  # "Bộ Y tế đề nghị ...": the one who asks, not a doer
        r.non_task.match(rest) and (not from_trigger or re.match(r"^\s*,?\s*(?:co the|da)\b", rest) or r.statement.match(rest))
    ):
        narrative = True
    elif not (rest.strip() == "" or rest.lstrip().startswith(":") or r.predicate.match(rest) or from_trigger) and (
        # At the very start any verb may follow the subject; what cannot is a bracket, a number or a
        # preposition. After an adverbial the predicate must be one of the known ones.
        not at_start
        or re.match(r"^\s*(?:[(\[.\d/]|(?:cua|ve|tai|nam|thang|ngay|so|theo|nhu|thi|ma|hoac|tren|duoi|o)\b)", rest)
    ):
        return None
    issuer = rules().assignment.issuer_words
    if not from_trigger and all(re.sub(r"\s+", " ", fold(m.text)).strip() in issuer for m in leads):
        narrative = True
    coords = paren + [m for m in coordinator_list(f, ms, end, leads) if m not in paren]
    # "Sở X phối hợp thực hiện" supports; "Các Bộ: Nông nghiệp và Môi trường, Công Thương phối hợp chặt chẽ" work
    # together, each leading
    supporting = len(leads) == 1 and re.match(r"\s*,?\s*(?:cung\s+)?phoi\s+hop\b(?!\s+(?:voi|cung)\b)", rest) is not None
    return Assignment(tuple(leads), tuple(coords), narrative, rest.strip(" ,:"), leads[0].start, supporting,
                      f[: leads[0].start])


def inverted(sentence: str) -> list[tuple[int, int, Mention]]:
    """Segments "X do Sở Y chủ trì" as (start, end, lead)."""
    f = fold(sentence)
    ms = book().mentions(sentence)
    out: list[tuple[int, int, Mention]] = []
    for m in _re().inverted.finditer(f):
        leads, end = subject_list(f, ms, m.end())
        lead_word = _CHU_TRI.match(f, end)
        if len(leads) != 1 or lead_word is None:
            continue
        seg_start = max(f.rfind(c, 0, m.start()) + 1 for c in ",:;")
        if out:
            seg_start = max(seg_start, out[-1][1])
        out.append((seg_start, lead_word.end(), leads[0]))
    return out


@lru_cache(maxsize=4096)  # pure in its text; a dispatch asks about the same lines several times
def is_clause(text: str) -> bool:
    """Whether `text` says what its agencies do ("Bộ Công an tiến hành rà soát ..."), not only lists them
    ("Các cơ quan, đơn vị theo quy định.", "Sở Tư pháp theo chức năng, nhiệm vụ": doers and a manner)."""
    a = analyse(text)
    if a is None or not a.leads or _re().predicate.match(a.predicate) is None:
        return False
    manner = _MANNER_ONLY.fullmatch(a.predicate.strip(" .;,"))
    return manner is None or any(
        _re().predicate.match(w.group()) and not w.group().startswith("duoc")
        for w in re.finditer(r"\w+(?:\s+\w+)?", manner.group("rest"))
    )


# A lead line's words after its doers that only say how they act: "theo quy định", "theo chức năng, nhiệm vụ
# được giao", "theo thẩm quyền" (folded); one that goes on to a job ("theo quy định tổ chức kiểm tra") is a clause
_MANNER_ONLY = re.compile(r"theo\s+(?:quy\s+dinh|chuc\s+nang|tham\s+quyen|phan\s+cap|linh\s+vuc|nhiem\s+vu)(?P<rest>[^;:]{0,60})")


def names_other_subject(sentence: str) -> bool:
    """Whether the sentence is about people who cannot be assigned a task ("các thí sinh ...")."""
    f = fold(sentence)
    return any(_re().not_agency.match(f[s:]) for s in _starts(f))
