"""A Board digest: what happened in the period, laid out the way the Board reports.

`gather` reads what a digest needs; `build_digest` is a pure function from that data to
a `Digest`; `handlers.digests.reply.digest_reply` makes it a neutral `Reply` with its chart.
Every number carries how many updates it counts and their ids, so every claim can be
traced: a chat digest holds the first IDS_SHOWN ids (all it prints) and reads in full only
the updates it shows; the Board report (`every_update=True`) holds every id and update.
"""

from __future__ import annotations

import asyncio
import heapq
import operator
from dataclasses import dataclass
from typing import NamedTuple

from handlers import domain
from handlers.chat.context import Context
from handlers.digests.chart import Bar, ChartData, Panel
from handlers.digests.impact import Impact, impact_parts, with_stories
from handlers.digests.periods import Period
from storage.reporting import NO_IDS, Ids, PeriodCounts, period_counts, themes_carried
from storage.updates import list_updates, updates_by_id

NOTABLE = 3  # per Board aim
GOOD_PRACTICE = 5
RISING = 5
IDS_SHOWN = 12


@dataclass(frozen=True, slots=True)
class DigestData:
    """Everything a digest is made from, read once: counts, and only the updates it shows."""

    council: str
    plan_year: int
    period: Period
    previous_period: Period
    ward: domain.Ward | None  # None: the whole borough, or an area
    area: domain.Area | None  # a neighbourhood or area: the sum of its wards
    board_aims: tuple[domain.BoardAim, ...]
    themes: tuple[domain.Theme, ...]
    wards: tuple[domain.Ward, ...]  # the wards in scope
    priorities: tuple[domain.Priority, ...]  # of the wards in scope, this plan year
    counts: PeriodCounts  # in scope and period, deleted ones left out
    shown: dict[int, domain.Update]  # the notable and good-practice updates, in full
    previous_themes: dict[str, int]  # theme -> updates in the period before
    updates: tuple[domain.Update, ...] = ()  # every update counted: only for the report
    impact: Impact | None = None  # measures, money, good practice shared


@dataclass(frozen=True, slots=True)
class Counted:
    """A number and the updates that make it: `count` of them, `update_ids` ascending
    (every one in a report; the first IDS_SHOWN in a chat digest)."""

    value: int
    update_ids: tuple[int, ...]
    count: int


@dataclass(frozen=True, slots=True)
class Headline:
    updates: Counted
    wards_active: Counted
    wards_total: int
    people_reached: Counted
    volunteers: Counted
    partners: tuple[str, ...]
    partner_updates: tuple[int, ...]
    priorities_active: int
    priorities_known: int
    unthemed: tuple[int, ...]
    unthemed_count: int  # unthemed may be the first few


@dataclass(frozen=True, slots=True)
class AimSummary:
    key: str
    title: str
    updates: tuple[int, ...]  # ascending: all of them, or the first IDS_SHOWN
    wards: tuple[str, ...]  # names, most active first
    people_reached: int
    notable: tuple[domain.Update, ...]
    count: int  # updates counted


class Gap(NamedTuple):
    # A named tuple, not a frozen dataclass: a 9,000-ward plan's quarter has ~15,000 gaps,
    # and a frozen dataclass's __init__ sets each field through object.__setattr__.
    ward_slug: str
    ward_name: str
    number: int
    title: str


@dataclass(frozen=True, slots=True)
class Rising:
    theme_key: str
    label: str
    now: int
    before: int
    update_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    council: str
    plan_year: int
    period: Period
    previous_period: Period
    scope: str  # "the whole borough" or a ward's name
    headline: Headline
    aims: tuple[AimSummary, ...]
    gaps: tuple[Gap, ...]
    quiet_wards: tuple[str, ...]  # no activity at all in the period
    plan_unknown: tuple[str, ...]  # wards whose priorities are not in the loaded plan
    rising: tuple[Rising, ...]
    good_practice: tuple[domain.Update, ...]
    chart: ChartData
    updates: tuple[domain.Update, ...]  # every update counted, newest first: reports only
    impact: Impact | None = None

    @property
    def title(self) -> str:
        where = "Borough" if self.scope == "the whole borough" else self.scope
        return f"{where} digest: {self.period.label}"


