"""Outcome measures in a digest or report: baseline -> latest -> target, which way they are
moving, and the activity logged against the same priority or project in the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handlers import domain
from handlers.chat.context import Context
from handlers.digests.periods import Period
from storage.measures import list_measures, priority_activity, project_activity

IMPROVING, WORSENING, NO_CHANGE, NO_READING = "improving", "worsening", "no change", "no reading"
# On track: the latest reading has come at least this close to the share of the way to the
# target that the time passed since the baseline would expect.
SLACK = 0.1


@dataclass(frozen=True, slots=True)
class MeasureLine:
    measure: domain.Measure
    against: str  # "priority 2: Reduce loneliness" or "project: Oral health" or ""
    direction: str  # improving, worsening, no change, no reading
    on_track: bool | None  # None: not known (no reading, or no baseline and target)
    activity: tuple[int, ...]  # updates in the period against the same priority or project


@dataclass(frozen=True, slots=True)
class MeasuresSection:
    lines: tuple[MeasureLine, ...]

    @property
    def off_track(self) -> tuple[MeasureLine, ...]:
        return tuple(line for line in self.lines if line.on_track is False)


def direction_of(m: domain.Measure) -> str:
    if m.latest is None or m.baseline is None:
        return NO_READING
    change = m.latest - m.baseline
    if abs(change) < 1e-9:
        return NO_CHANGE
    if m.target is None or m.target == m.baseline:
        return "up" if change > 0 else "down"
    wanted = 1 if m.target > m.baseline else -1
    return IMPROVING if change * wanted > 0 else WORSENING


def on_track(m: domain.Measure, *, today: date) -> bool | None:
    """Has the measure moved towards its target at least as fast as time has passed?"""
    if m.latest is None or m.baseline is None or m.target is None or m.target == m.baseline:
        return None
    progress = (m.latest - m.baseline) / (m.target - m.baseline)
    if progress >= 1:
        return True
    if m.baseline_on and m.target_on and m.target_on > m.baseline_on:
        when = m.latest_on or today
        elapsed = (when - m.baseline_on).days / (m.target_on - m.baseline_on).days
        return progress >= min(max(elapsed, 0.0), 1.0) - SLACK
    return progress > 0


async def gather_measures(
    ctx: Context, *, period: Period, wards: tuple[domain.Ward, ...], every_ward: bool
) -> MeasuresSection:
    """The measures of the wards in scope, as they stood at the period's end."""
    ward_ids = None if every_ward else {w.id for w in wards}
    measures = await list_measures(ctx.db, ward_ids=ward_ids, as_of=period.end)
    by_slug = {w.slug: w for w in wards}
    # The measures' wards' priorities alone: a 9,000-ward plan has 27,000, most measureless.
    measured = {m.ward_slug for m in measures if m.ward_slug in by_slug}
    priorities: dict[tuple[str, int | None], domain.Priority] = {
        (p.ward_slug, p.number): p for slug in measured for p in ctx.plan.priorities_of(slug)
    }
    wanted_priorities = {
        priorities[(m.ward_slug, m.priority_number)].id
        for m in measures
        if (m.ward_slug, m.priority_number) in priorities
    }
    tied = await priority_activity(
        ctx.db, since=period.start, until=period.end, priority_ids=wanted_priorities
    )
    projects = {
        (by_slug[m.ward_slug].id, m.project)
        for m in measures
        if m.project and m.ward_slug in by_slug
    }
    named = await project_activity(ctx.db, since=period.start, until=period.end, projects=projects)
    lines = []
    for m in measures:
        priority = priorities.get((m.ward_slug, m.priority_number))
        activity: tuple[int, ...] = ()
        against = ""
        if priority is not None:
            against = f"priority {priority.number}: {priority.title}"
            activity = tied.get(priority.id, ())
        if m.project:
            against = f"{against} · project: {m.project}" if against else f"project: {m.project}"
            ward = by_slug.get(m.ward_slug)
            if ward is not None:
                more = named.get((ward.id, m.project), ())
                activity = tuple(sorted(set(activity) | set(more)))
        lines.append(
            MeasureLine(m, against, direction_of(m), on_track(m, today=period.end), activity)
        )
    return MeasuresSection(tuple(lines))


def number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in ("%", "percent"):
        return f"{shown}%"
    if unit in ("£", "GBP", "gbp"):
        return f"£{shown}"
    return f"{shown} {unit}".strip()


def _on(day: date | None) -> str:
    return f" ({day:%b %Y})" if day else ""


def measure_text(line: MeasureLine) -> str:
    """ "Tooth decay, age 5 (Rotherham East): 32% (Mar 2024) → 28% (Sep 2026) → 25% (Mar 2028),
    improving, on track"."""
    m = line.measure
    latest = (
        f"{number(m.latest, m.unit)}{_on(m.latest_on)}"
        if m.latest is not None
        else "no reading yet"
    )
    track = {True: "on track", False: "off track", None: ""}[line.on_track]
    state = ", ".join(x for x in (line.direction if m.latest is not None else "", track) if x)
    text = (
        f"{m.name} ({m.ward_name}): {number(m.baseline, m.unit)}{_on(m.baseline_on)} → "
        f"{latest} → target {number(m.target, m.unit)}{_on(m.target_on)}"
    )
    return text + (f", {state}" if state else "")


def activity_text(line: MeasureLine) -> str:
    where = line.against or "no priority or project named"
    if not line.activity:
        return f"{where} — no activity logged against it in the period"
    shown = " ".join(f"#{i}" for i in line.activity[:8])
    more = len(line.activity) - 8
    return f"{where} — {len(line.activity)} update(s) in the period: {shown}" + (
        f" and {more} more" if more > 0 else ""
    )


def measures_lines(section: MeasuresSection, *, limit: int | None = 15) -> list[str]:
    shown = section.lines if limit is None else section.lines[:limit]
    lines = []
    for line in shown:
        lines.append(measure_text(line))
        lines.append(f"  {activity_text(line)}")
        if line.measure.source:
            lines.append(f"  source: {line.measure.source}")
    if limit is not None and len(section.lines) > limit:
        lines.append(f"…and {len(section.lines) - limit} more measures (see the Board report).")
    return lines
