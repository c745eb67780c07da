"""Schedules in Europe/London: when digests fall due, clock changes included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.commands.digest import parse_subscribe
from handlers.digests.periods import BadPeriod, Period, from_window, parse_period
from handlers.digests.schedules import (
    PRESETS,
    BadSchedule,
    check,
    due_window,
    latest_fire,
    next_fire,
)

LONDON = "Europe/London"
TZ = ZoneInfo(LONDON)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def fires(cron: str, start: datetime, end: datetime) -> list[datetime]:
    found, moment = [], start
    while (nxt := next_fire(cron, LONDON, after=moment)) is not None and nxt <= end:
        found.append(nxt)
        moment = nxt
    return found


@pytest.mark.parametrize(
    ("before", "after", "local_nine_utc"),
    [
        # Autumn 2026: clocks go back on Sunday 25 October. 09:00 BST is 08:00 UTC, GMT 09:00.
        (utc(2026, 10, 19, 8), utc(2026, 10, 26, 9), 8),
        # Spring 2027: clocks go forward on Sunday 28 March.
        (utc(2027, 3, 22, 9), utc(2027, 3, 29, 8), 9),
    ],
)
def test_weekly_fires_once_a_week_at_nine_local_across_a_clock_change(
    before: datetime, after: datetime, local_nine_utc: int
) -> None:
    found = fires(PRESETS["weekly"], before - timedelta(hours=1), after + timedelta(hours=1))
    assert found == [before, after]
    assert [f.astimezone(TZ).hour for f in found] == [9, 9]
    assert before.hour == local_nine_utc


def test_the_repeated_autumn_hour_fires_once() -> None:
    # 01:30 happens twice on 25 October 2026 (BST, then GMT): one digest, at the first.
    found = fires("30 1 * * *", utc(2026, 10, 23), utc(2026, 10, 27))
    assert found == [
        utc(2026, 10, 23, 0, 30),
        utc(2026, 10, 24, 0, 30),
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 26, 1, 30),
    ]
    # However late in the repeated hour we ask, the latest fire is the same instant.
    for minute in range(30, 150, 10):
        at = utc(2026, 10, 25, 0) + timedelta(minutes=minute)
        assert latest_fire("30 1 * * *", LONDON, at=at) == utc(2026, 10, 25, 0, 30)


def test_the_missing_spring_hour_fires_once_an_hour_late() -> None:
    found = fires("30 1 * * *", utc(2026, 3, 28), utc(2026, 3, 31))
    assert len(found) == 3
    assert found[1] == utc(2026, 3, 29, 1, 30)  # 02:30 BST: 01:30 never happened that night


def test_due_window_and_the_days_it_covers() -> None:
    at = utc(2026, 11, 3, 12)  # Tuesday
    window = due_window(PRESETS["weekly"], LONDON, at=at)
    assert window is not None
    assert window.ends_at == utc(2026, 11, 2, 9)
    assert window.starts_at == utc(2026, 10, 26, 9)
    assert from_window(window, TZ) == Period(date(2026, 10, 26), date(2026, 11, 1))
    monthly = due_window(PRESETS["monthly"], LONDON, at=at)
    assert monthly is not None
    assert from_window(monthly, TZ) == Period(date(2026, 10, 1), date(2026, 10, 31))
    assert from_window(monthly, TZ).label == "October 2026"
    # Exactly at the fire time it is due; a second before, the week before is.
    assert due_window(PRESETS["weekly"], LONDON, at=utc(2026, 11, 2, 9)) == window
    earlier = due_window(PRESETS["weekly"], LONDON, at=utc(2026, 11, 2, 8, 59, 59))
    assert earlier is not None and earlier.ends_at == utc(2026, 10, 26, 9)


@pytest.mark.parametrize(
    ("cron", "says"),
    [
        ("0 9 * * funday", "Invalid weekday name"),
        ("61 9 * * *", "higher than the maximum"),
        ("0 9 31 2 *", "never comes round"),
        ("*/5 * * * *", "more than once a day"),
        ("0 9,17 * * *", "more than once a day"),
    ],
)
def test_bad_schedules_say_why(cron: str, says: str) -> None:
    with pytest.raises(BadSchedule, match=says):
        check(cron, LONDON, now=utc(2026, 11, 1))


def test_good_schedules_pass() -> None:
    for cron in [*PRESETS.values(), "0 8 * * fri", "30 7 1 */3 *"]:
        assert check(cron, LONDON, now=utc(2026, 11, 1)) == cron


@pytest.mark.parametrize(
    ("args", "cron", "ward"),
    [
        ("", PRESETS["weekly"], ""),
        ("monthly", PRESETS["monthly"], ""),
        ("Weekly Rotherham East", PRESETS["weekly"], "Rotherham East"),
        ("0 8 * * fri Sitwell", "0 8 * * fri", "Sitwell"),
        ("`0 8 * * fri` Sitwell", "0 8 * * fri", "Sitwell"),
        ('"0 8 1 * *"', "0 8 1 * *", ""),
        ("Boston Castle", PRESETS["weekly"], "Boston Castle"),
    ],
)
def test_parse_subscribe(args: str, cron: str, ward: str) -> None:
    assert parse_subscribe(args) == (cron, ward)


def test_parse_subscribe_refuses_half_a_cron() -> None:
    with pytest.raises(BadSchedule, match="five parts"):
        parse_subscribe("0 9 * Sitwell")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("2026-W44", date(2026, 10, 26), date(2026, 11, 1)),
        ("2026-10-05..2026-10-11", date(2026, 10, 5), date(2026, 10, 11)),
        ("last-month", date(2026, 10, 1), date(2026, 10, 31)),
        ("last week", date(2026, 10, 26), date(2026, 11, 1)),
        ("this-month", date(2026, 11, 1), date(2026, 11, 4)),
    ],
)
def test_parse_period(text: str, start: date, end: date) -> None:
    assert parse_period(text, today=date(2026, 11, 4)) == Period(start, end)


@pytest.mark.parametrize("text", ["2026-13", "next tuesday", "2026-10-31..2026-10-01"])
def test_bad_periods_say_what_works(text: str) -> None:
    with pytest.raises(BadPeriod):
        parse_period(text, today=date(2026, 11, 4))


def test_previous_period_is_the_same_kind() -> None:
    assert Period(date(2026, 3, 1), date(2026, 3, 31)).previous() == Period(
        date(2026, 2, 1), date(2026, 2, 28)
    )
    assert Period(date(2026, 10, 26), date(2026, 11, 1)).previous() == Period(
        date(2026, 10, 19), date(2026, 10, 25)
    )