async def gather(
    ctx: Context,
    *,
    period: Period,
    ward_slug: str | None,
    every_update: bool = False,
    area_slug: str | None = None,
) -> DigestData:
    """Counts in SQL, and in full only the updates the digest names. `every_update` (the
    Board report) also reads every id behind each count and every update counted. A
    neighbourhood or area (`area_slug`) is the sum of its wards."""
    plan = ctx.plan
    ward = plan.ward(ward_slug) if ward_slug else None
    area = next((a for a in plan.areas if a.slug == area_slug), None) if area_slug else None
    wards = (ward,) if ward else plan.wards
    if area is not None:
        wards = tuple(w for slug in area.wards if (w := plan.ward(slug)))
    in_scope = {w.slug for w in wards}
    before = period.previous()
    # Three independent reads at once (each its own unit of work: side by side on
    # PostgreSQL's pooled connections, in turn on SQLite): the counts and the updates they
    # name, the themes of the period before, and the evidence of impact.
    (counts, shown, everything), previous, parts = await asyncio.gather(
        _counts_and_shown(
            ctx,
            period=period,
            wards=wards,
            every_update=every_update,
            ward_slug=ward_slug,
            area=area,
        ),
        themes_carried(
            ctx.db,
            since=before.start,
            until=before.end,
            ward_ids={w.id for w in wards},
            themes=[t.key for t in plan.themes],
        ),
        impact_parts(ctx, period=period, wards=wards, every_ward=ward is None),
    )
    impact = await with_stories(ctx, parts, tuple(counts.case_studies))
    return DigestData(
        council=plan.council,
        plan_year=plan.year,
        period=period,
        previous_period=before,
        ward=ward,
        area=area,
        board_aims=plan.board_aims,
        themes=plan.themes,
        wards=wards,
        priorities=tuple(p for p in plan.priorities if p.ward_slug in in_scope),
        counts=counts,
        shown={u.id: u for u in shown},
        previous_themes=previous,
        updates=tuple(u for u in everything if u.ward_slug in in_scope),
        impact=impact,
    )


async def _counts_and_shown(
    ctx: Context,
    *,
    period: Period,
    wards: tuple[domain.Ward, ...],
    every_update: bool,
    ward_slug: str | None,
    area: domain.Area | None,
) -> tuple[PeriodCounts, list[domain.Update], list[domain.Update]]:
    """The period's counts, the updates the digest names in full, and (for the Board
    report) every update counted."""
    counts = await period_counts(
        ctx.db,
        since=period.start,
        until=period.end,
        ward_ids={w.id for w in wards},
        theme_aims={t.key: t.board_aim for t in ctx.plan.themes},
        ids=None if every_update else IDS_SHOWN,
        notable=NOTABLE,
        case_studies=GOOD_PRACTICE,
        council=ctx.council,
    )
    named = [i for a in counts.aims.values() for i in a.notable] + list(counts.case_studies)
    # `#internal` updates are counted, never shown: digests go to channels partners share.
    shown = [u for u in await updates_by_id(ctx.db, ids=named) if not u.internal]
    everything: list[domain.Update] = []
    if every_update:
        everything = await list_updates(
            ctx.db,
            ward_slug=ward_slug,
            area=domain.Area(area.slug, area.name, area.kind, wards=area.wards) if area else None,
            since=period.start,
            until=period.end,
            limit=None,
        )
        everything = [u for u in everything if not u.internal]
    return counts, shown, everything


def link_of(update: domain.Update) -> str:
    return update.source_link or update.evidence_link


def _counted(value: int, ids: Ids) -> Counted:
    return Counted(value, ids.ids, ids.count)


