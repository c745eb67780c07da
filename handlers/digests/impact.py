"""The evidence-of-impact part of a digest and the Board report: outcome measures, money,
partners' share of the work, and good practice shared between wards. Data is gathered into
typed sections (measures.py, money.py); the functions here lay them out for chat and HTML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.messages import Section
from handlers.digests.measures import (
    MeasuresSection,
    activity_text,
    gather_measures,
    measure_text,
    measures_lines,
    number,
)
from handlers.digests.money import MoneyLine, MoneySection, gather_money, money_lines, pounds
from handlers.digests.periods import Period
from storage.cases import cases_of, shares_between

# What the report's method says each number means.
METHOD = (
    "People reached: the number of people an update says an activity reached (attended, "
    "helped, spoken to), added up across updates. These are attendances, not distinct people: "
    "someone at four coffee mornings is counted four times. Volunteers: the number of "
    "volunteers an update says gave their time, also added up across updates, and never "
    "counted as people reached. Money: sums in £ named in updates, read as raised, granted or "
    "spent from the words beside them, with the fund where one is named. Partners: "
    "organisations named in updates, recognised from the plan's partner list and the names "
    "posters confirmed. Outcome measures: baseline, latest reading on or before the end of "
    "the period, and target; on track when the measure has moved towards its target at least "
    "as far as the time passed since the baseline would expect (within a tenth)."
)


@dataclass(frozen=True, slots=True)
class GoodPractice:
    shared: tuple[domain.CaseShared, ...]  # sent in the period, from the wards in scope
    stories: dict[int, domain.CaseStory]  # of the case studies the digest shows


@dataclass(frozen=True, slots=True)
class Impact:
    measures: MeasuresSection
    money: MoneySection
    practice: GoodPractice


async def gather_impact(
    ctx: Context,
    *,
    period: Period,
    wards: tuple[domain.Ward, ...],
    every_ward: bool,
    case_ids: tuple[int, ...],
) -> Impact:
    measures = await gather_measures(ctx, period=period, wards=wards, every_ward=every_ward)
    money = await gather_money(ctx, period=period, wards=wards, every_ward=every_ward)
    shared = await shares_between(
        ctx.db,
        since=period.start,
        until=period.end,
        ward_ids=None if every_ward else {w.id for w in wards},
    )
    stories = await cases_of(ctx.db, update_ids=set(case_ids) | {s.update_id for s in shared})
    return Impact(measures, money, GoodPractice(tuple(shared), stories))


def story_text(story: domain.CaseStory) -> str:
    parts = [
        ("What was done", story.what),
        ("Who for", story.who_for),
        ("Difference made", story.difference),
    ]
    text = " ".join(f"{label}: {value.rstrip('.')}." for label, value in parts if value)
    return text + (f' "{story.quote}"' if story.quote else "")


def shared_lines(practice: GoodPractice) -> list[str]:
    by_update: dict[int, list[domain.CaseShared]] = {}
    for s in practice.shared:
        by_update.setdefault(s.update_id, []).append(s)
    lines = []
    for update_id, shares in by_update.items():
        wards = ", ".join(dict.fromkeys(s.to_ward for s in shares))
        lines.append(f"#{update_id} from {shares[0].from_ward}, shared with {wards}")
    return lines


def impact_lines(impact: Impact, *, limit: int | None = 15) -> list[str]:
    """The impact sections as plain text (the terminal, and the notification fallback)."""
    lines = ["", "Outcome measures (baseline → latest → target)"]
    if impact.measures.lines:
        lines += [f"  {x}" for x in measures_lines(impact.measures, limit=limit)]
    else:
        lines.append("  No outcome measures are recorded for these wards.")
    lines += ["", "Money raised, granted and spent"]
    lines += [f"  {x}" for x in money_lines(impact.money, limit=8 if limit else None)]
    if impact.practice.shared:
        lines += ["", "Good practice shared with other wards"]
        lines += [f"  {x}" for x in shared_lines(impact.practice)]
    return lines


def impact_sections(impact: Impact, *, limit: int = 10) -> tuple[Section, ...]:
    sections = [
        Section(
            title="Outcome measures",
            text="\n".join(
                f"{measure_text(line)}\n{activity_text(line)}"
                for line in impact.measures.lines[:limit]
            )
            + (
                f"\n…and {len(impact.measures.lines) - limit} more (see the Board report)."
                if len(impact.measures.lines) > limit
                else ""
            )
            or "No outcome measures are recorded for these wards.",
        ),
        Section(title="Money", text="\n".join(money_lines(impact.money))),
    ]
    if impact.practice.shared:
        sections.append(
            Section(
                title="Good practice shared with other wards",
                text="\n".join(shared_lines(impact.practice)),
            )
        )
    return tuple(sections)


def _links(ids: tuple[int, ...]) -> str:
    return " ".join(f'<a href="#u{u}">#{u}</a>' for u in ids)


def _at(value: float | None, unit: str, day: date | None) -> str:
    return escape(number(value, unit)) + (f"<br>{day:%d %b %Y}" if day else "")


def _money_rows(items: tuple[MoneyLine, ...]) -> str:
    return "".join(
        f"<tr><td>{escape(i.label)}</td><td class='n'>{pounds(i.raised)}</td>"
        f"<td class='n'>{pounds(i.granted)}</td><td class='n'>{pounds(i.spent)}</td>"
        f"<td>{_links(i.update_ids)}</td></tr>"
        for i in items
    )


def impact_html(impact: Impact) -> str:
    """The impact sections of the Board report (every measure, every sum)."""
    out = ["<h2>Outcome measures</h2>"]
    if impact.measures.lines:
        out.append(
            "<table><tr><th>Measure</th><th>Ward</th><th>Baseline</th><th>Latest</th>"
            "<th>Target</th><th>Direction</th><th>On track</th><th>Against</th>"
            "<th>Activity in the period</th><th>Source</th></tr>"
        )
        for line in impact.measures.lines:
            m = line.measure
            track = {True: "on track", False: "off track", None: "—"}[line.on_track]
            activity = _links(line.activity) or "none"
            out.append(
                f"<tr><td>{escape(m.name)}</td><td>{escape(m.ward_name)}</td>"
                f"<td>{_at(m.baseline, m.unit, m.baseline_on)}</td><td>{_at(m.latest, m.unit, m.latest_on)}</td>"
                f"<td>{_at(m.target, m.unit, m.target_on)}</td><td>{escape(line.direction)}</td>"
                f"<td>{track}</td><td>{escape(line.against) or '—'}</td><td>{activity}</td>"
                f"<td>{escape(m.source) or '—'}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p>No outcome measures are recorded for these wards.</p>")
    out.append("<h2>Money raised, granted and spent</h2>")
    money = impact.money
    if money.total.update_ids:
        head = "<tr><th>{}</th><th>Raised</th><th>Granted</th><th>Spent</th><th>Updates</th></tr>"
        out.append("<table>" + head.format("") + _money_rows((money.total,)) + "</table>")
        for title, items in (
            ("Fund", money.by_fund),
            ("Ward", money.by_ward),
            ("Board aim", money.by_aim),
        ):
            out.append(f"<h3>By {title.lower()}</h3><table>" + head.format(title))
            out.append(_money_rows(items) + "</table>")
    else:
        out.append("<p>No money raised, granted or spent was logged in the period.</p>")
    out.append("<h2>Good practice shared with other wards</h2>")
    if impact.practice.shared:
        out.append(
            "<table><tr><th>Case study</th><th>From</th><th>Shared with</th><th>On</th></tr>"
        )
        for s in impact.practice.shared:
            story = impact.practice.stories.get(s.update_id)
            told = f"<br>{escape(story_text(story))}" if story else ""
            out.append(
                f"<tr><td><a href='#u{s.update_id}'>#{s.update_id}</a>{told}</td>"
                f"<td>{escape(s.from_ward)}</td><td>{escape(s.to_ward)} ({escape(s.platform)})"
                f"</td><td>{s.shared_at:%d %b %Y}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p>No good practice was shared between wards in the period.</p>")
    out.append(f"<h2>Method</h2><p>{escape(METHOD)}</p>")
    return "\n".join(out)
