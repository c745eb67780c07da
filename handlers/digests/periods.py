"""Reporting periods: the days a digest or report covers, and how people write them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.digests.schedules import Window


class BadPeriod(ValueError):
    """A period that cannot be read; the message says what would work."""


@dataclass(frozen=True, slots=True)
class Period:
    """Days from `start` to `end`, both included, in the council's time zone."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_month(self) -> bool:
        last = calendar.monthrange(self.start.year, self.start.month)[1]
        return (
            self.start.day == 1
            and self.end.year == self.start.year
            and self.end.month == self.start.month
            and self.end.day == last
        )

    @property
    def label(self) -> str:
        if self.whole_month:
            return f"{self.start:%B %Y}"
        if self.start == self.end:
            return f"{self.start:%a %d %b %Y}"
        if self.start.year != self.end.year:
            return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"
        return f"{self.start:%a %d %b} – {self.end:%a %d %b %Y}"

    def previous(self) -> Period:
        """The period just before, of the same kind: the month before, or as many days."""
        if self.whole_month:
            end = self.start - timedelta(days=1)
            return Period(end.replace(day=1), end)
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


def from_window(window: Window, zone: ZoneInfo) -> Period:
    """The days a scheduled digest covers: from the day of the last fire to the day before this one."""
    start = window.starts_at.astimezone(zone).date()
    end = window.ends_at.astimezone(zone).date() - timedelta(days=1)
    return Period(start, max(start, end))


def so_far(window_start: datetime, *, now: datetime, zone: ZoneInfo) -> Period:
    start = window_start.astimezone(zone).date()
    return Period(start, max(start, now.astimezone(zone).date()))


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.I)
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|/)\s*(\d{4}-\d{2}-\d{2})$")
EXAMPLES = "2026-10, 2026-W41, 2026-10-01..2026-10-31, last-month, last-week, this-month, this-week"


def parse_period(text: str, *, today: date) -> Period:
    """`2026-10`, `2026-W41`, `2026`, `2026-10-01..2026-10-31`, `last-month`, `this-week`, ..."""
    word = text.strip().lower().replace(" ", "-").replace("_", "-")
    monday = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    named = {
        "this-week": Period(monday, today),
        "last-week": Period(monday - timedelta(days=7), monday - timedelta(days=1)),
        "this-month": Period(month_start, today),
        "last-month": Period(
            (month_start - timedelta(days=1)).replace(day=1), month_start - timedelta(days=1)
        ),
    }
    if word in named:
        return named[word]
    try:
        if match := _MONTH.match(word):
            year, month = int(match.group(1)), int(match.group(2))
            return Period(
                date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            )
        if match := _WEEK.match(text.strip()):
            start = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
            return Period(start, start + timedelta(days=6))
        if match := _YEAR.match(word):
            return Period(date(int(word), 1, 1), date(int(word), 12, 31))
        if match := _RANGE.match(text.strip()):
            start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
            if end < start:
                raise BadPeriod(f"The period {text!r} ends before it starts.")
            return Period(start, end)
    except ValueError as exc:
        if isinstance(exc, BadPeriod):
            raise
        raise BadPeriod(f"{text!r} is not a real period ({exc}). Try: {EXAMPLES}.") from None
    raise BadPeriod(f"I can't read {text!r} as a period. Try: {EXAMPLES}.")
