"""Dates as people type them in chat, read in the council's time zone."""

from __future__ import annotations

import re
from datetime import date, timedelta

# `... since DATE` at the end of a question or a command; group 1 is the date.
SINCE = re.compile(r"\s+since\s+(.+)$", re.I)

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
WEEKDAY = re.compile(rf"\b(last|on|this|past|next)?\s*({_DAY})(s)?\b\.?", re.I)
# A timetable is not a day something happened: "every Wed", "each Tuesday", "weekly on
# Mondays", "1st Tues of the month", "Thursdays 10am".
RECURRING_BEFORE = re.compile(
    r"\b(?:every|each|weekly|fortnightly|monthly|alternate|other|1st|2nd|3rd|4th|first|second|"
    r"third|fourth)(?:\s+(?:on|other))?\s*$",
    re.I,
)
RECURRING_AFTER = re.compile(r"^\s*(?:of\s+(?:the|each|every)\s+month|(?:each|every)\s+week)", re.I)
# A date up to this far ahead, typed without a year, is a plan, not last year's event.
PLANNED_AHEAD = timedelta(days=92)
RELATIVE = re.compile(
    r"\b(today|this morning|this afternoon|this evening|tonight|yesterday|last night"
    r"|last week|last month|(\d{1,3}) days? ago)\b",
    re.I,
)


def find_date(text: str, *, today: date) -> tuple[date, str] | None:
    """The date an activity happened, if the text says; with the words that said it."""
    for pattern in (ISO, UK, DAY_MONTH, MONTH_DAY):
        for match in pattern.finditer(text):
            if RECURRING_BEFORE.search(text[: match.start()]):
                continue  # "every 1st May"
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
    for weekday in WEEKDAY.finditer(text):
        if _recurring(text, weekday):
            continue
        prefix = (weekday.group(1) or "").lower()
        day = DAYS[weekday.group(2).lower()]
        if prefix == "next" or (prefix == "this" and day > today.weekday()):
            continue  # still to come
        back = (today.weekday() - day) % 7
        if back == 0 and prefix in ("last", "past"):
            back = 7
        return today - timedelta(days=back), weekday.group(0).strip()
    return None


def names_a_timetable(text: str) -> bool:
    """A weekday named as a timetable ("Tuesdays 10-12", "every Thursday", "3rd Monday"):
    what happens regularly. "Weds 15 Sept" is a date (its "s" is no plural)."""
    return any(
        _recurring(text, match) and not DAY_MONTH.match(text[match.end() :].lstrip())
        for match in WEEKDAY.finditer(text)
    )


def _recurring(text: str, match: re.Match[str]) -> bool:
    """A weekday as part of a timetable: plural ("Thursdays") or "every"/"each" before it."""
    if match.group(3) and not match.group(1):
        return True  # "Thursdays", "mondays 10am"
    before, after = text[: match.start(2)], text[match.end() :]
    return bool(RECURRING_BEFORE.search(before) or RECURRING_AFTER.match(after))


def _absolute(match: re.Match[str], pattern: re.Pattern[str], *, today: date) -> date | None:
    try:
        if pattern is ISO:
            found = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            return found if found <= today else None
        if pattern is UK:
            short = int(match.group(3))
            found = date(
                short + 2000 if short < 100 else short, int(match.group(2)), int(match.group(1))
            )
            return found if found <= today else None
        if pattern is DAY_MONTH:
            day, month, year = match.group(1), match.group(2), match.group(3)
        else:
            month, day, year = match.group(1), match.group(2), match.group(3)
        found = date(int(year) if year else today.year, MONTHS[month.lower()], int(day))
        if not year and found > today:
            if found - today <= PLANNED_AHEAD:
                return None  # "on 12 December" typed in November is still to come
            # "on 12 December" typed in January means last December.
            found = found.replace(year=found.year - 1)
    except ValueError:
        return None
    return found if found <= today else None  # never a future occurred date


def parse_since(text: str, *, today: date) -> date | None:
    """A `since` date: an explicit date, or a relative one ("last week", "30 days ago")."""
    found = find_date(text, today=today)
    if found is not None:
        return found[0]
    match = re.fullmatch(r"\s*(\d{4})\s*", text)
    if match:
        return date(int(match.group(1)), 1, 1)
    return None
