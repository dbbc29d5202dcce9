"""Files people take away: the giao ban report (.xlsx) and the calendar of deadlines (.ics). Pure builders.

    period_of(kind, day, previous=False) -> Period(kind, start, end, label)   # reports.periods
    parse_period(args) -> (kind, previous) | None      # "tuần" | "tháng" | "quý" | "năm" [+ "trước"]
    workbook_bytes(Report) -> bytes                     # reports.xlsx: summary sheet + one row per task
    calendar_bytes(tasks, *, name, now) -> bytes        # reports.ics: one event per open task, RRULEs

A Report (reports.model) holds rows already in the office's words; handlers.reporting builds it from the
stored tasks. Nothing here reads the clock, the database or the disk.
"""

from reports.model import STATES, Report, ReportRow
from reports.periods import Period, parse_period, period_of

__all__ = ["STATES", "Period", "Report", "ReportRow", "parse_period", "period_of"]
