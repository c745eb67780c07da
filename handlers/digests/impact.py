"""The evidence-of-impact part of a digest: outcome measures, money, and good practice
shared between wards, gathered into typed sections (measures.py, money.py) and laid out
for chat here; the Board paper's section is handlers/digests/paper/impact.py."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.messages import Section
from handlers.digests.measures import (
    MeasuresSection,
    activity_text,
    gather_measures,
    measure_text,
    measures_lines,
)
from handlers.digests.money import MoneySection, gather_money, money_lines
from handlers.digests.periods import Period
from storage.cases import cases_of, shares_between


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
    return await with_stories(
        ctx, await impact_parts(ctx, period=period, wards=wards, every_ward=every_ward), case_ids
    )


async def impact_parts(
    ctx: Context, *, period: Period, wards: tuple[domain.Ward, ...], every_ward: bool
) -> Impact:
    """Measures, money and the good practice shared, read at once: each part is its own
    unit of work, so on PostgreSQL they run side by side on pooled connections (SQLite's
    take their turns). The stories come after (`with_stories`): a digest knows its case
    studies only once it has counted."""
    measures, money, shared = await asyncio.gather(
        gather_measures(ctx, period=period, wards=wards, every_ward=every_ward),
        gather_money(ctx, period=period, wards=wards, every_ward=every_ward),
        shares_between(
            ctx.db,
            since=period.start,
            until=period.end,
            ward_ids=None if every_ward else {w.id for w in wards},
        ),
    )
    return Impact(measures, money, GoodPractice(tuple(shared), {}))


async def with_stories(ctx: Context, impact: Impact, case_ids: tuple[int, ...]) -> Impact:
    """The stories of these case studies and of the good practice shared."""
    shared = impact.practice.shared
    stories = await cases_of(ctx.db, update_ids=set(case_ids) | {s.update_id for s in shared})
    return Impact(impact.measures, impact.money, GoodPractice(shared, stories))


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
