"""Ward queries: show, find, wards, priorities, coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from handlers import domain
from handlers.chat.access import EVERYONE, Permission, Role, as_seen_by, role_of
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Card, Fact, Incoming, Reply, Section, Visibility
from handlers.commands.registry import Command, NoArgs, no_args
from handlers.commands.replies import theme_labels, update_line, update_section
from handlers.reading.dates import SINCE, parse_since
from handlers.reading.wardnames import normalise
from storage.updates import (
    activity_by_aim,
    list_updates,
    theme_coverage,
    ward_totals,
    wards_summary,
)

SHOWN = 10
# `wards` lists at most this many wards, a line each: within one Slack message's blocks (10
# facts a section) and one Teams message; a bigger plan is summed up, naming WARDS_NAMED.
WARDS_LISTED = 100
WARDS_NAMED = 10
IN_WARD = re.compile(r"\s+in\s+(.+)$", re.I)
FIND = Permission("find", EVERYONE)
ACTIVITY_WINDOW = timedelta(days=365)  # `coverage` counts the last 12 months of updates


def resolve_ward(ctx: Context, name: str) -> domain.Ward:
    name = name.strip()
    if not name:
        raise UserError("Which ward? Type `wards` for the list.")
    match = ctx.understanding.names.match(name)
    if match.ward is None:
        names = ", ".join(w.name for w in match.suggestions)
        raise UserError(
            f"I don't know a ward called '{name}'. Did you mean: {names}? "
            "Type `wards` for the full list."
        )
    return match.ward


def find_area(ctx: Context, name: str) -> domain.Area | None:
    """A neighbourhood or other area of the plan named exactly (case, "&", hyphens aside)."""
    wanted = normalise(name)
    for area in ctx.plan.areas:
        if wanted in {normalise(n) for n in (area.name, area.slug, *area.aliases)}:
            return area
    return None


def resolve_scope(ctx: Context, name: str) -> domain.Ward | domain.Area:
    """A ward, or else a neighbourhood or area the plan defines."""
    if name.strip():
        exact = ctx.understanding.names.exact(name)
        area = None if exact else find_area(ctx, name)
        if area is not None:
            return area
    try:
        return resolve_ward(ctx, name)
    except UserError as exc:
        if not ctx.plan.areas:
            raise
        areas = ", ".join(a.name for a in ctx.plan.areas[:6])
        raise UserError(f"{exc} Neighbourhoods and areas: {areas}.") from None


def area_kind(area: domain.Area) -> str:
    return {"pcn": "Primary Care Network", "gp_practice": "GP practice"}.get(
        area.kind, area.kind.replace("_", " ")
    )


def split_since(ctx: Context, args: str) -> tuple[str, date | None]:
    match = SINCE.search(args)
    if not match:
        return args, None
    since = parse_since(match.group(1), today=ctx.today())
    if since is None:
        raise UserError(f"I can't read '{match.group(1)}' as a date. Try `since 2026-10-01`.")
    return args[: match.start()], since


@dataclass(frozen=True, slots=True)
class ShowArgs:
    """`show WARD [THEME] [since DATE]`"""

    ward: domain.Ward | domain.Area  # or a neighbourhood or area the plan defines
    theme: str | None = None
    since: date | None = None


def parse_show(ctx: Context, text: str) -> ShowArgs:
    rest, since = split_since(ctx, text.strip())
    theme_key = None
    themes, _ = ctx.understanding.themes_from_tags(rest)
    if themes:
        theme_key = themes[0]
        rest = re.sub(r"#\S+", "", rest)
    else:
        words = rest.split()
        for size in range(min(3, len(words) - 1), 0, -1):
            candidate = "_".join(words[-size:]).lower()
            found = ctx.plan.theme(candidate) or next(
                (t for t in ctx.plan.themes if candidate in t.tags), None
            )
            if found:
                theme_key, rest = found.key, " ".join(words[:-size])
                break
    return ShowArgs(resolve_scope(ctx, rest), theme_key, since)


async def _seen(ctx: Context, incoming: Incoming, **filters: Any) -> list[domain.Update]:
    """The newest updates a query shows this person, as their role may see them: a
    partner's page is filled with updates they may see, never emptied by `#internal` ones."""
    role = await role_of(ctx, incoming.actor)
    hidden_from = incoming.actor.key if role is Role.PARTNER else None
    updates = await list_updates(ctx.db, limit=SHOWN, internal_only_by=hidden_from, **filters)
    return as_seen_by(role, incoming.actor, updates)


