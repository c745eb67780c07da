"""The Board paper's sections, each one function from the paper's data to a `Section`.

To add a section, write `def my_section(data: PaperData) -> Section | None` and put it in
SECTIONS where it should appear (None leaves it out, e.g. when it has nothing to say).
HTML, Word and PDF all render whatever SECTIONS returns.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers import domain
from handlers.digests.build import link_of
from handlers.digests.chart import Bar, PrintChart
from handlers.digests.paper.data import AimTally, PaperData, WardTally
from handlers.digests.paper.impact import impact
from handlers.digests.paper.model import (
    Block,
    Bullets,
    Column,
    Figure,
    Paper,
    Paragraph,
    Section,
    SignOff,
    Table,
    Tone,
)
from handlers.digests.paper.summary import approved_figures, key_messages, summary
from handlers.digests.paper.text import change, listed, notable, number, plural, update_line

__all__ = ["SECTIONS", "SectionBuilder", "approved_figures", "build_paper", "key_messages"]

SectionBuilder = Callable[[PaperData], Section | None]
NOTABLE_PER_AIM = 3
NOTABLE_PER_WARD = 2


def _aim_figure(data: PaperData) -> Figure:
    bars = tuple(Bar(a.aim.title, len(a.updates)) for a in data.aims)
    chart = PrintChart(f"Updates by Board aim, {data.period.short_label}", bars, "blue")
    alt = f"Bar chart of updates by Board aim in {data.period.short_label}: " + "; ".join(
        f"{b.label}, {b.value}" for b in bars
    )
    table = Table(
        caption="Updates by Board aim (the chart's numbers)",
        columns=(
            Column("Board aim", width=3),
            Column("Updates", numeric=True),
            Column("Wards", numeric=True),
            Column("People reached", numeric=True),
            Column("Volunteers", numeric=True),
        ),
        rows=tuple(
            (
                a.aim.title,
                number(len(a.updates)),
                number(len(a.wards)),
                number(a.people_reached),
                number(a.volunteers),
            )
            for a in data.aims
        ),
    )
    return Figure(chart, alt, table)


def _aim_section(data: PaperData, a: AimTally) -> Section:
    before = next((x.count for x in data.previous.aims if x.key == a.aim.key), 0)
    year = next((x.count for x in data.year_before.aims if x.key == a.aim.key), 0)
    n = len(a.updates)
    if not n:
        text = "No activity was logged against this aim in the period."
    else:
        text = (
            f"{n:,} updates in {len(a.wards)} of {len(data.wards)} wards, reaching "
            f"{a.people_reached:,} people with {a.volunteers:,} volunteers. Most active: "
            + listed(f"{w} ({c})" for w, c in list(a.wards.items())[:5])
            + "."
        )
    blocks: list[Block] = [
        Paragraph(text),
        Paragraph(
            f"Trend: {n:,} updates against {before:,} in {data.previous.period.short_label} "
            f"(change {change(n, before)}) and {year:,} in {data.year_before.period.short_label}."
        ),
    ]
    if a.partners:
        blocks.append(Paragraph(f"Partners: {listed(a.partners)}."))
    picked = notable(a.updates, NOTABLE_PER_AIM)
    if picked:
        blocks += [Paragraph("Notable updates:"), Bullets(tuple(update_line(u) for u in picked))]
    return Section(f"aim-{a.aim.key}", a.aim.title, tuple(blocks))


def board_aims(data: PaperData) -> Section:
    return Section(
        "aims",
        "Activity by Board aim",
        (_aim_figure(data),),
        subsections=tuple(_aim_section(data, a) for a in data.aims),
        new_page=True,
    )


def coverage(data: PaperData) -> Section:
    """The seed's table: how many wards' plans reference each aim and theme, beside the
    activity each had in the period."""
    wards_citing: dict[str, set[str]] = {}
    for p in data.priorities:
        for key in p.themes:
            wards_citing.setdefault(key, set()).add(p.ward_slug)
    rows: list[tuple[str, ...]] = []
    strong = set()
    for a in data.aims:
        themes = [t for t in data.themes if t.board_aim == a.aim.key]
        citing: set[str] = set().union(*(wards_citing.get(t.key, set()) for t in themes))
        strong.add(len(rows))
        rows.append(
            (a.aim.title, number(len(citing)), number(len(a.updates)), number(len(a.wards)))
        )
        for t in themes:
            carrying = [u for u in data.updates if t.key in u.themes]
            rows.append(
                (
                    t.label,
                    number(len(wards_citing.get(t.key, set()))),
                    number(len(carrying)),
                    number(len({u.ward_slug for u in carrying})),
                )
            )
    known = sum(1 for w in data.by_ward if w.has_plan)
    return Section(
        "coverage",
        "Board aims in ward plans, beside activity",
        (
            Paragraph(
                f"How many wards' plans ({data.plan_year}) reference each Board aim and theme, "
                f"beside the updates logged under it in {data.period.short_label}. "
                f"{known} of {len(data.wards)} wards have their priorities loaded."
            ),
            Table(
                caption="Coverage of the Board's aims and themes",
                columns=(
                    Column("Board aim and theme", width=3),
                    Column("Wards whose plans reference it", numeric=True),
                    Column("Updates", numeric=True),
                    Column("Wards active", numeric=True),
                ),
                rows=tuple(rows),
                strong_rows=frozenset(strong),
            ),
        ),
    )


def gaps(data: PaperData) -> Section:
    """A priority counts as active only when an update was matched to it: a theme in
    common is not enough (a litter pick does not reduce flooding)."""
    known = [w for w in data.by_ward if w.has_plan]
    rows = tuple((w.ward.name, f"{p.number}. {p.title}") for w in known for p in w.gaps)
    total = sum(len(w.priorities) for w in known)
    blocks: list[Block] = [
        Paragraph(
            f"{len(rows)} of {total} ward priorities had no update matched to them in "
            f"{data.period.short_label}. A priority counts as active only when an update was "
            "matched to it, not when an update merely shares a theme with it."
        ),
        Table(
            caption="Ward priorities with no matched update",
            columns=(Column("Ward", width=1.2), Column("Priority", width=3)),
            rows=rows,
            empty="Every priority in the loaded ward plans had at least one matched update.",
        ),
    ]
    no_plan = [w.ward.name for w in data.by_ward if not w.has_plan]
    if no_plan:
        blocks.append(
            Paragraph(
                f"No ward plan is loaded for {listed(no_plan)}: their priorities, and so their "
                "gaps, are not known."
            )
        )
    quiet = [w.ward.name for w in data.by_ward if not w.updates]
    if quiet and len(data.wards) > 1:
        blocks.append(Paragraph(f"No activity at all was logged in {listed(quiet)}."))
    return Section("gaps", "Gaps: priorities with no matched activity", tuple(blocks))


def _ward_figure(data: PaperData) -> Figure:
    active = sorted(
        (w for w in data.by_ward if w.updates), key=lambda w: (-len(w.updates), w.ward.name)
    )
    bars = tuple(Bar(w.ward.name, len(w.updates)) for w in active)
    chart = PrintChart(f"Updates by ward, {data.period.short_label}", bars, "green")
    quiet = [w.ward.name for w in data.by_ward if not w.updates]
    alt = f"Bar chart of updates by ward in {data.period.short_label}, most first: " + "; ".join(
        f"{b.label}, {b.value}" for b in bars
    )
    table = Table(
        caption="Updates by ward (the chart's numbers)",
        columns=(
            Column("Ward", width=2),
            Column("Updates", numeric=True),
            Column("People reached", numeric=True),
            Column("Volunteers", numeric=True),
        ),
        rows=tuple(
            (w.ward.name, number(len(w.updates)), number(w.people_reached), number(w.volunteers))
            for w in active
        ),
    )
    note = f"No updates were logged in {listed(quiet)}." if quiet else ""
    return Figure(chart, alt, table, note)


def _ward_section(data: PaperData, w: WardTally) -> Section:
    """A ward in a few lines: its numbers, each priority with its matched updates (the gaps
    said as such), and its most notable updates."""
    n = len(w.updates)
    blocks: list[Block] = [
        Paragraph(
            f"{plural(n, 'update')}, reaching {plural(w.people_reached, 'person', 'people')} "
            f"with {plural(w.volunteers, 'volunteer')}."
            if n
            else "No activity was logged in the period."
        )
    ]
    if w.has_plan:
        blocks.append(
            Bullets(
                tuple(
                    f"Priority {p.number}, {p.title}: "
                    + (
                        plural(w.matched[p.id], "matched update")
                        if w.matched.get(p.id)
                        else "no matched update (a gap)"
                    )
                    for p in w.priorities
                )
            )
        )
    else:
        blocks.append(
            Paragraph(
                f"No ward plan is loaded for {w.ward.name}, so its priorities and gaps are not known."
            )
        )
    picked = notable(w.updates, NOTABLE_PER_WARD)
    if picked:
        blocks.append(Bullets(tuple("Notable: " + update_line(u, ward=False) for u in picked)))
    return Section(f"ward-{w.ward.slug}", w.ward.name, tuple(blocks))


def wards(data: PaperData) -> Section:
    blocks: tuple[Block, ...] = (_ward_figure(data),) if len(data.wards) > 1 else ()
    return Section(
        "wards",
        "Ward by ward",
        blocks,
        subsections=tuple(_ward_section(data, w) for w in data.by_ward),
    )


def every_update(data: PaperData) -> Section:
    """Every update counted, one row each; priorities by number (their titles are in the
    ward sections), themes by their labels, never their keys."""

    def what(u: domain.Update) -> str:
        text = " ".join(u.text.split())
        if u.partners:
            text += f" With {listed(u.partners)}."
        if u.case_study:
            text += " Case study."
        return text

    ordered = sorted(data.updates, key=lambda u: (u.occurred_on, u.id))
    rows = tuple(
        (
            str(u.id),
            f"{u.occurred_on:%d %b}",
            u.ward_name,
            what(u),
            str(u.priority.number) if u.priority else "",
            ", ".join(data.theme_label(t) for t in u.themes) or "—",
            number(u.people_reached) if u.people_reached else "",
            number(u.volunteers) if u.volunteers else "",
        )
        for u in ordered
    )
    return Section(
        "appendix-updates",
        f"Appendix A: every update counted ({len(rows):,})",
        (
            Paragraph(
                "Oldest first. Ref is the update's number, quoted in brackets elsewhere in this "
                "paper; Pri. is the number of the ward priority it was matched to.",
                Tone.NOTE,
            ),
            Table(
                caption="Every update in the period",
                columns=(
                    Column("Ref", numeric=True, width=0.45),
                    Column("Date", width=0.6),
                    Column("Ward", width=1.15),
                    Column("What happened", width=4.3),
                    Column("Pri.", numeric=True, width=0.35),
                    Column("Themes", width=1.9),
                    Column("People", numeric=True, width=0.6),
                    Column("Vols.", numeric=True, width=0.45),
                ),
                rows=rows,
                empty="No updates were logged in the period.",
                small=True,
                anchors=tuple(f"u{u.id}" for u in ordered),
                links=tuple(link_of(u) for u in ordered),
            ),
        ),
        new_page=True,
    )


def method(data: PaperData) -> Section:
    return Section(
        "appendix-method",
        "Appendix B: method and definitions",
        (
            Bullets(
                (
                    "Updates are what officers, councillors and partners logged with wardbot in "
                    "Slack or Teams, dated by when the activity happened. Deleted updates are "
                    "left out; corrected ones are counted as corrected.",
                    "People reached: the number of residents an update says took part or were "
                    "helped (e.g. “40 attended”). It is summed as logged, so one person at two "
                    "events counts twice: these are attendances, not distinct people. Updates "
                    "that give no number add nothing.",
                    "Volunteers: people giving their time, as the update says (e.g. “12 "
                    "volunteers”), also attendances. They are never counted as people reached.",
                    "Money: sums in £ named in updates, read as raised, granted or spent from "
                    "the words beside them, with the fund where one is named.",
                    "Outcome measures: on track when a measure has moved towards its target at "
                    "least as far as the time since its baseline would expect (within a tenth).",
                    "Partner organisations: distinct organisations named in updates.",
                    "Board aims: each theme belongs to one Board aim, and an update counts under "
                    "every aim of its themes. One update may count under several aims, so the "
                    "aims' counts add up to more than the updates logged.",
                    "Priorities: an update is matched to at most one priority of its ward's "
                    "plan. A priority is active only when an update was matched to it.",
                    f"Comparisons: the previous period is the one before of the same kind "
                    f"({data.previous.period.short_label}); the year before is "
                    f"{data.year_before.period.short_label}. Quarters are calendar quarters; "
                    "financial years run April to March.",
                    "Every number can be traced: the references in brackets are the update "
                    "numbers in Appendix A.",
                )
            ),
        ),
    )


SECTIONS: tuple[SectionBuilder, ...] = (
    summary,
    board_aims,
    coverage,
    gaps,
    wards,
    impact,
    every_update,
    method,
)


def build_paper(
    data: PaperData,
    *,
    draft: bool,
    sign_off: SignOff | None = None,
    sections: tuple[SectionBuilder, ...] = SECTIONS,
) -> Paper:
    where = data.ward.name if data.ward else data.council
    return Paper(
        title=(f"{data.ward.name}: n" if data.ward else "N")
        + f"eighbourhood activity and the Board's aims: {data.period.label}",
        council=data.council,
        scope=where if data.ward else f"{data.council}, all {len(data.wards)} wards",
        period_label=data.period.label,
        generated=data.generated,
        draft=draft,
        sign_off=sign_off,
        sections=tuple(s for build in sections if (s := build(data)) is not None),
    )
