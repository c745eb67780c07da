"""Digest schedules: cron expressions read by APScheduler's CronTrigger, in the council's zone.

Every instant here is returned in UTC. A fire time is *canonical*: its local wall time
read with fold=0, so the repeated hour of an autumn clock change (01:30 BST, then 01:30
GMT) is one fire, not two, whichever way it is reached.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from dateutil.easter import easter

# 09:00 on the first working day after a quarter: the weekdays among the first five days
# of January, April, July and October (cron can say no more), of which FirstWorkingDay
# keeps the first that is not a bank holiday.
QUARTERLY = "0 9 1-5 1,4,7,10 mon-fri"
PRESETS = {
    "daily": "0 9 * * *",
    "weekly": "0 9 * * mon",
    "monthly": "0 9 1 * *",
    "quarterly": QUARTERLY,
}
MIN_GAP = timedelta(hours=20)  # at most one digest a day (a clock-change day is 23 or 25 hours)
_LOOKBACK = (
    timedelta(hours=2),
    timedelta(days=2),
    timedelta(days=9),
    timedelta(days=33),
    timedelta(days=370),
    timedelta(days=4 * 366 + 2),
)


class BadSchedule(ValueError):
    """A schedule that cannot be used; the message says why, for the person who typed it."""


@dataclass(frozen=True, slots=True)
class Window:
    """One digest's span: from the fire before to this fire (both UTC)."""

    starts_at: datetime
    ends_at: datetime


def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays that can fall in the first days of a quarter: New
    Year's Day (or the weekday it moves to), Good Friday and Easter Monday."""
    new_year = date(year, 1, 1)
    while new_year.weekday() >= 5:
        new_year += timedelta(days=1)
    sunday = easter(year)
    return frozenset({new_year, sunday - timedelta(days=2), sunday + timedelta(days=1)})


def working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


class FirstWorkingDay(CronTrigger):
    """A cron trigger that fires only on the first working day of each month it matches."""

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        for _ in range(64):
            found: datetime | None = super().get_next_fire_time(previous_fire_time, now)
            if found is None:
                return None
            day = found.date()
            if working_day(day) and not any(
                working_day(day.replace(day=d)) for d in range(1, day.day)
            ):
                return found
            previous_fire_time, now = None, found + timedelta(minutes=1)
        return None


@lru_cache(maxsize=256)
def trigger(cron: str, timezone: str) -> CronTrigger:
    kind = FirstWorkingDay if cron == QUARTERLY else CronTrigger
    try:
        return kind.from_crontab(cron, timezone=ZoneInfo(timezone))
    except ValueError as exc:
        raise BadSchedule(f"I can't read `{cron}` as a schedule: {exc}.") from None


def check(cron: str, timezone: str, *, now: datetime) -> str:
    """The cron expression, checked: it parses, it fires, and not more than once a day."""
    cron = " ".join(cron.split())
    fires = []
    moment = now
    for _ in range(8):
        found = next_fire(cron, timezone, after=moment)
        if found is None:
            break
        fires.append(found)
        moment = found
    if not fires:
        raise BadSchedule(f"The schedule `{cron}` never comes round (is the date possible?).")
    gaps = [b - a for a, b in itertools.pairwise(fires)]
    if gaps and min(gaps) < MIN_GAP:
        raise BadSchedule(
            f"The schedule `{cron}` would send a digest more than once a day; "
            "digests go out at most daily. Try `weekly`, `monthly` or e.g. `0 9 * * mon`."
        )
    return cron


def canonical(moment: datetime, zone: ZoneInfo) -> datetime:
    wall = moment.astimezone(zone).replace(tzinfo=None)
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def next_fire(cron: str, timezone: str, *, after: datetime) -> datetime | None:
    """The first fire strictly after `after`."""
    zone = ZoneInfo(timezone)
    cron_trigger = trigger(cron, timezone)
    after = after.astimezone(UTC)
    probe = after + timedelta(seconds=1)
    for _ in range(30):
        found = cron_trigger.get_next_fire_time(None, probe.astimezone(zone))
        if found is None:
            return None
        fire = canonical(found, zone)
        if fire > after:
            return fire
        # The second 01:30 of an autumn night is the same fire as the first;
        # APScheduler 3 may also hand back a time before `probe` there. Step past it.
        probe = max(probe, found.astimezone(UTC)) + timedelta(minutes=30)
    return None


def latest_fire(cron: str, timezone: str, *, at: datetime) -> datetime | None:
    """The last fire at or before `at`, or None if there was none in the last four years."""
    at = at.astimezone(UTC)
    for lookback in _LOOKBACK:
        moment = at - lookback
        latest = None
        while True:
            found = next_fire(cron, timezone, after=moment)
            if found is None or found > at:
                break
            latest = moment = found
        if latest is not None:
            return latest
    return None


def due_window(cron: str, timezone: str, *, at: datetime) -> Window | None:
    """The digest that fell due most recently at or before `at`."""
    ends_at = latest_fire(cron, timezone, at=at)
    if ends_at is None:
        return None
    starts_at = latest_fire(cron, timezone, at=ends_at - timedelta(seconds=1))
    return Window(starts_at or ends_at - timedelta(days=7), ends_at)


def describe(cron: str) -> str:
    """A schedule as a person says it."""
    names = {v: k for k, v in PRESETS.items()}
    if cron in names:
        return {
            "daily": "daily at 09:00",
            "weekly": "weekly, Mondays at 09:00",
            "monthly": "monthly, on the 1st at 09:00",
            "quarterly": "quarterly, at 09:00 on the first working day after the quarter",
        }[names[cron]]
    return f"on the schedule `{cron}`"
