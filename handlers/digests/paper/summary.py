"""The paper's first page: headline figures against the period before and the year
before, and key messages drafted from the data for the officer to rewrite."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.digests.build import Digest
from handlers.digests.paper.data import PaperData
from handlers.digests.paper.model import Block, Bullets, Column, Paragraph, Section, Table, Tone
from handlers.digests.paper.text import change, listed, notable, number, short


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
        rows.append((label, number(a) + of, number(b), change(a, b), number(c)))

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
            f"{before:,} in {data.previous.period.short_label}, a change of {change(now, before)}."
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
        best = notable(studies, 1)[0]
        out.append(
            f"{len(studies)} case stud{'ies' if len(studies) != 1 else 'y'} of good practice, "
            f"such as {best.ward_name}: {short(best.text, 90)}"
        )
    return tuple(out[:5])


def summary(data: PaperData) -> Section:
    blocks: list[Block] = [
        headline_table(data),
        Paragraph(
            "Change is against the period before of the same kind; the last column is the "
            "same period a year before. One update may count under several Board aims, so "
            "the aims' counts add up to more than the updates logged.",
            Tone.NOTE,
        ),
    ]
    partners = data.digest.headline.partners
    if partners:  # who posted for an organisation, and who was named as working with us
        blocks.append(Paragraph(f"Partner organisations: {listed(partners)}.", Tone.NOTE))
    blocks += [
        Paragraph(
            "Key messages — DRAFTED FROM THE DATA: the officer edits these before the Board.",
            Tone.DRAFT,
        ),
        Bullets(key_messages(data), Tone.DRAFT),
    ]
    return Section("summary", "Summary", tuple(blocks))