async def show(ctx: Context, incoming: Incoming, args: ShowArgs) -> Reply:
    ward, theme_key, since = args.ward, args.theme, args.since
    if isinstance(ward, domain.Area):
        return await _show_area(ctx, incoming, ward, theme_key=theme_key, since=since)
    updates = await _seen(ctx, incoming, ward_slug=ward.slug, theme=theme_key, since=since)
    priorities = ctx.plan.priorities_of(ward.slug)
    head = f"{ward.name}"
    if theme_key:
        head += f" — {theme_labels(ctx, (theme_key,))}"
    if since:
        head += f" since {since:%d %b %Y}"
    lines = [head]
    if priorities:
        lines.append(f"Priorities ({ctx.plan.year}):")
        lines += [f"  {p.number}. {p.title}" for p in priorities]
    else:
        lines.append("This ward's priorities are not in the loaded plan yet.")
    if updates:
        lines.append("Recent activity:")
        lines += [f"  {update_line(u)}" for u in updates]
    else:
        lines.append("No activity logged yet." if not since else "No activity logged since then.")
    return Reply(
        text="\n".join(lines),
        card=Card(
            title=head,
            subtitle=f"{len(updates)} recent update(s), {people_total(updates)}",
            facts=tuple(Fact(f"Priority {p.number}", p.title) for p in priorities),
            sections=tuple(update_section(ctx, u) for u in updates),
        ),
        visibility=Visibility.ASKER,
    )


async def _show_area(
    ctx: Context,
    incoming: Incoming,
    area: domain.Area,
    *,
    theme_key: str | None,
    since: date | None,
) -> Reply:
    """A neighbourhood or area: its wards and places, and the activity in any of them."""
    updates = await _seen(ctx, incoming, area=area, theme=theme_key, since=since)
    head = f"{area.name} ({area_kind(area)})"
    if theme_key:
        head += f" — {theme_labels(ctx, (theme_key,))}"
    if since:
        head += f" since {since:%d %b %Y}"
    wards = [w.name for slug in area.wards if (w := ctx.plan.ward(slug))]
    facts = []
    if wards:
        facts.append(Fact("Wards", ", ".join(wards)))
    if area.places:
        facts.append(Fact("Places", ", ".join(area.places)))
    lines = [head, *(f"{f.label}: {f.value}" for f in facts)]
    if updates:
        lines.append("Recent activity:")
        lines += [f"  {update_line(u)}" for u in updates]
    else:
        lines.append("No activity logged yet." if not since else "No activity logged since then.")
    return Reply(
        text="\n".join(lines),
        card=Card(
            title=head,
            subtitle=f"{len(updates)} recent update(s), {people_total(updates)}",
            facts=tuple(facts),
            sections=tuple(update_section(ctx, u) for u in updates),
        ),
        visibility=Visibility.ASKER,
    )


@dataclass(frozen=True, slots=True)
class FindArgs:
    """`find WORDS [in WARD] [since DATE]`"""

    words: tuple[str, ...]
    ward: domain.Ward | None = None
    since: date | None = None


def search_words(text: str) -> tuple[str, ...]:
    """The words to look for, or a polite refusal when there are none."""
    # At most six words of 60 characters: a search pattern has size limits in the database.
    words = tuple(w[:60] for w in re.findall(r"[\w'£&-]+", text) if len(w) > 1)[:6]
    if not words:
        raise UserError("What should I look for? e.g. `find litter in Sitwell since 2026-09-01`")
    return words


def parse_find(ctx: Context, text: str) -> FindArgs:
    rest, since = split_since(ctx, text.strip())
    ward = None
    match = IN_WARD.search(rest)
    if match:
        named = ctx.understanding.names.match(match.group(1))
        if named.ward is not None:
            ward, rest = named.ward, rest[: match.start()]
    return FindArgs(search_words(rest), ward, since)


async def find(ctx: Context, incoming: Incoming, args: FindArgs) -> Reply:
    words, ward, since = list(args.words), args.ward, args.since
    updates = await _seen(
        ctx, incoming, words=words, ward_slug=ward.slug if ward else None, since=since
    )
    where = f" in {ward.name}" if ward else ""
    head = f"Updates mentioning {' '.join(words)}{where}"
    if not updates:
        return Reply(
            text=f"No updates mention {' '.join(words)}{where}.", visibility=Visibility.ASKER
        )
    return Reply(
        text="\n".join([head + ":"] + [f"  {update_line(u)}" for u in updates]),
        card=Card(title=head, sections=tuple(update_section(ctx, u) for u in updates)),
        visibility=Visibility.ASKER,
    )


