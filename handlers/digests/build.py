"""A Board digest: what happened in the period, laid out the way the Board reports.

`gather` reads what a digest needs; `build_digest` is a pure function from that data to
a `Digest`; `digest_reply` turns it into a neutral `Reply` with a card and the chart.
Every number carries how many updates it counts and their ids, so every claim can be
traced: a chat digest holds the first IDS_SHOWN ids (all it prints) and reads in full only
the updates it shows; the Board report (`every_update=True`) holds every id and update.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.messages import Card, Fact, Image, Reply, Section, Visibility
from handlers.digests.chart import Bar, ChartData, Panel, render_png
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
    ward: domain.Ward | None  # None: the whole borough
    board_aims: tuple[domain.BoardAim, ...]
    themes: tuple[domain.Theme, ...]
    wards: tuple[domain.Ward, ...]  # the wards in scope
    priorities: tuple[domain.Priority, ...]  # of the wards in scope, this plan year
    counts: PeriodCounts  # in scope and period, deleted ones left out
    shown: dict[int, domain.Update]  # the notable and good-practice updates, in full
    previous_themes: dict[str, int]  # theme -> updates in the period before
    updates: tuple[domain.Update, ...] = ()  # every update counted: only for the report


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


@dataclass(frozen=True, slots=True)
class Gap:
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

    @property
    def title(self) -> str:
        where = "Borough" if self.scope == "the whole borough" else self.scope
        return f"{where} digest: {self.period.label}"


async def gather(
    ctx: Context, *, period: Period, ward_slug: str | None, every_update: bool = False
) -> DigestData:
    """Counts in SQL, and in full only the updates the digest names. `every_update` (the
    Board report) also reads every id behind each count and every update counted."""
    plan = ctx.plan
    ward = plan.ward(ward_slug) if ward_slug else None
    wards = (ward,) if ward else plan.wards
    in_scope = {w.slug for w in wards}
    counts = await period_counts(
        ctx.db,
        since=period.start,
        until=period.end,
        ward_ids={w.id for w in wards},
        theme_aims={t.key: t.board_aim for t in plan.themes},
        ids=None if every_update else IDS_SHOWN,
        notable=NOTABLE,
        case_studies=GOOD_PRACTICE,
    )
    named = [i for a in counts.aims.values() for i in a.notable] + list(counts.case_studies)
    shown = await updates_by_id(ctx.db, ids=named)
    everything: list[domain.Update] = []
    if every_update:
        everything = await list_updates(
            ctx.db, ward_slug=ward_slug, since=period.start, until=period.end, limit=None
        )
    before = period.previous()
    previous = await themes_carried(
        ctx.db,
        since=before.start,
        until=before.end,
        ward_ids={w.id for w in wards},
        themes=[t.key for t in plan.themes],
    )
    return DigestData(
        council=plan.council,
        plan_year=plan.year,
        period=period,
        previous_period=before,
        ward=ward,
        board_aims=plan.board_aims,
        themes=plan.themes,
        wards=wards,
        priorities=tuple(p for p in plan.priorities if p.ward_slug in in_scope),
        counts=counts,
        shown={u.id: u for u in shown},
        previous_themes=previous,
        updates=tuple(u for u in everything if u.ward_slug in in_scope),
    )


def link_of(update: domain.Update) -> str:
    return update.source_link or update.evidence_link


def _counted(value: int, ids: Ids) -> Counted:
    return Counted(value, ids.ids, ids.count)


def build_digest(data: DigestData) -> Digest:
    counts = data.counts
    ward_names = {w.id: w.name for w in data.wards}
    ward_slugs = {w.id: w.slug for w in data.wards}

    partners: dict[str, str] = {}
    for _, names in counts.partners:  # newest first: the newest spelling of a name is kept
        for name in names:
            partners.setdefault(" ".join(name.lower().split()), name.strip())
    partner_ids = tuple(sorted(update_id for update_id, _ in counts.partners))
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
        scope=data.ward.name if data.ward else "the whole borough",
        headline=headline,
        aims=tuple(aims),
        gaps=gaps,
        quiet_wards=quiet,
        plan_unknown=tuple(w.name for w in data.wards if w.slug not in known),
        rising=tuple(rising[:RISING]),
        good_practice=tuple(data.shown[i] for i in counts.case_studies if i in data.shown),
        chart=_chart(data, aims),
        updates=data.updates,
    )


def _gaps(data: DigestData) -> tuple[tuple[Gap, ...], int]:
    """Priorities nothing in the period served: no update tied to it, none in its ward
    carrying one of its themes."""
    ward_names = {w.slug: w.name for w in data.wards}
    ward_ids = {w.slug: w.id for w in data.wards}
    served_by_theme = data.counts.ward_themes
    gaps = []
    for p in data.priorities:
        ward_id = ward_ids.get(p.ward_slug)
        served = p.id in data.counts.priorities_served or any(
            (ward_id, theme) in served_by_theme for theme in p.themes
        )
        if not served:
            gaps.append(
                Gap(p.ward_slug, ward_names.get(p.ward_slug, p.ward_slug), p.number, p.title)
            )
    gaps.sort(key=lambda g: (g.ward_name, g.number))
    return tuple(gaps), len(data.priorities) - len(gaps)


def _chart(data: DigestData, aims: list[AimSummary]) -> ChartData:
    by_aim = Panel("Updates by Board aim", tuple(Bar(a.title, a.count) for a in aims))
    if data.ward is None:
        counts = data.counts.by_ward
        # Wards with nothing logged are named in the text ("No activity at all"), not drawn
        # as a column of empty bars.
        bars = sorted(
            (Bar(w.name, counts[w.id]) for w in data.wards if counts.get(w.id)),
            key=lambda b: (-b.value, b.label),
        )
        quiet = len(data.wards) - len(bars)
        second = Panel(
            "Updates by ward" + (f" ({quiet} with none not shown)" if quiet else ""), tuple(bars)
        )
    else:
        labels = {t.key: t.label for t in data.themes}
        themes = sorted(
            (Bar(labels.get(k, k), n.count) for k, n in data.counts.by_theme.items()),
            key=lambda b: (-b.value, b.label),
        )
        second = Panel("Updates by theme", tuple(themes))
    where = data.ward.name if data.ward else "All wards"
    return ChartData(f"{where}: {data.period.short_label}", (by_aim, second))


# ---- Rendering -------------------------------------------------------------------------


def ids_text(ids: tuple[int, ...], total: int | None = None, limit: int = IDS_SHOWN) -> str:
    """The first ids, and how many more `total` counts (the ids may be the first few only)."""
    if not ids:
        return "none"
    shown = ids[:limit]
    more = (len(ids) if total is None else total) - len(shown)
    return " ".join(f"#{i}" for i in shown) + (f" and {more} more" if more > 0 else "")


def notable_line(update: domain.Update) -> str:
    text = " ".join(update.text.split())
    if len(text) > 160:
        text = text[:159] + "…"
    bits = []
    if update.people_reached:
        bits.append(f"{update.people_reached:,} reached")
    if update.volunteers:
        bits.append(f"{update.volunteers:,} volunteers")
    if update.case_study:
        bits.append("case study")
    who = update.author + (f" with {', '.join(update.partners)}" if update.partners else "")
    line = f"#{update.id} {update.ward_name}, {update.occurred_on:%d %b} — {who}: {text}"
    if bits:
        line += f" ({', '.join(bits)})"
    link = link_of(update)
    return line + (f" {link}" if link else "")


def headline_facts(digest: Digest) -> tuple[Fact, ...]:
    h = digest.headline
    facts = [
        Fact("Period", f"{digest.period.label} (ward plans {digest.plan_year})"),
        Fact("Updates", f"{h.updates.value:,}"),
    ]
    if h.wards_total > 1:
        facts.append(Fact("Wards active", f"{h.wards_active.value} of {h.wards_total}"))
    facts += [
        Fact(
            "People reached",
            f"{h.people_reached.value:,} · "
            + ids_text(h.people_reached.update_ids, h.people_reached.count),
        ),
        Fact(
            "Volunteers",
            f"{h.volunteers.value:,} · {ids_text(h.volunteers.update_ids, h.volunteers.count)}",
        ),
        Fact(
            "Partner organisations",
            f"{len(h.partners)}"
            + (f": {', '.join(h.partners)} · {ids_text(h.partner_updates)}" if h.partners else ""),
        ),
    ]
    if h.priorities_known:
        facts.append(
            Fact("Ward priorities with activity", f"{h.priorities_active} of {h.priorities_known}")
        )
    return tuple(facts)


def aim_text(aim: AimSummary) -> str:
    if not aim.count:
        return "No activity logged against this aim in the period."
    wards = ", ".join(aim.wards)
    return (
        f"{aim.count} update(s) in {len(aim.wards)} ward(s): {wards}. "
        f"{aim.people_reached:,} people reached. Counts {ids_text(aim.updates, aim.count)}."
    )


def gaps_text(digest: Digest, limit: int = 15) -> str:
    lines = [f"{g.ward_name} — {g.number}. {g.title}" for g in digest.gaps[:limit]]
    if len(digest.gaps) > limit:
        lines.append(f"…and {len(digest.gaps) - limit} more (see the Board report).")
    if digest.quiet_wards and len(digest.quiet_wards) < digest.headline.wards_total:
        lines.append(f"No activity at all: {', '.join(digest.quiet_wards)}.")
    if digest.plan_unknown and digest.headline.wards_total > 1:
        lines.append(
            f"{len(digest.plan_unknown)} ward(s) have no priorities in the loaded plan, "
            "so their gaps cannot be shown."
        )
    return "\n".join(lines) or "Every ward priority in the plan had activity."


def rising_text(digest: Digest) -> str:
    if not digest.rising:
        return f"No theme rose against {digest.previous_period.label}."
    return "\n".join(
        f"{r.label}: {r.now} update(s), {r.before} in {digest.previous_period.label} "
        f"({ids_text(r.update_ids, r.now, 8)})"
        for r in digest.rising
    )


def digest_text(digest: Digest) -> str:
    """The whole digest as plain text: the terminal, and the notification fallback."""
    lines = [f"{digest.title} — {digest.scope}"]
    lines += [f"  {f.label}: {f.value}" for f in headline_facts(digest)]
    if digest.headline.unthemed:
        h = digest.headline
        lines.append(f"  Updates with no theme: {ids_text(h.unthemed, h.unthemed_count)}")
    for aim in digest.aims:
        lines += ["", aim.title, f"  {aim_text(aim)}"]
        lines += [f"  • {notable_line(u)}" for u in aim.notable]
    lines += ["", "Ward priorities with no activity (the gaps)"]
    lines += [f"  {line}" for line in gaps_text(digest).splitlines()]
    lines += ["", f"Themes rising against {digest.previous_period.label}"]
    lines += [f"  {line}" for line in rising_text(digest).splitlines()]
    lines += ["", "Good practice to share across wards (case studies)"]
    if digest.good_practice:
        lines += [f"  • {notable_line(u)}" for u in digest.good_practice]
    else:
        lines.append("  No case studies were logged in the period.")
    return "\n".join(lines)


def _update_section(update: domain.Update) -> Section:
    line = notable_line(update)
    link = link_of(update)
    text = line.removesuffix(f" {link}") if link else line
    title, _, rest = text.partition(" — ")
    return Section(title=title, text=rest, link=link)


def digest_card(digest: Digest, png: bytes) -> Card:
    sections: list[Section] = []
    for aim in digest.aims:
        sections.append(Section(title=aim.title, text=aim_text(aim)))
        sections += [_update_section(u) for u in aim.notable]
    sections.append(Section(title="Ward priorities with no activity", text=gaps_text(digest)))
    sections.append(
        Section(
            title=f"Themes rising against {digest.previous_period.label}", text=rising_text(digest)
        )
    )
    if digest.good_practice:
        sections.append(
            Section(
                title="Good practice to share across wards",
                text=f"{len(digest.good_practice)} case stud(ies) this period:",
            )
        )
        sections += [_update_section(u) for u in digest.good_practice]
    return Card(
        title=digest.title,
        subtitle=f"{digest.scope} · {digest.council} ward plans {digest.plan_year}",
        facts=headline_facts(digest),
        sections=tuple(sections),
        image=Image(
            alt=f"Chart, {digest.chart.title}: "
            + "; ".join(p.title.lower() for p in digest.chart.panels),
            png=png,
            data=tuple(
                Section(
                    title=panel.title,
                    facts=tuple(Fact(bar.label, str(bar.value)) for bar in panel.bars),
                )
                for panel in digest.chart.panels
            ),
        ),
        footer="Numbers count the updates listed (#id). Full tables: `wardbot report`.",
    )


def digest_reply(digest: Digest, *, visibility: Visibility = Visibility.CHANNEL) -> Reply:
    """The digest as a neutral reply. Renders the chart (CPU: call it off the event loop)."""
    png = render_png(digest.chart)
    return Reply(text=digest_text(digest), card=digest_card(digest, png), visibility=visibility)
