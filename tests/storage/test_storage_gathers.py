"""Gathers: a header or another origin closes the open one, parts past the cap are counted, a take is once."""

from __future__ import annotations

from datetime import timedelta

from dbfixture import vn

from storage import Session
from storage.gathers import Part, add_part, due, forget, has_open, take

NOW = vn(2026, 3, 2, 9, 0)
WINDOWS = {"quiet": timedelta(seconds=4), "wait": timedelta(seconds=30)}


def part(n: int, **kw: object) -> Part:
    return Part(chat_id=-7, user_id=1, message_id=n, body={"text": f"phần {n}"}, **kw)  # type: ignore[arg-type]


def test_parts_join_until_a_header_or_another_origin(session: Session) -> None:
    assert add_part(session, part=part(1, opens=True), now=NOW, **WINDOWS) == []
    assert add_part(session, part=part(2), now=NOW + timedelta(seconds=25), **WINDOWS) == []
    assert has_open(session, chat_id=-7, user_id=1) and not has_open(session, chat_id=-7, user_id=2)
    [first] = add_part(session, part=part(3, opens=True), now=NOW + timedelta(seconds=26), **WINDOWS)
    [second] = add_part(session, part=part(4, origin="user:5"), now=NOW + timedelta(seconds=27), **WINDOWS)
    taken = take(session, gather_id=first)
    assert taken is not None and [p.message_id for p in taken.parts] == [1, 2]
    assert take(session, gather_id=first) is None, "read once"
    taken = take(session, gather_id=second)
    assert taken is not None and [p.message_id for p in taken.parts] == [3]


def test_an_ended_dispatch_is_due_after_the_quiet_an_unended_one_after_the_wait(session: Session) -> None:
    add_part(session, part=part(1), now=NOW, **WINDOWS)
    assert due(session, now=NOW + timedelta(seconds=29)) == []
    assert len(due(session, now=NOW + timedelta(seconds=30))) == 1
    add_part(session, part=part(2, closes=True), now=NOW + timedelta(seconds=10), **WINDOWS)
    assert len(due(session, now=NOW + timedelta(seconds=14))) == 1


def test_parts_past_the_cap_are_counted_not_dropped_silently(session: Session) -> None:
    for n in range(1, 6):
        add_part(session, part=part(n), now=NOW, max_parts=3, **WINDOWS)
    [gather_id] = due(session, now=NOW + timedelta(minutes=1))
    taken = take(session, gather_id=gather_id)
    assert taken is not None and len(taken.parts) == 3 and taken.gather.missing == 2
    assert forget(session, before=NOW + timedelta(days=2)) == 1
    assert take(session, gather_id=gather_id) is None