def build_digest(data: DigestData) -> Digest:
    counts = data.counts
    ward_names = {w.id: w.name for w in data.wards}
    ward_slugs = {w.id: w.slug for w in data.wards}

    partners: dict[str, str] = {}
    # Who posted and who was named, one list. A poster's organisation is spelt as settings
    # or an admin spell it; a name in posts, the newest spelling (newest first).
    for _, organisation in counts.posters:
        partners.setdefault(" ".join(organisation.lower().split()), organisation.strip())
    for _, names in counts.partners:
        for name in names:
            partners.setdefault(" ".join(name.lower().split()), name.strip())
    partner_ids = tuple(sorted({update_id for update_id, _ in (*counts.partners, *counts.posters)}))
    active_wards = {ward_slugs.get(w, str(w)) for w in counts.by_ward}

    gaps, active_priorities = _gaps(data)
    unthemed = counts.unthemed
    headline = Headline(
        updates=_counted(counts.updates.count, counts.updates),
        wards_active=_counted(len(active_wards), counts.updates),
        wards_total=len(data.wards),
        people_reached=_counted(counts.people_reached, counts.people_ids),
        volunteers=_counted(counts.volunteers, counts.volunteer_ids),
        partners=tuple(sorted(partners.values(), key=str.lower)),
        partner_updates=partner_ids,
        priorities_active=active_priorities,
        priorities_known=len(data.priorities),
        unthemed=unthemed.ids,
        unthemed_count=unthemed.count,
    )

    aims = []
    for aim in data.board_aims:
        found = counts.aims.get(aim.key)
        if found is None:
            aims.append(AimSummary(aim.key, aim.title, (), (), 0, (), 0))
            continue
        busiest = sorted(
            found.by_ward.items(), key=lambda kv: (-kv[1], ward_names.get(kv[0], str(kv[0])))
        )
        aims.append(
            AimSummary(
                key=aim.key,
                title=aim.title,
                updates=found.updates.ids,
                wards=tuple(ward_names.get(w, str(w)) for w, _ in busiest),
                people_reached=found.people_reached,
                notable=tuple(data.shown[i] for i in found.notable if i in data.shown),
                count=found.updates.count,
            )
        )

    rising = []
    for theme in data.themes:
        carrying = counts.by_theme.get(theme.key, NO_IDS)
        before = data.previous_themes.get(theme.key, 0)
        if carrying.count >= 2 and carrying.count > before:
            rising.append(Rising(theme.key, theme.label, carrying.count, before, carrying.ids))
    rising.sort(key=lambda r: (-(r.now - r.before), -r.now, r.label))

    quiet = tuple(w.name for w in data.wards if w.slug not in active_wards)
    known = {p.ward_slug for p in data.priorities}
    return Digest(
        council=data.council,
        plan_year=data.plan_year,
        period=data.period,
        previous_period=data.previous_period,
        scope=data.ward.name if data.ward else data.area.name if data.area else "the whole borough",
        headline=headline,
        aims=tuple(aims),
        gaps=gaps,
        quiet_wards=quiet,
        plan_unknown=tuple(w.name for w in data.wards if w.slug not in known),
        rising=tuple(rising[:RISING]),
        good_practice=tuple(data.shown[i] for i in counts.case_studies if i in data.shown),
        chart=_chart(data, aims),
        updates=data.updates,
        impact=data.impact,
    )


def _gaps(data: DigestData) -> tuple[tuple[Gap, ...], int]:
    """Priorities nothing in the period served: no update tied to it, none in its ward
    carrying one of its themes."""
    ward_names = {w.slug: w.name for w in data.wards}
    ward_ids = {w.slug: w.id for w in data.wards}
    served_by_theme = data.counts.ward_themes
    tied = data.counts.priorities_served
    gaps = []
    # A loop, not any() over a generator: 27,000 priorities in a 9,000-ward plan.
    for p in data.priorities:
        if p.id in tied:
            continue
        ward_id = ward_ids.get(p.ward_slug)
        for theme in p.themes:
            if (ward_id, theme) in served_by_theme:
                break
        else:
            gaps.append(
                Gap(p.ward_slug, ward_names.get(p.ward_slug, p.ward_slug), p.number, p.title)
            )
    # attrgetter, not a lambda: a 9,000-ward plan's quarter has ~15,000 gaps to sort
    gaps.sort(key=operator.attrgetter("ward_name", "number"))
    return tuple(gaps), len(data.priorities) - len(gaps)


# Bars in the borough chart's ward panel. A plan of 9,000 wards drew one each: matplotlib
# spent minutes laying out the labels, and no phone could show the picture.
WARDS_CHARTED = 30


def _chart(data: DigestData, aims: list[AimSummary]) -> ChartData:
    by_aim = Panel("Updates by Board aim", tuple(Bar(a.title, a.count) for a in aims))
    if data.ward is None:
        counts = data.counts.by_ward
        # Wards with nothing logged are named in the text ("No activity at all"), not drawn
        # as a column of empty bars. The busiest picked, not every active ward sorted (as
        # sorted()[:n], ties and all: heapq documents nsmallest so).
        active = [(-n, w.name) for w in data.wards if (n := counts.get(w.id))]
        bars = [Bar(name, -n) for n, name in heapq.nsmallest(WARDS_CHARTED, active)]
        quiet = len(data.wards) - len(active)
        title = "Updates by ward"
        if len(active) > WARDS_CHARTED:  # a national plan's 9,000 bars: a picture miles long
            title += f": the {WARDS_CHARTED} busiest of {len(active):,}"  # of those with updates
        elif quiet:
            title += f" ({quiet} with none not shown)"
        second = Panel(title, tuple(bars))
    else:
        labels = {t.key: t.label for t in data.themes}
        themes = sorted(
            (Bar(labels.get(k, k), n.count) for k, n in data.counts.by_theme.items()),
            key=lambda b: (-b.value, b.label),
        )
        second = Panel("Updates by theme", tuple(themes))
    where = data.ward.name if data.ward else data.area.name if data.area else "All wards"
    return ChartData(f"{where}: {data.period.short_label}", (by_aim, second))
