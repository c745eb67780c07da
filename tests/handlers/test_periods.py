"""Periods the way councils count: quarters, financial years, the period before and a year before."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.commands.digest import parse_subscribe
from handlers.digests.periods import BadPeriod, Kind, Period, from_window, parse_period
from handlers.digests.schedules import PRESETS, QUARTERLY, check, describe, due_window, next_fire

LONDON = "Europe/London"
TZ = ZoneInfo(LONDON)
TODAY = date(2026, 11, 4)


def p(a: str, b: str) -> Period:
    return Period(date.fromisoformat(a), date.fromisoformat(b))


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("2026-Q3", p("2026-07-01", "2026-09-30"), Kind.QUARTER),
        ("q1 2027", p("2027-01-01", "2027-03-31"), Kind.QUARTER),
        ("2026Q4", p("2026-10-01", "2026-12-31"), Kind.QUARTER),
        ("2026-27", p("2026-04-01", "2027-03-31"), Kind.FINANCIAL_YEAR),
        ("2026/27", p("2026-04-01", "2027-03-31"), Kind.FINANCIAL_YEAR),
        ("FY2025-2026", p("2025-04-01", "2026-03-31"), Kind.FINANCIAL_YEAR),
        ("2026-12", p("2026-12-01", "2026-12-31"), Kind.MONTH),
        ("2026-W53", p("2026-12-28", "2027-01-03"), Kind.WEEK),
        ("2027-W01", p("2027-01-04", "2027-01-10"), Kind.WEEK),
        ("last-quarter", p("2026-07-01", "2026-09-30"), Kind.QUARTER),
        ("this-quarter", p("2026-10-01", "2026-11-04"), Kind.DAYS),
        ("last financial year", p("2025-04-01", "2026-03-31"), Kind.FINANCIAL_YEAR),
        ("this-fy", p("2026-04-01", "2026-11-04"), Kind.DAYS),
        ("2026-07-01..2026-09-30", p("2026-07-01", "2026-09-30"), Kind.QUARTER),
        ("2026-07-03..2026-08-30", p("2026-07-03", "2026-08-30"), Kind.DAYS),
        ("2026", p("2026-01-01", "2026-12-31"), Kind.YEAR),
    ],
)
def test_periods_councils_write(text: str, expected: Period, kind: Kind) -> None:
    found = parse_period(text, today=TODAY)
    assert found == expected
    assert found.kind is kind


def test_last_quarter_in_january_is_the_quarter_of_the_year_before() -> None:
    assert parse_period("last-quarter", today=date(2027, 1, 1)) == p("2026-10-01", "2026-12-31")
    assert parse_period("last-fy", today=date(2027, 3, 31)) == p("2025-04-01", "2026-03-31")
    assert parse_period("last-fy", today=date(2027, 4, 1)) == p("2026-04-01", "2027-03-31")


@pytest.mark.parametrize(
    ("period", "previous", "year_before"),
    [
        # Q3 against Q2 (not 31 Mar–30 Jun, the same number of days back).
        (
            p("2026-07-01", "2026-09-30"),
            p("2026-04-01", "2026-06-30"),
            p("2025-07-01", "2025-09-30"),
        ),
        # Q1 against Q4 of the year before: across the year's edge.
        (
            p("2027-01-01", "2027-03-31"),
            p("2026-10-01", "2026-12-31"),
            p("2026-01-01", "2026-03-31"),
        ),
        # A financial year against the one before (not 2 Jan–31 Dec).
        (
            p("2026-04-01", "2027-03-31"),
            p("2025-04-01", "2026-03-31"),
            p("2025-04-01", "2026-03-31"),
        ),
        (
            p("2026-01-01", "2026-12-31"),
            p("2025-01-01", "2025-12-31"),
            p("2025-01-01", "2025-12-31"),
        ),
        # February in a leap year, and a March whose month before is short.
        (
            p("2028-02-01", "2028-02-29"),
            p("2028-01-01", "2028-01-31"),
            p("2027-02-01", "2027-02-28"),
        ),
        (
            p("2026-03-01", "2026-03-31"),
            p("2026-02-01", "2026-02-28"),
            p("2025-03-01", "2025-03-31"),
        ),
        # ISO week 53 of 2026 has no twin in 2025: week 52.
        (
            p("2026-12-28", "2027-01-03"),
            p("2026-12-21", "2026-12-27"),
            p("2025-12-22", "2025-12-28"),
        ),
        (
            p("2024-02-29", "2024-03-05"),
            p("2024-02-23", "2024-02-28"),
            p("2023-02-28", "2023-03-05"),
        ),
    ],
)
def test_previous_and_year_before_are_the_same_kind(
    period: Period, previous: Period, year_before: Period
) -> None:
    assert period.previous() == previous
    assert period.year_before() == year_before
    assert previous.kind is period.kind


def test_codes_and_labels_read_back() -> None:
    for text in ("2026-Q3", "2026-27", "2026-W41", "2026-10", "2026"):
        period = parse_period(text, today=TODAY)
        assert period.code == text
        assert parse_period(period.code, today=TODAY) == period
    assert parse_period("2026-Q3", today=TODAY).label == "July to September 2026 (2026-Q3)"
    assert "April 2026 to March 2027" in parse_period("2026-27", today=TODAY).label


@pytest.mark.parametrize("text", ["2026-28", "2026-Q5", "2026/2028", "Q3"])
def test_bad_periods_say_what_works(text: str) -> None:
    with pytest.raises(BadPeriod) as caught:
        parse_period(text, today=TODAY)
    assert "2026-" in str(caught.value)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_subscribe_quarterly_is_the_quarterly_schedule_not_a_ward() -> None:
    assert parse_subscribe("quarterly Sitwell") == (QUARTERLY, "Sitwell")
    assert PRESETS["quarterly"] == QUARTERLY
    assert check(QUARTERLY, LONDON, now=utc(2026, 11, 4)) == QUARTERLY
    assert "first working day" in describe(QUARTERLY)


@pytest.mark.parametrize(
    ("after", "fire_local"),
    [
        # 1 Jan 2027 is a Friday and New Year's Day: Monday 4 January, 09:00 GMT.
        (utc(2026, 11, 4), datetime(2027, 1, 4, 9)),
        # 1 April 2027 is a Thursday (BST since 28 March): 09:00 BST = 08:00 UTC.
        (utc(2027, 1, 5), datetime(2027, 4, 1, 9)),
        # 1 Jul 2028 is a Saturday: Monday 3 July.
        (utc(2028, 6, 1), datetime(2028, 7, 3, 9)),
        # 1 Oct 2028 is a Sunday: Monday 2 October, still BST (clocks go back 29 Oct).
        (utc(2028, 9, 1), datetime(2028, 10, 2, 9)),
        # 1 April 2024 was Easter Monday: Tuesday 2 April.
        (utc(2024, 3, 2), datetime(2024, 4, 2, 9)),
        # 1 Jan 2028 is a Saturday; the bank holiday moves to Monday 3rd: Tuesday 4th.
        (utc(2027, 12, 1), datetime(2028, 1, 4, 9)),
    ],
)
def test_quarterly_fires_at_nine_on_the_first_working_day_after_the_quarter(
    after: datetime, fire_local: datetime
) -> None:
    fire = next_fire(QUARTERLY, LONDON, after=after)
    assert fire is not None
    assert fire.astimezone(TZ).replace(tzinfo=None) == fire_local
    # and only once that quarter
    following = next_fire(QUARTERLY, LONDON, after=fire)
    assert following is not None and (following - fire).days > 80


def test_a_quarterly_digest_covers_the_whole_quarter_across_the_clock_change() -> None:
    # Fired Monday 4 January 2027; the quarter before had the October clock change.
    window = due_window(QUARTERLY, LONDON, at=utc(2027, 1, 4, 10))
    assert window is not None
    assert window.ends_at == utc(2027, 1, 4, 9)
    assert from_window(window, TZ, cron=QUARTERLY) == p("2026-10-01", "2026-12-31")
    # Fired Thursday 1 April 2027, 08:00 UTC (BST): January to March, not from 4 January.
    window = due_window(QUARTERLY, LONDON, at=utc(2027, 4, 1, 8, 30))
    assert window is not None and window.ends_at == utc(2027, 4, 1, 8)
    assert from_window(window, TZ, cron=QUARTERLY) == p("2027-01-01", "2027-03-31")