def people_total(updates: list[domain.Update]) -> str:
    """People reached and volunteers of some updates, apart (never one number)."""
    reached = sum(u.people_reached or 0 for u in updates)
    volunteers = sum(u.volunteers or 0 for u in updates)
    return f"{reached:,} people reached, {volunteers:,} volunteers"


@dataclass(frozen=True, slots=True)
class WardsArgs:
    """`wards [NAME]`: every ward, or those whose names contain NAME."""

    name: str = ""


def parse_wards(ctx: Context, text: str) -> WardsArgs:
    return WardsArgs(text.strip())


async def wards(ctx: Context, incoming: Incoming, args: WardsArgs) -> Reply:
    """Each ward's activity, a line a ward, up to WARDS_LISTED of them. A bigger plan (a
    national roll-out's 9,000 wards) is summed up instead: a 9,000-line answer is more than
    Slack shows (50 blocks) or Teams takes in a message (~28 KB), and nobody reads it;
    `wards NAME` lists the wards whose names contain NAME."""
    if normalise(args.name):
        matching = ctx.understanding.names.containing(args.name)
        return await _ward_lines(ctx, matching, named=args.name)
    if len(ctx.plan.wards) > WARDS_LISTED:
        return await _wards_summary(ctx)
    return await _ward_lines(ctx, list(ctx.plan.wards))


def _totals_text(t: domain.WardTotals) -> str:
    return f"{t.people_reached:,} people reached, {t.volunteers:,} volunteers"


async def _ward_lines(
    ctx: Context, listed: list[domain.Ward], *, named: str | None = None
) -> Reply:
    """A line a ward (the first WARDS_LISTED), with its counts kept on write."""
    shown = listed[:WARDS_LISTED]
    # Every ward's row when every ward is listed: no list of ids to bind.
    every = named is None and len(shown) == len(ctx.plan.wards)
    totals = await ward_totals(ctx.db, None if every else [w.id for w in shown])
    none = domain.WardTotals(0, 0, 0, None)
    if named is None:
        lines = ["Wards (updates logged, people reached, volunteers):"]
        title = f"{len(shown)} wards"
    elif not listed:
        return Reply(
            text=f"No ward's name contains '{named}'. Type `wards` for them all.",
            visibility=Visibility.ASKER,
        )
    else:
        lines = [f"Wards named '{named}' (updates logged, people reached, volunteers):"]
        title = f"{len(listed):,} wards named '{named}'"
    facts = []
    total = 0
    for ward in shown:
        t = totals.get(ward.id, none)
        total += t.updates
        lines.append(f"  {ward.name}: {t.updates} update(s), {_totals_text(t)}")
        facts.append(Fact(ward.name, f"{t.updates} updates, {_totals_text(t)}"))
    more = len(listed) - len(shown)
    footer = f"…and {more:,} more: type more of the name to narrow them." if more else ""
    if footer:
        lines.append(footer)
    return Reply(
        text="\n".join(lines),
        card=Card(
            title=title,
            subtitle=f"{total} updates logged" + (f" in the first {len(shown)}" if more else ""),
            facts=tuple(facts),
            footer=footer,
        ),
        visibility=Visibility.ASKER,
    )


async def _wards_summary(ctx: Context) -> Reply:
    """A plan too big to list: the totals, the busiest wards, the first with none."""
    summary = await wards_summary(ctx.db, first=WARDS_NAMED)
    names = {w.id: w.name for w in ctx.plan.wards}
    t = summary.totals
    quiet = len(ctx.plan.wards) - summary.active
    head = (
        f"{len(ctx.plan.wards):,} wards: {summary.active:,} with updates logged "
        f"({t.updates:,} updates, {_totals_text(t)}), {quiet:,} with none yet."
    )
    busiest = [
        (names.get(ward_id, str(ward_id)), f"{w.updates:,} updates, {_totals_text(w)}")
        for ward_id, w in summary.busiest
    ]
    lines = [head]
    sections = []
    if busiest:
        lines.append("Busiest (updates logged, people reached, volunteers):")
        lines += [f"  {name}: {counts}" for name, counts in busiest]
    if quiet:
        first = ", ".join(names.get(i, str(i)) for i in summary.quiet)
        rest = quiet - len(summary.quiet)
        none_yet = first + (f" and {rest:,} more" if rest > 0 else "") + "."
        lines.append(f"No updates yet: {none_yet}")
        sections.append(Section(title="No updates yet", text=none_yet))
    hint = (
        f"Too many wards to list here: type `wards NAME` for those whose names contain "
        f"NAME (e.g. `wards {ctx.plan.wards[0].name}`)."
    )
    lines.append(hint)
    return Reply(
        text="\n".join(lines),
        card=Card(
            title=f"{len(ctx.plan.wards):,} wards",
            subtitle=head,
            facts=tuple(Fact(name, counts) for name, counts in busiest),
            sections=tuple(sections),
            footer=hint,
        ),
        visibility=Visibility.ASKER,
    )


