"""Walk the blocks of a dispatch and draft its tasks: who governs which item, where a job splits off.

A lead-in ("... yêu cầu các Sở, Ban, ngành ... sau:") governs the items below it, a heading naming an
agency governs the bullets under it, an item or sentence that names its own agency is that agency's
task. Free prose is read sentence by sentence, with follow-up and sequence rules.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from dispatch.clauses.draft import Draft
from dispatch.core.rules import rules
from dispatch.core.text import fold
from dispatch.doers.agencybook import book
from dispatch.doers.assign import (
    Assignment,
    analyse,
    doer_heading,
    duty_end,
    heading_agencies,
    inverted,
    is_clause,
    names_other_subject,
)
from dispatch.doers.mentions import EVERYONE, YOU, Mention, same_agency
from dispatch.layout.blocks import aims_heading, cell_agencies, info_heading, recipient_agencies
from dispatch.layout.document import Block, Document
from dispatch.layout.fields import Fields, field_groups, field_of
from dispatch.layout.sentences import (
    clip_to_doer,
    coordinators,
    is_closing_formula,
    split_sentences,
    starts_with,
)
from dispatch.time.deadline import valid_date

# After the doers of a heading over sub-items, only where they are: "1. Chủ tịch UBND các tỉnh, thành phố từ Hà Tĩnh
# đến Khánh Hòa:" names who does the jobs below it, and is no job itself.
_NO_JOB_AFTER_DOERS = re.compile(
    r"(?:(?:tu\s+.{1,40}?\s+den\s+.{1,40}?|tren\s+dia\s+ban.{0,40}?|neu\s+tren|khu\s+vuc\s+[^:]{1,40}?)\s*)?"
    r"(?:,?\s*(?:nhat\s+la|dac\s+biet\s+la|trong\s+do(?:\s+trong\s+tam\s+la)?)\s+(?:cac\s+)?(?:tinh|thanh\s+pho|xa|phuong)?"
    r"\s*:?[^:]{0,160})?:?\s*"
)


def _names_doers_only(d: Draft, text: str) -> bool:
    said = d.said or analyse(text)
    return said is not None and _NO_JOB_AFTER_DOERS.fullmatch(said.predicate) is not None


# A numbered item ending so only introduces its sub-items ("... thực hiện các nhiệm vụ sau:").
# "... các nhiệm vụ sau, hoàn thành trong tháng 12/2025:" too: the time phrase dates the sub-items.
_ONLY_INTRODUCES = re.compile(r"(?:\bsau|\bsau day|\bcu the|\bnhu sau)(?:\s*,[^:]{0,80})?\s*:\s*$")


@cache
def _answers_for() -> tuple[str, ...]:
    """The responsibility statements that are none without their subject either ("Chịu trách nhiệm toàn diện
    trước Chính phủ ..."); "Chịu trách nhiệm về nội dung thẩm định" under "... có trách nhiệm:" is a duty."""
    return tuple(x for x in rules().assignment.statements if " ve " not in f" {fold(x)} ")


def _is_broad(ms: tuple[Mention, ...]) -> bool:
    groups = [m for m in ms if m.collective]
    return bool(groups) and (len(ms) > 1 or any(EVERYONE in m.kinds or len(m.kinds) > 1 for m in groups))


_DAY = re.compile(r"\bngay\s+\d|\b\d{1,2}\s*[/.-]\s*\d{1,2}\b")
_ORDER = {"roman": 0, "num": 1, "letter": 2, "bullet": 3}


def _depth(b: Block) -> tuple[int, int, int]:
    """How deep a list item sits: its kind, the parts of its number ("1.2."), its bullet ("-" over "+")."""
    return _ORDER.get(b.kind, 9), b.marker.count(".") if b.kind == "num" else 0, "-+".find(b.marker[:1]) + 1


def _has_children(blocks: list[Block], i: int) -> bool:
    """Whether the next list item after list item `i` (past a few paragraphs) is one level below it."""
    if blocks[i].kind not in _ORDER:
        return False
    nxt = next((b for b in blocks[i + 1 : i + 4] if b.kind != "plain"), None)
    return nxt is not None and nxt.kind in _ORDER and _depth(nxt) > _depth(blocks[i])


_ROLE_WORDS = re.compile(r"\b(?:chu tri|phoi hop voi|phoi hop cung|phoi hop|cung voi)\b[ ,;]*")


def _names_roles_only(d: Draft) -> bool:
    """Whether an introducing item says only who leads and who coordinates ("a) Bộ Tài chính chủ trì, phối hợp
    với các bộ, cơ quan liên quan:"): a heading, its jobs are the items below it."""
    said = d.said
    if said is None:
        return False
    return is_closing_formula(replace(said, predicate=_ROLE_WORDS.sub(" ", said.predicate.rstrip(" :"))))


def _short_heading(text: str) -> bool:
    """A line that reads as a heading: a few words, closed by no punctuation."""
    t = text.rstrip()
    return len(t.split()) <= 14 and not t.endswith((".", ";", ":", ","))


def _heading(block: Block) -> tuple[Mention, ...] | None:
    """The agencies of a block that only names agencies (a heading over bullets)."""
    return heading_agencies(block.text)


_CITATION = re.compile(
    r"[\W]*(?:cac\s+)?(?:nghi\s+dinh|thong\s+tu|quyet\s+dinh|chi\s+thi|nghi\s+quyet|ket\s+luan|cong\s+van|van\s+ban|"
    r"luat|thong\s+bao|cong\s+dien|y\s+kien\s+chi\s+dao)\b[^.;]{0,80}?\bso\s*:?\s*\d"
)
_RESULT = re.compile(r"\b(?:uoc dat|uoc thuc hien|(?:dat|bang)\s+\d[\d.,]*\s*%\s*(?:du toan|ke hoach|so voi|cung ky))")
_DATED_PAST = re.compile(r"ngay\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*,[^.;:]{0,80}?\bda\b")
_TOPIC_LABEL = re.compile(r"(?:Về|VỀ)\s[^:.;]{3,120}:\s*")


class Walker:
    """Walks the blocks of a document, keeping who governs what."""

    def __init__(self, doc: Document, *, issuer: Mention | None) -> None:
        self.doc = doc
        self.drafts: list[Draft] = []
        self.governor: tuple[Mention, ...] | None = None
        self.heading: tuple[Mention, ...] | None = None
        self.heading_text: str | None = None  # a plain heading that governs the paragraphs below it
        self.sub_governor: tuple[Mention, ...] | None = None
        self.sub_depth: tuple[int, int, int] | None = None  # of the numbered item that set sub_governor
        # the coordinators the item that set sub_governor names, with that sub_governor (stale once it changes)
        self.sub_coords: tuple[tuple[Mention, ...], tuple[Mention, ...]] = ((), ())
        self.item_kind = ""  # of the list item read last
        # what governed a lettered item that now governs its own bullets, restored at the next letter
        self.outer: tuple[
            tuple[Mention, ...] | None, str | None, tuple[int, int, int] | None, tuple[tuple[Mention, ...], tuple[Mention, ...]]
        ] = (None, None, None, ((), ()))
        self.in_item = False
        self.item_main: Draft | None = None
        self.last: Draft | None = None  # last task, for prose continuations
        self.block_no = 0
        self.by_block: dict[int, list[Draft]] = {}
        self.addressees = recipient_agencies(doc.recipients)
        self.issuer = issuer  # the agency that issues the dispatch, as extract() resolved it
        self.closings: dict[str, bool] = {}  # is_closing_formula by predicate: long texts repeat their formulas
        self.aims_part = self.aims_item = False  # inside "I. MỤC ĐÍCH, YÊU CẦU" or "2. Yêu cầu"
        self.info_item = False  # inside "2. Thời gian:", "4. Cách thức thực hiện:"
        self.in_appendix = False  # past the signer, in what the dispatch attaches
        self.topic: tuple[tuple[int, int, int], str] | None = None  # a subject-less item over its sub-items
        # the lead-ins that govern now ("... hoàn thành trước ngày 30/11 các nhiệm vụ sau:"): they date their items
        self.lead_in: str | None = None
        self.sub_lead_in: str | None = None

    def closes(self, a: Assignment) -> bool:
        """Whether the sentence is the closing formula (see is_closing_formula), once per predicate."""
        got = self.closings.get(a.predicate)
        if got is None:
            got = self.closings[a.predicate] = is_closing_formula(a)
        return got

    def issuers(self, ms: tuple[Mention, ...]) -> bool:
        """Whether `ms` only name the issuer itself."""
        issuer = self.issuer
        return issuer is not None and all(same_agency(issuer, m, issued=None) for m in ms)

    def narrates(self, a: Assignment) -> bool:
        """The sentence tells, or its subject is the issuer itself, or it decides ("Bộ Chính trị, Ban Bí thư cơ bản
        nhất trí với Tờ trình ...", "Ban Thường vụ thống nhất ..."): not a task."""
        return a.narrative or self.issuers(a.leads) or starts_with(a.predicate, rules().assignment.decision_openers)

    def run(self) -> list[Draft]:
        self.fields = field_groups(self.doc.blocks)
        self.field_lines = {i for f in self.fields.values() for i in f.members}
        for i, block in enumerate(self.doc.blocks):
            self.block_no = i
            if i == self.doc.appendix:
                # nothing of the letter governs its appendix (a plan, a task table, a list of data)
                self.forget(aims=False)
                self.in_appendix = True
                self.sub_lead_in = self.sub_depth = self.lead_in = None
            if i in self.fields:
                self.described(block, self.fields[i])
            elif i in self.field_lines:
                self.field_line(block)
            else:
                self.block(block)
        return self.drafts

    def described(self, b: Block, f: Fields) -> None:
        """An item with labelled lines under it: who leads, coordinates and by when come from those lines."""
        lead = f.values.get("lead", "")
        due = f.values.get("due") or None
        if not lead or is_clause(lead):  # the doers come from above, or the lead line is a clause of its own
            self.block(b)
            for d in self.by_block.get(self.block_no, ()):
                d.due = d.due or due
            return
        if b.kind == "num":
            self.sub_governor = self.heading = self.heading_text = None
        leads = tuple(book().mentions(lead))
        coords = tuple(m for m in book().mentions(f.values.get("coordinate", "")) if m.name not in {x.name for x in leads})
        d = Draft([b.text], leads, coords, b.paragraph, self.block_no, due=due)
        self.drafts.append(d)
        self.by_block.setdefault(self.block_no, []).append(d)
        self.in_item, self.item_main, self.last = True, d, d

    def field_line(self, b: Block) -> None:
        """A labelled line: read with its item, unless it is a lead line that is a clause of its own."""
        got = field_of(b.text)
        if got is not None and got[0] == "lead" and is_clause(got[1]):
            self.prose(Block(got[1], "plain", "", b.paragraph), split_sentences(got[1]))

    def new(self, sentence: str, leads: tuple[Mention, ...], coords: tuple[Mention, ...], paragraph: int,
            *, inherited: bool = False, broad: bool = False, said: Assignment | None = None) -> Draft:
        if any(YOU in m.kinds for m in leads):  # "Quý Sở": whoever the dispatch is addressed to
            you = [m for m in leads if YOU in m.kinds]
            # without a Kính gửi, "Quý cơ quan" is whoever reads it; a bare "Sở" stays unresolved
            polite = tuple(replace(m, kinds=frozenset({EVERYONE})) for m in you if fold(m.text).startswith("quy"))
            named = self.addressees or polite or tuple(you)
            leads = (*[m for m in leads if YOU not in m.kinds], *named)
        d = Draft([sentence], leads, coords, paragraph, self.block_no, inherited, broad, said=said)
        # the time frame of the topic or lead-in over a job dates it when it has none of its own
        d.extra += [t for t in (self.topic[1] if self.topic else None, self.sub_lead_in, self.lead_in) if t]
        self.drafts.append(d)
        self.by_block.setdefault(self.block_no, []).append(d)
        self.last = d
        return d

    def assigned(self, sentence: str, a: Assignment, paragraph: int) -> Draft:
        """The task whose doers `a` reads in `sentence`, from the words before the doers' colon on."""
        clipped = clip_to_doer(sentence, a)
        return self.new(clipped, a.leads, a.coords, paragraph, said=a if clipped == sentence else None)

    def forget(self, *, aims: bool) -> None:
        """A new part, article or table row: nothing above it governs what follows; `aims` if it states aims."""
        self.governor = self.heading = self.sub_governor = self.heading_text = None
        self.in_item, self.item_main, self.last = False, None, None
        self.aims_part, self.aims_item, self.info_item = aims, False, False
        self.lead_in = self.sub_lead_in = None

    def block(self, b: Block) -> None:
        if self.topic is not None and (b.kind == "row" or (b.kind in _ORDER and _depth(b) <= self.topic[0])):
            self.topic = None
        if b.kind == "row":
            self.row(b)
            return
        sentences = split_sentences(b.text)
        book().note_parts(b.text, sentences)
        if not sentences:
            return
        if b.kind == "roman" or b.marker[:1] == "Đ":  # a part, or an article of a decision ("Điều 2.")
            self.forget(aims=aims_heading(b.text))
            heading = None if self.aims_part else _heading(b)
            if heading is not None and not self.issuers(heading):
                # "Điều 2. Nhiệm vụ của Tổ công tác", "II. NHIỆM VỤ CỦA SỞ Y TẾ" govern the items below
                self.governor = heading
                return
            if b.kind == "roman":
                return
        if b.kind == "num":
            self.aims_item = aims_heading(b.text)
            self.info_item = info_heading(b.text)
        if self.aims_part or self.aims_item:
            return
        if b.kind == "plain":
            heading = _heading(b)
            if heading is not None:
                self.heading, self.in_item, self.item_main, self.last = heading, False, None, None
                # an agency's own heading governs the paragraphs below it, unlike a title in capitals
                # ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH") or the issuer's name
                own = not b.text.isupper() and not self.issuers(heading)
                self.heading_text = b.text if own else None
                return
            if b.text.rstrip().endswith(":"):
                a = analyse(sentences[-1])
                if (a is None or not a.leads) and len(b.text.split()) <= 3:
                    return  # a label ("Phụ lục:", "Ghi chú:") introduces no jobs of the addressees
                # A lead-in that names nobody speaks to the addressees of the dispatch.
                # ... but in an appendix (a form, a list of data) a lead-in without a doer speaks to nobody
                named = a.leads if a is not None and not self.narrates(a) and a.leads else None
                self.governor = named or (None if self.in_appendix else self.addressees)
                self.heading = self.sub_governor = self.heading_text = None
                # a lead-in's day dates its items ("... hoàn thành trước ngày 30/11 các nhiệm vụ sau:"); its period
                # is mostly the setting ("Từ nay đến hết năm 2025 chỉ còn gần 2 tháng; do vậy, yêu cầu ...:")
                self.lead_in = sentences[-1] if _DAY.search(fold(sentences[-1])) else None
                self.sub_lead_in = None
                self.in_item, self.item_main, self.last = False, None, None
                return
            last = self.last
            if (
                last is not None
                and b.paragraph - last.paragraph in (0, 1)
                and starts_with(b.text, rules().assignment.report_follow_ups)
            ):
                last.parts.extend(sentences)  # "Báo cáo gửi về UBND tỉnh ... chậm nhất ngày 27/4": the job's report
                return
            if starts_with(b.text, rules().structure.closing_openers):
                # "Trên đây là ...": the summing-up paragraph continues no item; what it asks is its own
                self.in_item, self.item_main, self.last = False, None, None
                self.heading = self.heading_text = None
                self.prose(b, sentences)
                return
            if self.in_item:
                self.continuation(b, sentences)
                return
            if self.heading_text is not None:  # "Sở Y tế" over paragraphs without list marks
                self.item(b, sentences, self.heading)
                return
            if self.governor and starts_with(b.text, rules().assignment.predicate_starts):
                self.item(b, sentences, self.governor)
                return
            self.prose(b, sentences)
            return
        # a list item
        inherited = self.governor
        if b.kind == "num":
            if self.sub_governor is not None and self.sub_depth is not None and _depth(b) > self.sub_depth:
                inherited = self.sub_governor  # "2.1." under "2. Các sở, ngành ... các nội dung sau:"
            else:
                self.sub_governor = self.sub_lead_in = self.sub_depth = None
            self.heading = self.heading_text = None
        elif b.kind == "letter" and self.sub_depth is not None and _depth(b) <= self.sub_depth:
            # the next "e)" after "d) ... có trách nhiệm:": back to what governed "d)"
            self.sub_governor, self.sub_lead_in, self.sub_depth, self.sub_coords = self.outer
        if b.kind in ("bullet", "letter"):
            inherited = self.heading or self.sub_governor or self.governor
        self.item(b, sentences, inherited)
        introduces = b.kind in ("num", "letter") and b.text.rstrip().endswith(":")
        if b.kind == "num" and introduces and self.item_main is None and self.sub_governor is None:
            # "2. Các sở, ban, ngành: Là các đơn vị được lấy ý kiến, chịu trách nhiệm ... các nội dung sau:"
            # is no task itself, but its doers are those of the sub-items
            a = analyse(sentences[0])
            if a is not None and a.leads and not self.issuers(a.leads):
                self.sub_governor, self.sub_lead_in, self.sub_depth = a.leads, b.text, _depth(b)
        if introduces and self.item_main is not None:
            # "d) Giao Ban Quản lý ... chỉ đạo các đơn vị ... có trách nhiệm:" over its bullets: their doer
            if b.kind == "letter":
                self.outer = (self.sub_governor, self.sub_lead_in, self.sub_depth, self.sub_coords)
            self.sub_governor = self.item_main.leads
            self.sub_coords = (self.item_main.leads, self.item_main.coords)
            self.sub_lead_in, self.sub_depth = b.text, _depth(b)
            if (
                _ONLY_INTRODUCES.search(fold(b.text))
                or duty_end().search(fold(b.text.rstrip(" :")))
                or _names_doers_only(self.item_main, b.text)
                or (_has_children(self.doc.blocks, self.block_no) and _names_roles_only(self.item_main))
            ):
                self.drafts.remove(self.item_main)  # "... thực hiện các nhiệm vụ sau:" only introduces
                self.by_block[self.block_no].remove(self.item_main)
                self.item_main = None

    def row(self, b: Block) -> None:
        """A row of a task table: the lead and coordinator columns say who, the time column by when."""
        self.forget(aims=False)
        lead_cell, coord_cell, due = b.cells
        leads, more = cell_agencies(lead_cell)
        coords = [m for m in (*more, *cell_agencies(coord_cell)[0]) if all(m.name != x.name for x in leads)]
        d = Draft([b.text], leads, tuple(coords), b.paragraph, self.block_no, due=due or None, row=True)
        self.drafts.append(d)
        self.by_block.setdefault(self.block_no, []).append(d)

    def item(self, b: Block, sentences: list[str], inherited: tuple[Mention, ...] | None) -> None:
        self.in_item, self.item_main, self.last = True, None, None
        self.item_kind = b.kind
        heading = _heading(b)
        if heading is not None:  # "1. Sở Y tế:" over its own bullets
            if b.kind == "num":
                self.sub_governor, self.sub_depth = heading, _depth(b)
            else:
                self.heading, self.heading_text = heading, None
            return
        children = _has_children(self.doc.blocks, self.block_no) and b.kind != "bullet"
        doers = doer_heading(b.text) if children else None
        if doers is None and children and _short_heading(b.text):
            # "3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án" over a) ... d): a heading naming doers, its
            # jobs are below it
            said = analyse(sentences[0])
            if said is not None and said.leads and not self.narrates(said):
                doers = said.leads
        if doers is not None:  # "11. Các đơn vị cấp nước sạch ... có trách nhiệm" over a), b): their jobs
            if b.kind == "num":
                self.sub_governor, self.sub_depth = doers, _depth(b)
            else:
                self.heading, self.heading_text = doers, None
            return
        a = analyse(sentences[0])
        if a is not None and a.leads and not self.narrates(a):
            if self.closes(a):
                return
            self.item_main = self.assigned(sentences[0], a, b.paragraph)
        elif (a is not None and self.narrates(a)) or starts_with(sentences[0], rules().assignment.decision_openers):
            return
        elif children:
            # "3. Đẩy nhanh thủ tục chuẩn bị đầu tư các dự án" over a), b), c): a topic, the jobs are below it
            self.topic = (_depth(b), b.text)
            return
        elif inherited and starts_with(sentences[0], _answers_for()):
            return  # "- Chịu trách nhiệm toàn diện trước Chính phủ về ...": who answers for it, no job (README)
        elif inherited and not self.info_item and not self._tells(sentences[0]):
            coords = coordinators(sentences[0], inherited)
            if not coords and inherited is self.sub_coords[0]:
                coords = self.sub_coords[1]  # "a) Sở X chủ trì, phối hợp với Sở Y ...:" over its bullets
            self.item_main = self.new(sentences[0], inherited, coords, b.paragraph, inherited=True,
                                      broad=_is_broad(inherited))
        else:
            return
        self.rest(sentences[1:], b.paragraph)

    def rest(self, sentences: list[str], paragraph: int) -> None:
        """Later sentences of an item: a specific agency's own job splits off, the rest belongs."""
        for s in sentences:
            a = analyse(s)
            own = a is not None and a.leads and (
                not all(m.collective for m in a.leads) or self._new_collective_job(s)
            )
            if own and a is not None and not self.narrates(a):
                if not self.closes(a):
                    self._drop_topic_remark()
                    self.assigned(s, a, paragraph)
                continue
            if self.last is not None:
                self.last.parts.append(s)

    def _new_collective_job(self, sentence: str) -> bool:
        """A later sentence of an item that asks everyone again, by its own date ("a) Yêu cầu các bộ, ngành, địa
        phương ... hoàn thành ... Yêu cầu từng bộ, ngành, địa phương ... tổ chức thành công lễ khánh thành vào
        ngày 19 tháng 12 năm 2025"): a job of its own, not more words of the first."""
        if not starts_with(sentence, rules().assignment.triggers) or not _DAY.search(fold(sentence)):
            return False
        last = self.last
        return last is not None and not any(_DAY.search(fold(p)) for p in last.parts)

    def _tells(self, sentence: str) -> bool:
        """A sentence that tells what has happened: "Trong thời gian qua, nước ta đã ...", "Ngày 16/6/2025, Quốc hội
        đã thông qua ..." (a day before the dispatch's own)."""
        f = fold(sentence)
        if starts_with(sentence, rules().assignment.narrative_openers) or _CITATION.match(f) or _RESULT.search(f):
            # ... or it only cites a document ("- Nghị định số 214/2025/NĐ-CP ngày 04/8/2025 ..."), or gives a
            # figure reached ("Chi đầu tư từ nguồn thu xổ số ... ước đạt 81,16% kế hoạch")
            return True
        m = _DATED_PAST.match(f)
        issued = self.doc.issued
        day = valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m and issued else None
        return day is not None and issued is not None and day < issued

    def _drop_topic_remark(self) -> None:
        """ "g) Về thi đua khen thưởng ...: Kết quả đạt được thời gian qua là nhờ ... . Bộ Xây dựng ... chủ động ...":
        before the sentence that names the item's doer, a topic and a remark on it, with no job, are no task."""
        main = self.item_main
        if main is None or not main.inherited or len(main.parts) != 1:
            return
        m = _TOPIC_LABEL.match(main.parts[0])
        if m is not None and not starts_with(main.parts[0][m.end() :], rules().assignment.predicate_starts):
            self.drafts.remove(main)
            self.by_block[self.block_no].remove(main)
            self.item_main = None

    def continuation(self, b: Block, sentences: list[str]) -> None:
        a = analyse(sentences[0])
        target = self.item_main
        if (
            a is not None
            and a.leads
            and target is not None
            and all(EVERYONE in m.kinds for m in a.leads)
            and not any(m.collective for m in target.leads)
            and not (self.narrates(a) or self.closes(a))
        ):
            # "Trường hợp ..., cơ quan chủ trì có trách nhiệm ..." under Sở Tài chính's item: the role is the item's doer
            target.parts.extend(sentences)
            self.last = target
            return
        if a is not None and a.leads:
            if self.narrates(a) or self.closes(a):
                self.last = None
                return
            self.assigned(sentences[0], a, b.paragraph)
            self.rest(sentences[1:], b.paragraph)
            return
        target = self.item_main
        if target is None:
            # "1. Sở Y tế" or "a) Cục Hợp tác quốc tế" over paragraphs without list marks
            over = self.heading if self.heading is not None and self.item_kind == "letter" else self.sub_governor
            if over is not None:
                self.item(b, sentences, over)
            return
        target.parts.extend(sentences)
        self.last = target

    def prose(self, b: Block, sentences: list[str]) -> None:
        ar = rules().assignment
        for s in sentences:
            a = analyse(s)
            if a is not None and a.leads:
                if self.narrates(a) or self.closes(a):
                    self.last = None
                    continue
                last = self.last
                same = last is not None and {m.name for m in last.leads} == {m.name for m in a.leads}
                if same and last is not None and (
                    starts_with(s, ar.follow_up_openers) or starts_with(last.parts[0], ar.anaphora)
                ):
                    last.parts.append(s)
                    self.touch(last, s)
                    continue
                self.assigned(s, a, b.paragraph)
                for start, end, lead in inverted(s):
                    seg = re.sub(r"^(?:và|hoặc)\s+", "", s[start:end].strip(" ,;:"))
                    self.new(seg, (lead,), (), b.paragraph)
                continue
            if self.last is None or names_other_subject(s):
                self.last = None
                continue
            if starts_with(s, ar.sequence_openers) or (
                s is sentences[0] and b.paragraph - self.last.paragraph == 1 and starts_with(s, ar.job_verbs)
            ):
                # "Đồng thời, ..."; a paragraph that opens on a job's verb right after a job ("UBND thành phố yêu
                # cầu các sở ... tổ chức trực 24/24 giờ." / "Thường xuyên tổng hợp kết quả ..."): the same doers
                self.new(s, self.last.leads, self.last.coords, b.paragraph, inherited=self.last.inherited,
                         broad=self.last.broad)
            elif self.last.paragraph == b.paragraph:
                self.last.parts.append(s)
                self.touch(self.last, s)
            else:
                self.last = None

    def touch(self, target: Draft, sentence: str) -> None:
        """A sentence added to a task also dates the other undated tasks of its block."""
        for d in self.by_block.get(self.block_no, ()):
            if d is not target:
                d.extra.append(sentence)
