"""Reporting periods: the days a digest or report covers, and how people write them.

Councils count in months, ISO weeks, calendar quarters (`2026-Q3`) and financial years
(`2026-27`, April to March). A period's kind is read from its days, not from how it was
typed, so `2026-07-01..2026-09-30` is Q3 as surely as `2026-Q3` is, and both are compared
with Q2 (the previous period of the same kind) and with Q3 a year before.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from handlers.digests.schedules import QUARTERLY, Window


class BadPeriod(ValueError):
    """A period that cannot be read; the message says what would work."""


class Kind(StrEnum):
    DAY = "day"
    WEEK = "week"  # ISO: Monday to Sunday
    MONTH = "month"
    QUARTER = "quarter"  # calendar: Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec
    FINANCIAL_YEAR = "financial year"  # April to March
    YEAR = "year"
    DAYS = "days"  # any other span


FY_START_MONTH = 4


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February: the 28th a year before
        return day.replace(year=day.year - 1, day=28)


def quarter_of(day: date) -> Period:
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Period(start, _add_months(start, 3) - timedelta(days=1))


def financial_year_of(day: date) -> Period:
    year = day.year if day.month >= FY_START_MONTH else day.year - 1
    return Period(date(year, FY_START_MONTH, 1), date(year + 1, FY_START_MONTH, 1) - timedelta(1))


@dataclass(frozen=True, slots=True)
class Period:
    """Days from `start` to `end`, both included, in the council's time zone."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def kind(self) -> Kind:
        s, e = self.start, self.end
        if s == e:
            return Kind.DAY
        if s.weekday() == 0 and self.days == 7:
            return Kind.WEEK
        if s.day != 1 or e + timedelta(days=1) != _add_months(e, 1):
            return Kind.DAYS
        months = (e.year - s.year) * 12 + e.month - s.month + 1
        if months == 1:
            return Kind.MONTH
        if months == 3 and s.month % 3 == 1:
            return Kind.QUARTER
        if months == 12 and s.month == FY_START_MONTH:
            return Kind.FINANCIAL_YEAR
        if months == 12 and s.month == 1:
            return Kind.YEAR
        return Kind.DAYS

    @property
    def whole_month(self) -> bool:
        return self.kind is Kind.MONTH

    @property
    def code(self) -> str:
        """How to type this period again: `2026-Q3`, `2026-27`, `2026-W41`, ..."""
        s, e = self.start, self.end
        match self.kind:
            case Kind.DAY:
                return s.isoformat()
            case Kind.WEEK:
                year, week, _ = s.isocalendar()
                return f"{year}-W{week:02d}"
            case Kind.MONTH:
                return f"{s:%Y-%m}"
            case Kind.QUARTER:
                return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
            case Kind.FINANCIAL_YEAR:
                return f"{s.year}-{(s.year + 1) % 100:02d}"
            case Kind.YEAR:
                return str(s.year)
        return f"{s.isoformat()}..{e.isoformat()}"

    @property
    def label(self) -> str:
        s, e = self.start, self.end
        match self.kind:
            case Kind.MONTH:
                return f"{s:%B %Y}"
            case Kind.DAY:
                return f"{s:%a %d %b %Y}"
            case Kind.QUARTER:
                return f"{s:%B} to {e:%B %Y} ({self.code})"
            case Kind.FINANCIAL_YEAR:
                return f"Financial year {self.code} (April {s.year} to March {e.year})"
            case Kind.YEAR:
                return str(s.year)
        if s.year != e.year:
            return f"{s:%d %b %Y} – {e:%d %b %Y}"
        return f"{s:%a %d %b} – {e:%a %d %b %Y}"

    @property
    def short_label(self) -> str:
        """A label that fits a chart title or a table header."""
        match self.kind:
            case Kind.QUARTER | Kind.FINANCIAL_YEAR | Kind.YEAR:
                return self.code
            case Kind.MONTH:
                return f"{self.start:%b %Y}"
            case Kind.WEEK:
                return f"week of {self.start:%d %b %Y}"
        if self.start.year != self.end.year:
            return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"
        return f"{self.start:%d %b} – {self.end:%d %b %Y}"

    def previous(self) -> Period:
        """The period just before, of the same kind: Q2 before Q3, 2025-26 before 2026-27,
        the month before; any other span, as many days before."""
        match self.kind:
            case Kind.MONTH | Kind.QUARTER | Kind.FINANCIAL_YEAR | Kind.YEAR:
                months = (self.end.year - self.start.year) * 12
                months += self.end.month - self.start.month + 1
                start = _add_months(self.start, -months)
                return Period(start, self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def year_before(self) -> Period:
        """The same period a year earlier: Q3 2025 for Q3 2026, ISO week 41 of the year
        before (week 52 for a week 53 it lacks), the same dates otherwise."""
        match self.kind:
            case Kind.MONTH | Kind.QUARTER | Kind.FINANCIAL_YEAR | Kind.YEAR:
                start = self.start.replace(year=self.start.year - 1)
                return Period(start, _month_end(self.end.year - 1, self.end.month))
            case Kind.WEEK:
                year, week, _ = self.start.isocalendar()
                weeks_then = date(year - 1, 12, 28).isocalendar().week  # 28 Dec: always the last
                start = date.fromisocalendar(year - 1, min(week, weeks_then), 1)
                return Period(start, start + timedelta(days=6))
        return Period(_year_back(self.start), _year_back(self.end))


def from_window(window: Window, zone: ZoneInfo, *, cron: str = "") -> Period:
    """The days a scheduled digest covers: from the day of the last fire to the day before
    this one; a quarterly digest covers the whole quarter just ended (its fires move with
    weekends and bank holidays, the quarter does not)."""
    if cron == QUARTERLY:
        return quarter_of(window.ends_at.astimezone(zone).date()).previous()
    start = window.starts_at.astimezone(zone).date()
    end = window.ends_at.astimezone(zone).date() - timedelta(days=1)
    return Period(start, max(start, end))


def so_far(window_start: datetime, *, now: datetime, zone: ZoneInfo) -> Period:
    start = window_start.astimezone(zone).date()
    return Period(start, max(start, now.astimezone(zone).date()))


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-w(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?q([1-4])$|^q([1-4])-?(\d{4})$")
# 2026-27, 2026/27, 2026-2027, fy2026-27: April to March. `YYYY-MM` with MM up to 12 stays
# a month (only 2000-01 .. 2011-12 would read both ways).
_FINANCIAL_YEAR = re.compile(r"^(?:fy-?)?(\d{4})[-/](\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|/)\s*(\d{4}-\d{2}-\d{2})$")
EXAMPLES = (
    "2026-10, 2026-W41, 2026-Q3, 2026-27 (financial year), 2026-07-01..2026-09-30, "
    "last-month, last-quarter, this-quarter, last-week"
)


def _financial_year(first: int, second: str) -> Period | None:
    following = int(second)
    if (len(second) == 4 and following != first + 1) or (
        len(second) == 2 and following != (first + 1) % 100
    ):
        return None
    return financial_year_of(date(first, FY_START_MONTH, 1))


def _named(word: str, today: date) -> Period | None:
    monday = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    quarter = quarter_of(today)
    year = financial_year_of(today)
    named = {
        "this-week": lambda: Period(monday, today),
        "last-week": lambda: Period(monday - timedelta(days=7), monday - timedelta(days=1)),
        "this-month": lambda: Period(month_start, today),
        "last-month": lambda: Period(
            (month_start - timedelta(days=1)).replace(day=1), month_start - timedelta(days=1)
        ),
        "this-quarter": lambda: Period(quarter.start, today),
        "last-quarter": lambda: quarter.previous(),
        "this-financial-year": lambda: Period(year.start, today),
        "last-financial-year": lambda: year.previous(),
        "this-year": lambda: Period(date(today.year, 1, 1), today),
        "last-year": lambda: Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    }
    named["this-fy"], named["last-fy"] = named["this-financial-year"], named["last-financial-year"]
    found = named.get(word)
    return found() if found else None


def parse_period(text: str, *, today: date) -> Period:
    """`2026-10`, `2026-W41`, `2026-Q3`, `2026-27`, `2026`, `2026-10-01..2026-10-31`,
    `last-month`, `last-quarter`, `this-quarter`, `this-week`, ..."""
    raw = text.strip()
    word = raw.lower().replace(" ", "-").replace("_", "-")
    if (named := _named(word, today)) is not None:
        return named
    try:
        if match := _QUARTER.match(word):
            year = int(match.group(1) or match.group(4))
            number = int(match.group(2) or match.group(3))
            return quarter_of(date(year, 3 * number - 2, 1))
        if (match := _MONTH.match(word)) and int(match.group(2)) <= 12:
            year, month = int(match.group(1)), int(match.group(2))
            return Period(date(year, month, 1), _month_end(year, month))
        if match := _FINANCIAL_YEAR.match(word):
            found = _financial_year(int(match.group(1)), match.group(2))
            if found is None:
                raise BadPeriod(
                    f"{raw!r} is not a financial year: it runs April to March of the next "
                    f"year, e.g. {match.group(1)}-{(int(match.group(1)) + 1) % 100:02d}."
                )
            return found
        if match := _WEEK.match(word):
            start = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
            return Period(start, start + timedelta(days=6))
        if match := _YEAR.match(word):
            return Period(date(int(word), 1, 1), date(int(word), 12, 31))
        if match := _RANGE.match(raw):
            start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
            if end < start:
                raise BadPeriod(f"The period {raw!r} ends before it starts.")
            return Period(start, end)
    except ValueError as exc:
        if isinstance(exc, BadPeriod):
            raise
        raise BadPeriod(f"{raw!r} is not a real period ({exc}). Try: {EXAMPLES}.") from None
    raise BadPeriod(f"I can't read {raw!r} as a period. Try: {EXAMPLES}.")
