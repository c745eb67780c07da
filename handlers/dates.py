"""Dates as people type them in chat, read in the council's time zone."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
DAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_NAMES = _MONTH  # a regex alternation, longest first
_DAY = "|".join(sorted(DAYS, key=len, reverse=True))
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
UK = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\b\.?(?:\s+(\d{{4}}))?", re.I)
MONTH_DAY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
WEEKDAY = re.compile(rf"\b(last|on|this|past)?\s*({_DAY})\b\.?", re.I)
RELATIVE = re.compile(
    r"\b(today|this morning|this afternoon|this evening|tonight|yesterday|last night"
    r"|last week|last month|(\d{1,3}) days? ago)\b",
    re.I,
)


def find_date(text: str, *, today: date) -> tuple[date, str] | None:
    """The date an activity happened, if the text says; with the words that said it."""
    for pattern in (ISO, UK, DAY_MONTH, MONTH_DAY):
        for match in pattern.finditer(text):
            found = _absolute(match, pattern, today=today)
            if found is not None:
                return found, match.group(0).strip()
    relative = RELATIVE.search(text)
    if relative:
        word = relative.group(1).lower()
        if relative.group(2):
            return today - timedelta(days=int(relative.group(2))), relative.group(0)
        offset = {"yesterday": 1, "last night": 1, "last week": 7, "last month": 30}.get(word, 0)
        return today - timedelta(days=offset), relative.group(0)
    weekday = WEEKDAY.search(text)
    if weekday:
        back = (today.weekday() - DAYS[weekday.group(2).lower()]) % 7
        if back == 0 and (weekday.group(1) or "").lower() in ("last", "past"):
            back = 7
        return today - timedelta(days=back), weekday.group(0).strip()
    return None


def _absolute(match: re.Match[str], pattern: re.Pattern[str], *, today: date) -> date | None:
    try:
        if pattern is ISO:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if pattern is UK:
            short = int(match.group(3))
            return date(
                short + 2000 if short < 100 else short, int(match.group(2)), int(match.group(1))
            )
        if pattern is DAY_MONTH:
            day, month, year = match.group(1), match.group(2), match.group(3)
        else:
            month, day, year = match.group(1), match.group(2), match.group(3)
        found = date(int(year) if year else today.year, MONTHS[month.lower()], int(day))
    except ValueError:
        return None
    if not year and found > today:
        # "on 12 December" typed in January means last December.
        found = found.replace(year=found.year - 1)
    return found


def parse_since(text: str, *, today: date) -> date | None:
    """A `since` date: an explicit date, or a relative one ("last week", "30 days ago")."""
    found = find_date(text, today=today)
    if found is not None:
        return found[0]
    match = re.fullmatch(r"\s*(\d{4})\s*", text)
    if match:
        return date(int(match.group(1)), 1, 1)
    return None
