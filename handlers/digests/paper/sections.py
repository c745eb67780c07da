"""The Board paper's sections, each one function from the paper's data to a `Section`.

To add a section, write `def my_section(data: PaperData) -> Section | None` and put it in
SECTIONS where it should appear (None leaves it out, e.g. when it has nothing to say).
HTML, Word and PDF all render whatever SECTIONS returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from handlers import domain
from handlers.digests.build import Digest, link_of
from handlers.digests.chart import Bar, PrintChart
from handlers.digests.paper.data import AimTally, PaperData, WardTally
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

SectionBuilder = Callable[[PaperData], Section | None]
NOTABLE_PER_AIM = 3
NOTABLE_PER_WARD = 2


def _n(value: int) -> str:
    return f"{value:,}"


def _change(now: int, before: int) -> str:
    if now == before:
        return "no change"
    diff = now - before
    sign = "+" if diff > 0 else "−"
    if not before:
        return f"{sign}{abs(diff):,} (none before)"
    return f"{sign}{abs(diff):,} ({sign}{abs(diff) / before:.0%})"


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _list(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _notable(updates: Iterable[domain.Update], limit: int) -> tuple[domain.Update, ...]:
    ranked = sorted(
        updates,
        key=lambda u: (not u.case_study, -(u.people_reached or 0), -u.occurred_on.toordinal()),
    )
    return tuple(ranked[:limit])


def _update_line(u: domain.Update, *, ward: bool = True) -> str:
    bits = []
    if u.people_reached:
        bits.append(f"{u.people_reached:,} reached")
    if u.volunteers:
        bits.append(f"{u.volunteers:,} volunteers")
    if u.partners:
        bits.append("with " + _list(u.partners))
    if u.case_study:
        bits.append("case study")
    where = f"{u.ward_name}, " if ward else ""
    extra = f" ({'; '.join(bits)})" if bits else ""
    return f"{where}{u.occurred_on:%d %b}: {_short(u.text)}{extra} [ref {u.id}]"


# ---- Headline figures -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figures:
    updates: int
    wards_active: int
    wards_total: int
    people_reached: int
    volunteers: int
    partners: int
    case_studies: int
    priorities_active: int
    priorities_known: int


def figures_of(digest: Digest, *, case_studies: int | None = None) -> Figures:
    h = digest.headline
    return Figures(
        updates=h.updates.value,
        wards_active=h.wards_active.value,
        wards_total=h.wards_total,
        people_reached=h.people_reached.value,
        volunteers=h.volunteers.value,
        partners=len(h.partners),
        case_studies=len(digest.good_practice) if case_studies is None else case_studies,
        priorities_active=h.priorities_active,
        priorities_known=h.priorities_known,
    )


def priorities_matched(data: PaperData) -> int:
    return sum(1 for w in data.by_ward for p in w.priorities if w.matched.get(p.id))


def approved_figures(data: PaperData) -> str:
    """The figures an officer signs off, as one line: a later change to any of them (an
    update moved, a count corrected) shows the sign-off no longer holds."""
    f = figures_of(data.digest, case_studies=sum(u.case_study for u in data.updates))
    return (
        f"{data.period.code} {data.scope}: {f.updates} updates; {f.wards_active} of "
        f"{f.wards_total} wards active; {f.people_reached} people reached; {f.volunteers} "
        f"volunteers; {f.partners} partner organisations; {priorities_matched(data)} of "
        f"{f.priorities_known} priorities with a matched update; {f.case_studies} case studies"
    )


def headline_table(data: PaperData) -> Table:
    now = figures_of(data.digest, case_studies=sum(u.case_study for u in data.updates))
    before = figures_of(data.previous)
    year = figures_of(data.year_before)
    prev, last_year = data.previous.period, data.year_before.period
    rows: list[tuple[str, ...]] = []

    def row(label: str, a: int, b: int, c: int, *, of: str = "") -> None:
        rows.append((label, _n(a) + of, _n(b), _change(a, b), _n(c)))

    row("Updates logged", now.updates, before.updates, year.updates)
    if now.wards_total > 1:
        row(
            "Wards with activity",
            now.wards_active,
            before.wards_active,
            year.wards_active,
            of=f" of {now.wards_total}",
        )
    row("People reached", now.people_reached, before.people_reached, year.people_reached)
    row("Volunteers", now.volunteers, before.volunteers, year.volunteers)
    row("Partner organisations", now.partners, before.partners, year.partners)
    row("Case studies (good practice)", now.case_studies, before.case_studies, year.case_studies)
    return Table(
        caption=f"Headline figures, {data.period.short_label}",
        columns=(
            Column("Measure", width=2.2),
            Column(data.period.short_label, numeric=True),
            Column(prev.short_label, numeric=True),
            Column("Change", numeric=True),
            Column(last_year.short_label, numeric=True),
        ),
        rows=tuple(rows),
    )


def key_messages(data: PaperData) -> tuple[str, ...]:
    """Three to five messages drafted from the numbers, for the officer to rewrite."""
    out = []
    now, before = data.digest.headline.updates.value, data.previous.headline.updates.value
    if now != before:
        verb = "rose" if now > before else "fell"
        out.append(
            f"Activity {verb}: {now:,} updates in {data.period.short_label} against "
            f"{before:,} in {data.previous.period.short_label}, a change of {_change(now, before)}."
        )
    else:
        out.append(f"Activity held steady at {now:,} updates.")
    active = [a for a in data.aims if a.updates]
    if active:
        most = max(active, key=lambda a: len(a.updates))
        out.append(
            f"Most activity was under “{most.aim.title}”: {len(most.updates):,} updates in "
            f"{len(most.wards)} wards, reaching {most.people_reached:,} people."
        )
        least = min(data.aims, key=lambda a: len(a.updates))
        if least is not most:
            out.append(
                f"Least was under “{least.aim.title}” ({len(least.updates):,} updates"
                + (f" in {len(least.wards)} wards)." if least.updates else ").")
            )
    known = [w for w in data.by_ward if w.has_plan]
    gaps = sum(len(w.gaps) for w in known)
    quiet = [w.ward.name for w in data.by_ward if not w.updates]
    no_plan = [w for w in data.by_ward if not w.has_plan]
    if known:
        gap = f"{gaps} of {sum(len(w.priorities) for w in known)} ward priorities had no update matched to them"
        if quiet:
            gap += f"; {len(quiet)} ward{'s' if len(quiet) != 1 else ''} logged nothing"
        if no_plan:
            gap += (
                f"; {len(no_plan)} ward{'s have' if len(no_plan) != 1 else ' has'} no plan loaded"
            )
        out.append(gap + ".")
    if data.digest.rising:
        r = data.digest.rising[0]
        out.append(
            f"{r.label} rose most: {r.now} updates against {r.before} in "
            f"{data.previous.period.short_label}."
        )
    studies = [u for u in data.updates if u.case_study]
    if studies and len(out) < 5:
        best = _notable(studies, 1)[0]
        out.append(
            f"{len(studies)} case stud{'ies' if len(studies) != 1 else 'y'} of good practice, "
            f"such as {best.ward_name}: {_short(best.text, 90)}"
        )
    return tuple(out[:5])


# ---- Sections ---------------------------------------------------------------------------


def summary(data: PaperData) -> Section:
    blocks: list[Block] = [
        headline_table(data),
        Paragraph(
            "Change is against the period before of the same kind; the last column is the "
            "same period a year before. One update may count under several Board aims, so "
            "the aims' counts add up to more than the updates logged.",
            Tone.NOTE,
        ),
        Paragraph(
            "Key messages — DRAFTED FROM THE DATA: the officer edits these before the Board.",
            Tone.DRAFT,
        ),
        Bullets(key_messages(data), Tone.DRAFT),
    ]
    return Section("summary", "Summary", tuple(blocks))


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
                _n(len(a.updates)),
                _n(len(a.wards)),
                _n(a.people_reached),
                _n(a.volunteers),
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
            + _list(f"{w} ({c})" for w, c in list(a.wards.items())[:5])
            + "."
        )
    blocks: list[Block] = [
        Paragraph(text),
        Paragraph(
            f"Trend: {n:,} updates against {before:,} in {data.previous.period.short_label} "
            f"(change {_change(n, before)}) and {year:,} in {data.year_before.period.short_label}."
        ),
    ]
    if a.partners:
        blocks.append(Paragraph(f"Partners: {_list(a.partners)}."))
    notable = _notable(a.updates, NOTABLE_PER_AIM)
    if notable:
        blocks += [Paragraph("Notable updates:"), Bullets(tuple(_update_line(u) for u in notable))]
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
        rows.append((a.aim.title, _n(len(citing)), _n(len(a.updates)), _n(len(a.wards))))
        for t in themes:
            carrying = [u for u in data.updates if t.key in u.themes]
            rows.append(
                (
                    t.label,
                    _n(len(wards_citing.get(t.key, set()))),
                    _n(len(carrying)),
                    _n(len({u.ward_slug for u in carrying})),
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
                f"No ward plan is loaded for {_list(no_plan)}: their priorities, and so their "
                "gaps, are not known."
            )
        )
    quiet = [w.ward.name for w in data.by_ward if not w.updates]
    if quiet and len(data.wards) > 1:
        blocks.append(Paragraph(f"No activity at all was logged in {_list(quiet)}."))
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
            (w.ward.name, _n(len(w.updates)), _n(w.people_reached), _n(w.volunteers))
            for w in active
        ),
    )
    note = f"No updates were logged in {_list(quiet)}." if quiet else ""
    return Figure(chart, alt, table, note)


def _plural(n: int, word: str, many: str = "") -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def _ward_section(data: PaperData, w: WardTally) -> Section:
    """A ward in a few lines: its numbers, each priority with its matched updates (the gaps
    said as such), and its most notable updates."""
    n = len(w.updates)
    blocks: list[Block] = [
        Paragraph(
            f"{_plural(n, 'update')}, reaching {_plural(w.people_reached, 'person', 'people')} "
            f"with {_plural(w.volunteers, 'volunteer')}."
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
                        _plural(w.matched[p.id], "matched update")
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
    notable = _notable(w.updates, NOTABLE_PER_WARD)
    if notable:
        blocks.append(Bullets(tuple("Notable: " + _update_line(u, ward=False) for u in notable)))
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
            text += f" With {_list(u.partners)}."
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
            _n(u.people_reached) if u.people_reached else "",
            _n(u.volunteers) if u.volunteers else "",
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
                    "events counts twice. Updates that give no number add nothing.",
                    "Volunteers: people giving their time, as the update says (e.g. “12 "
                    "volunteers”). They are not counted again as people reached.",
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
        title=f"Neighbourhood activity and the Board's aims: {data.period.label}",
        council=data.council,
        scope=where if data.ward else f"{data.council}, all {len(data.wards)} wards",
        period_label=data.period.label,
        generated=data.generated,
        draft=draft,
        sign_off=sign_off,
        sections=tuple(s for build in sections if (s := build(data)) is not None),
    )