@dataclass(frozen=True, slots=True)
class WardArg:
    ward: domain.Ward


def parse_ward(ctx: Context, text: str) -> WardArg:
    return WardArg(resolve_ward(ctx, text))


async def priorities(ctx: Context, incoming: Incoming, args: WardArg) -> Reply:
    ward = args.ward
    found = ctx.plan.priorities_of(ward.slug)
    if not found:
        text = (
            f"{ward.name}: this ward's priorities for {ctx.plan.year} are not in the loaded plan. "
            "An admin can load the council's plan file with `wardbot plan load FILE`."
        )
        return Reply(text=text, visibility=Visibility.ASKER)
    lines = [f"{ward.name} ward plan {ctx.plan.year}:"]
    for p in found:
        lines.append(f"  {p.number}. {p.title} [{theme_labels(ctx, p.themes)}]")
    return Reply(
        text="\n".join(lines),
        card=Card(
            title=f"{ward.name} — ward plan {ctx.plan.year}",
            sections=tuple(
                Section(title=f"{p.number}. {p.title}", text=theme_labels(ctx, p.themes))
                for p in found
            ),
            footer=f"Source: {ward.source}" if ward.source else "",
        ),
        visibility=Visibility.ASKER,
    )


async def coverage(ctx: Context, incoming: Incoming, args: NoArgs) -> Reply:
    """Wards whose priorities reference each Board aim and theme, beside the last 12 months'
    activity (years of history beside this year's priorities would overstate what is
    happening now)."""
    since = ctx.today() - ACTIVITY_WINDOW
    by_theme, aims = ctx.plan.wards_referencing()
    themes = await theme_coverage(ctx.db, year=ctx.plan.year, since=since, referenced=by_theme)
    aim_activity = await activity_by_aim(ctx.db, since=since)
    known = sum(1 for w in ctx.plan.wards if ctx.plan.priorities_of(w.slug))
    total = len(ctx.plan.wards)
    lines = [
        f"Coverage of the Board's aims in ward plans ({ctx.plan.year}; "
        f"{known} of {total} wards' priorities known), beside updates since "
        f"{since.day} {since:%B %Y}:"
    ]
    sections = []
    for aim in ctx.plan.board_aims:
        updates, active = aim_activity.get(aim.key, (0, 0))
        lines.append(
            f"{aim.title}\n  {aims.get(aim.key, 0)} wards' priorities · "
            f"{updates} updates in {active} wards"
        )
        facts = []
        for t in themes:
            if t.board_aim != aim.key:
                continue
            lines.append(
                f"    {t.theme_label}: {t.wards_with_priority} wards · "
                f"{t.updates} updates in {t.wards_active} wards"
            )
            facts.append(
                Fact(t.theme_label, f"{t.wards_with_priority} wards · {t.updates} updates")
            )
        sections.append(
            Section(
                title=aim.title,
                text=f"{aims.get(aim.key, 0)} wards' priorities · {updates} updates in {active} wards",
                facts=tuple(facts),
            )
        )
    return Reply(
        text="\n".join(lines),
        card=Card(
            title="Board aims in ward plans",
            subtitle=f"Updates since {since.day} {since:%B %Y}",
            sections=tuple(sections),
        ),
        visibility=Visibility.ASKER,
    )


COMMANDS = (
    Command(
        "show",
        show,
        parse=parse_show,
        permission=Permission("show", EVERYONE),
        usage="show WARD [THEME] [since DATE]",
        example="show Rotherham East since 2026-10-01",
    ),
    Command(
        "find",
        find,
        parse=parse_find,
        permission=FIND,
        usage="find WORDS [in WARD] [since DATE]",
        example="find coffee morning in Hoober",
    ),
    Command(
        "wards",
        wards,
        parse=parse_wards,
        permission=Permission("wards", EVERYONE),
        usage="wards [NAME]",
        example="wards Brinsworth",
    ),
    Command(
        "priorities",
        priorities,
        parse=parse_ward,
        permission=Permission("priorities", EVERYONE),
        usage="priorities WARD",
        example="priorities Boston Castle",
    ),
    Command(
        "coverage",
        coverage,
        parse=no_args,
        permission=Permission("coverage", EVERYONE),
        usage="coverage",
        example="coverage",
    ),
)
