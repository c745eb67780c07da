"""Counts for digests and Board reports, over a span of days.

A digest names only a few updates in full; everything else it says is a count, so the
counts are made here in SQL and only numbers and ids come back, never whole rows.
`ids=None` returns every id behind each count (the Board report lists them all); a
number returns the first few (a chat digest shows a dozen and says how many more).

A chat digest's counts are read from the counts kept per month, ward and key
(`rollup_month`, storage/rollup.py: its whole months there, its part-months' days from
the updates), and its picks (the first few ids behind each count, the notable updates)
from indexes that let each stop early: no update's themes are looked up but those picked.
A small scope (a ward's or an area's few updates) and the Board report (every id) read
the period's updates once instead, themes as bit masks: each update's plan themes summed
as powers of two (`update_theme` holds each theme once per update, so the sum is exact),
which lets one GROUP BY answer per theme, per Board aim and "no theme" at once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from storage import models, rollup
from storage.db import Database

_U = models.Update
_T = models.UpdateTheme
_BITS = 30  # themes per mask column: powers of two that stay in a 32-bit integer
# Above this many updates in scope, picks are read from indexes (`_picks`); up to it, from
# the period's updates read once (`_themed`: a theme lookup per update, ~17 µs each on
# PostgreSQL). A ward's or a small area's digest is far below it; a borough's far above.
PICK_FROM_INDEXES_ABOVE = 2_000
# ... and only for a scope of at least this share of the wards: a walk in id order meets
# every ward's updates, so for a few wards of thousands it would read on through the
# others' (an area of 100 wards of 9,000 at 3,000,000 updates: ~1 in 1,000 entries).
PICK_FROM_INDEXES_SHARE = 0.25
NOTABLE_CANDIDATES = 1_000  # the period's most notable updates read first for the aims' picks
# The candidates are found by walking every live update in notable order (ix_update_notable)
# when the walk expected to find them, NOTABLE_WALK_OVER times over, is shorter than this
# share of the period's entries (a borough quarter of three years at 3,000,000 updates:
# ~36,000 entries walked, ~12 ms, against the period's 277,680 read and sorted, ~70-90 ms).
NOTABLE_WALK_OVER = 3
NOTABLE_WALK_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Ids:
    """The updates behind a count: how many, and their ids in ascending order (all, or the
    first few)."""

    count: int
    ids: tuple[int, ...]


NO_IDS = Ids(0, ())


@dataclass(frozen=True, slots=True)
class AimCounts:
    updates: Ids
    people_reached: int
    by_ward: dict[int, int]  # ward id -> updates
    notable: tuple[int, ...]  # ids: case studies first, then most people reached, then newest


@dataclass(frozen=True, slots=True)
class PeriodCounts:
    """What a span of days held, in the wards asked about; deleted updates left out."""

    updates: Ids
    people_reached: int
    people_ids: Ids  # updates that give a number of people reached
    volunteers: int
    volunteer_ids: Ids
    unthemed: Ids  # updates with none of the plan's themes
    partners: tuple[tuple[int, tuple[str, ...]], ...]  # (id, names), newest first
    by_ward: dict[int, int]  # ward id -> updates; active wards only
    by_theme: dict[str, Ids]  # plan theme -> updates carrying it
    ward_themes: frozenset[tuple[int, str]]  # (ward id, theme) carried by some update
    priorities_served: frozenset[int]  # priority ids some update is tied to
    aims: dict[str, AimCounts] = field(default_factory=dict)
    case_studies: tuple[int, ...] = ()  # the first few, in notable order
    # (id, the poster's organisation) for updates whose poster's organisation is known,
    # newest first: partner organisations are counted from who posted as well as who is named
    posters: tuple[tuple[int, str], ...] = ()


def _scope(
    *, since: date, until: date, ward_ids: Collection[int] | None, of: Any = None
) -> ColumnElement[bool]:
    """Live updates in the span, in these wards (None: every ward, without a list of
    thousands of ids to test each row against); `of`: the columns of a subquery of live
    updates instead."""
    live = [_U.deleted_at.is_(None)] if of is None else []
    columns = _U if of is None else of
    return and_(
        *live,
        columns.occurred_on >= since,
        columns.occurred_on <= until,
        *([] if ward_ids is None else [columns.ward_id.in_(sorted(ward_ids))]),
    )


@dataclass(frozen=True, slots=True)
class _Span:
    """What a chat digest asked about, for the reads that put the scope on a subquery."""

    since: date
    until: date
    ward_ids: Collection[int] | None

    def scope(self, of: Any = None) -> ColumnElement[bool]:
        return _scope(since=self.since, until=self.until, ward_ids=self.ward_ids, of=of)


@dataclass(frozen=True, slots=True)
class _Masks:
    """Which bit of which mask column stands for each plan theme."""

    themes: tuple[str, ...]

    @property
    def columns(self) -> int:
        return max(1, -(-len(self.themes) // _BITS))

    def place(self, theme: str) -> tuple[int, int]:
        i = self.themes.index(theme)
        return i // _BITS, 1 << (i % _BITS)

    def carried(self, masks: Sequence[int]) -> list[str]:
        # By position, not place(): a borough's quarter has thousands of groups, and two
        # index() lookups per theme per group were a tenth of the digest's time.
        return [t for i, t in enumerate(self.themes) if masks[i // _BITS] >> (i % _BITS) & 1]

    def any_of(self, columns: Sequence[Any], themes: Collection[str]) -> ColumnElement[bool]:
        """SQL: the masks hold at least one of `themes`."""
        wanted = [0] * self.columns
        for theme in themes:
            column, bit = self.place(theme)
            wanted[column] |= bit
        tests = [columns[i].op("&")(bits) != 0 for i, bits in enumerate(wanted) if bits]
        return or_(*tests) if tests else literal(False)


def _month(scope: ColumnElement[bool], masks: _Masks) -> Any:
    """One row per update in scope with its plan themes as masks m0, m1, ... Each mask is
    summed by a subquery per update, not a join grouped by update id: grouped by the
    rowid, SQLite walked the whole table in rowid order (300,000 rows for a quarter's
    28,000) instead of the span of days in ix_update_period."""
    columns = []
    for c in range(masks.columns):
        bits = {t: masks.place(t)[1] for t in masks.themes if masks.place(t)[0] == c}
        bit = case(bits, value=_T.theme_key, else_=0) if bits else literal(0)
        summed = select(func.coalesce(func.sum(bit), 0)).where(_T.update_id == _U.id)
        columns.append(summed.scalar_subquery().label(f"m{c}"))
    return select(
        _U.id.label("id"),
        _U.ward_id.label("ward_id"),
        _U.people_reached.label("people"),
        _U.volunteers.label("volunteers"),
        _U.case_study.label("case_study"),
        _U.occurred_on.label("occurred_on"),
        *columns,
    ).where(scope)


async def period_counts(
    db: Database,
    *,
    since: date,
    until: date,
    ward_ids: Collection[int] | None,
    theme_aims: Mapping[str, str],
    ids: int | None,
    notable: int,
    case_studies: int,
    council: str = "",
) -> PeriodCounts:
    """Counts for a digest, in three statements over the period's updates. `theme_aims`
    maps the plan's themes to their Board aims; `ids` caps the ids returned per count
    (None: all); `notable` per aim and `case_studies` cap the updates picked to show.

    Ids are picked per count with ORDER BY ... LIMIT over the period's materialized rows,
    never over the table: a bare LIMIT tempts a planner to walk the primary key instead.
    """
    masks = _Masks(tuple(sorted(theme_aims)))
    aims: dict[str, list[str]] = {}
    for theme, aim in sorted(theme_aims.items()):
        aims.setdefault(aim, []).append(theme)
    async with db.transaction() as session:
        held = await _wards_held(session)
        if ward_ids is not None and len(set(ward_ids)) >= held:
            ward_ids = None  # every ward: no row needs testing against a list
        broad = ward_ids is None or len(set(ward_ids)) >= held * PICK_FROM_INDEXES_SHARE
        scope = _scope(since=since, until=until, ward_ids=ward_ids)

        async def from_updates(*, groups: bool) -> tuple[_Themed, dict[str, tuple[int, ...]]]:
            """The period's updates read once (`groups`: their counts too)."""
            return await _themed(
                session,
                _month(scope, masks),
                masks,
                aims,
                cap=ids,
                notable=notable,
                case_studies=case_studies,
                groups=groups,
            )

        if ids is None:  # the Board report: every id behind each count, from the updates
            totals = await _update_totals(session, scope)
            themed, picked = await from_updates(groups=True)
        else:
            totals, themed = await _kept_counts(
                session, since=since, until=until, ward_ids=ward_ids, theme_aims=theme_aims
            )
            if totals.updates == 0:
                picked = {}
            elif totals.updates <= PICK_FROM_INDEXES_ABOVE or not broad:
                _, picked = await from_updates(groups=False)
            else:
                picked = await _picks(
                    session,
                    _Span(since, until, ward_ids),
                    counted=(totals, themed),
                    aims=aims,
                    cap=ids,
                    notable=notable,
                    case_studies=case_studies,
                )
        partners, posters = await _partners(session, scope, council=council)
    updates = Ids(totals.updates, picked.get("all", ()))
    return PeriodCounts(
        updates=updates,
        people_reached=totals.people,
        people_ids=Ids(totals.with_people, picked.get("people", ())),
        volunteers=totals.volunteers,
        volunteer_ids=Ids(totals.with_volunteers, picked.get("volunteers", ())),
        unthemed=Ids(themed.unthemed, picked.get("unthemed", ())),
        partners=partners,
        posters=posters,
        by_ward=totals.by_ward,
        by_theme={t: Ids(n, picked.get(f"theme:{t}", ())) for t, n in themed.by_theme.items()},
        ward_themes=frozenset(themed.ward_themes),
        priorities_served=frozenset(totals.priorities),
        aims={
            aim: AimCounts(
                updates=Ids(sum(wards.values()), picked.get(f"aim:{aim}", ())),
                people_reached=themed.aim_people.get(aim, 0),
                by_ward=wards,
                notable=picked.get(f"notable:{aim}", ()),
            )
            for aim, wards in themed.aim_wards.items()
        },
        case_studies=picked.get("case_studies", ()),
    )


@dataclass
class _Totals:
    updates: int = 0
    people: int = 0
    volunteers: int = 0
    with_people: int = 0
    with_volunteers: int = 0
    by_ward: dict[int, int] = field(default_factory=dict)
    priorities: set[int] = field(default_factory=set)


async def _update_totals(session: AsyncSession, scope: ColumnElement[bool]) -> _Totals:
    """Statement 1: sums by ward and priority (ward_update alone, no join)."""
    rows = await session.execute(
        select(
            _U.ward_id,
            _U.priority_id,
            func.count(),
            func.coalesce(func.sum(_U.people_reached), 0),
            func.coalesce(func.sum(_U.volunteers), 0),
            func.count(case((_U.people_reached != 0, 1))),
            func.count(case((_U.volunteers != 0, 1))),
        )
        .where(scope)
        .group_by(_U.ward_id, _U.priority_id)
    )
    out = _Totals()
    for ward, priority, n, people, volunteers, with_people, with_volunteers in rows:
        out.updates += n
        out.people += int(people or 0)
        out.volunteers += int(volunteers or 0)
        out.with_people += with_people
        out.with_volunteers += with_volunteers
        out.by_ward[ward] = out.by_ward.get(ward, 0) + n
        if priority is not None:
            out.priorities.add(priority)
    return out


@dataclass
class _Themed:
    unthemed: int = 0
    by_theme: dict[str, int] = field(default_factory=dict)
    ward_themes: set[tuple[int, str]] = field(default_factory=set)
    aim_wards: dict[str, dict[int, int]] = field(default_factory=dict)
    aim_people: dict[str, int] = field(default_factory=dict)


async def _themed(
    session: AsyncSession,
    month: Any,
    masks: _Masks,
    aims: Mapping[str, list[str]],
    *,
    cap: int | None,
    notable: int,
    case_studies: int,
    groups: bool = True,
) -> tuple[_Themed, dict[str, tuple[int, ...]]]:
    """Statement 2, over the period's rows read once: counts by ward and theme set (unless
    not `groups`), and the ids behind each count. Rows are (label, id, ward, masks...,
    updates, people): label "group" carries a count, any other label one id."""
    held = month.cte("month").prefix_with("MATERIALIZED")
    m = held.c
    mask_columns = [m[f"m{c}"] for c in range(masks.columns)]

    def blank(name: str) -> Any:  # typed, or PostgreSQL takes a bare NULL for text
        return cast(null(), Integer).label(name)

    no_group = [blank("ward"), *(blank(f"m{c}") for c in range(masks.columns))]
    no_group += [blank("updates"), blank("people")]
    by_note = (m.case_study.desc(), *_notable_order(m.people, m.occurred_on, m.id))

    def first(label: str, *where: Any, order: Any = (m.id,), limit: int | None = cap) -> Any:
        query = select(literal(label).label("label"), m.id, *no_group)
        query = query.where(*where)
        if limit is None:  # every id: sorted afterwards
            return query
        return select(query.order_by(*order).limit(limit).subquery())

    grouped = select(
        literal("group").label("label"),
        blank("id"),
        m.ward_id.label("ward"),
        *mask_columns,
        func.count().label("updates"),
        func.coalesce(func.sum(m.people), 0).label("people"),
    ).group_by(m.ward_id, *mask_columns)
    parts = [
        *([grouped] if groups else []),
        first("all"),
        first("people", m.people != 0),
        first("volunteers", m.volunteers != 0),
        first("case_studies", m.case_study.is_(True), order=by_note, limit=case_studies),
        first("unthemed", *(c == 0 for c in mask_columns)),
    ]
    for aim, themes in aims.items():
        served = masks.any_of(mask_columns, themes)
        parts.append(first(f"aim:{aim}", served))
        parts.append(first(f"notable:{aim}", served, order=by_note, limit=notable))
    parts += [first(f"theme:{t}", masks.any_of(mask_columns, [t])) for t in masks.themes]
    counts = _Themed()
    found: dict[str, list[int]] = {}
    aim_of = {t: aim for aim, themes in aims.items() for t in themes}
    for label, update_id, ward, *rest in await session.execute(union_all(*parts)):
        if label != "group":
            found.setdefault(label, []).append(update_id)
            continue
        n, people = int(rest[-2]), int(rest[-1])
        carried = masks.carried([int(x) for x in rest[:-2]])
        if not carried:
            counts.unthemed += n
        for theme in carried:
            counts.by_theme[theme] = counts.by_theme.get(theme, 0) + n
            counts.ward_themes.add((ward, theme))
        for aim in {aim_of[t] for t in carried}:
            wards = counts.aim_wards.setdefault(aim, {})
            wards[ward] = wards.get(ward, 0) + n
            counts.aim_people[aim] = counts.aim_people.get(aim, 0) + people
    in_order = ("notable:", "case_studies")  # already in notable order
    return counts, {
        label: tuple(ids if label.startswith(in_order) else sorted(ids))
        for label, ids in found.items()
    }


async def _kept_counts(
    session: AsyncSession,
    *,
    since: date,
    until: date,
    ward_ids: Collection[int] | None,
    theme_aims: Mapping[str, str],
) -> tuple[_Totals, _Themed]:
    """A chat digest's counts, from the counts kept per (month, ward, key) and the
    part-months' updates (storage/rollup.py): one statement, no theme looked up. On
    PostgreSQL a row a key with its wards as arrays (`rollup.by_key`); on SQLite (no
    network, no arrays) a row a (ward, key)."""
    assert session.bind is not None
    dialect = session.bind.dialect.name
    aims = set(theme_aims.values())
    totals, themed = _Totals(), _Themed()
    if dialect == "postgresql":
        unsummed = rollup.period_select(
            dialect, since=since, until=until, ward_ids=ward_ids, unsummed=True
        )
        for key, wards, updates, tied, people, *every in await session.execute(
            rollup.by_key(unsummed)
        ):
            counted = _Key(key, wards, updates, people, every, tied or ())
            _count_key(totals, themed, counted, theme_aims=theme_aims, aims=aims)
        return totals, themed
    select_counts = rollup.period_select(dialect, since=since, until=until, ward_ids=ward_ids)
    for ward, key, n, people, *every in await session.execute(select_counts):
        tied = [int(key.removeprefix(rollup.PRIORITY))] if key.startswith(rollup.PRIORITY) else []
        counted = _Key(key, [ward], [n], people, every, tied)
        _count_key(totals, themed, counted, theme_aims=theme_aims, aims=aims)
    return totals, themed


@dataclass(frozen=True, slots=True)
class _Key:
    """One key's counts in some wards, as `_kept_counts` reads them."""

    key: str
    wards: Sequence[int]  # a ward may come more than once: its updates are summed
    updates: Sequence[int]  # each ward's
    people: int
    every: Sequence[int]  # volunteers, with_people, with_volunteers: the "" key's alone
    priorities: Sequence[int]  # the ids of the "p:" keys folded into this one


def _count_key(
    totals: _Totals,
    themed: _Themed,
    counted: _Key,
    *,
    theme_aims: Mapping[str, str],
    aims: Collection[str],
) -> None:
    """Add one key's counts to the digest's."""
    key, wards, updates, people, every = (
        counted.key,
        counted.wards,
        counted.updates,
        counted.people,
        counted.every,
    )
    kind, name = key[:2], key[2:]
    if not key:
        totals.updates += sum(updates)
        totals.people += people
        totals.volunteers += every[0]
        totals.with_people += every[1]
        totals.with_volunteers += every[2]
        _add(totals.by_ward, wards, updates)
    elif kind == rollup.THEME:
        if name in theme_aims:
            themed.by_theme[name] = themed.by_theme.get(name, 0) + sum(updates)
            themed.ward_themes.update((ward, name) for ward in wards)
    elif kind == rollup.AIM:
        if name in aims:
            _add(themed.aim_wards.setdefault(name, {}), wards, updates)
            themed.aim_people[name] = themed.aim_people.get(name, 0) + people
    elif kind == rollup.UNTHEMED:
        themed.unthemed += sum(updates)
    elif kind == rollup.PRIORITY:
        totals.priorities.update(counted.priorities)


def _add(counts: dict[int, int], wards: Sequence[int], updates: Sequence[int]) -> None:
    for ward, n in zip(wards, updates, strict=True):
        counts[ward] = counts.get(ward, 0) + n


async def _picks(
    session: AsyncSession,
    asked: _Span,
    *,
    counted: tuple[_Totals, _Themed],
    aims: Mapping[str, list[str]],
    cap: int,
    notable: int,
    case_studies: int,
) -> dict[str, tuple[int, ...]]:
    """The ids a chat digest shows, read from indexes that let each pick stop early (the
    counts told which picks have any to find):

    - each theme's first ids: `ix_update_theme_key` walked in id order from the period's
      lowest id, each entry's update tested against the period; an aim's first ids are
      the first of its themes' (an update serves an aim by carrying one of its themes),
      and every update's the first of the themes' and the unthemed ones';
    - the unthemed, people's and volunteers' first ids: the updates in id order from the
      period's lowest id;
    - the notable ones: the period's most notable updates read first (from
      `ix_update_notable` walked from the top, or the period's entries sorted), their
      themes looked up, more read only if some aim is short of them.
    """
    totals, themed = counted
    scope = asked.scope()
    lo, hi = (await session.execute(select(func.min(_U.id), func.max(_U.id)).where(scope))).one()
    span = _U.id.between(lo, hi)

    def walk(label: str, *where: Any) -> Any:
        query = select(literal(label).label("label"), _U.id).where(scope, span, *where)
        return select(query.order_by(_U.id).limit(cap).subquery())

    parts = [
        select(
            select(literal(f"theme:{t}").label("label"), _T.update_id)
            .join(_U, _U.id == _T.update_id)
            .where(_T.theme_key == t, _T.update_id.between(lo, hi), scope)
            .order_by(_T.update_id)
            .limit(cap)
            .subquery()
        )
        for t in sorted(themed.by_theme)
    ]
    if themed.unthemed:
        parts.append(walk("unthemed", ~exists().where(_T.update_id == _U.id)))
    if totals.with_people:
        parts.append(walk("people", _U.people_reached != 0))
    if totals.with_volunteers:
        parts.append(walk("volunteers", _U.volunteers != 0))
    found: dict[str, list[int]] = {}
    if parts:
        for label, update_id in await session.execute(union_all(*parts)):
            found.setdefault(label, []).append(update_id)
    picked = {label: tuple(sorted(ids)) for label, ids in found.items()}

    def first(lists: Iterable[Sequence[int]]) -> tuple[int, ...]:
        return tuple(sorted({i for ids in lists for i in ids})[:cap])

    every = first(
        [*(found.get(f"theme:{t}", ()) for t in themed.by_theme), picked.get("unthemed", ())]
    )
    if every:
        picked["all"] = every
    for aim, themes in aims.items():
        if aim in themed.aim_wards:
            picked[f"aim:{aim}"] = first(found.get(f"theme:{t}", ()) for t in themes)
    picked.update(
        await _notable_picks(
            session,
            asked,
            in_scope=totals.updates,
            wanted={
                aim: min(notable, sum(wards.values())) for aim, wards in themed.aim_wards.items()
            },
            aims=aims,
            case_studies=case_studies,
        )
    )
    return picked


async def _notable_picks(
    session: AsyncSession,
    span: _Span,
    *,
    in_scope: int,
    wanted: Mapping[str, int],
    aims: Mapping[str, list[str]],
    case_studies: int,
) -> dict[str, tuple[int, ...]]:
    """Each aim's most notable updates and the case studies, in notable order: the
    period's most notable updates read in that order (case studies first) until every aim
    has as many as it wants, or the period is read to its end."""
    aim_of = {t: aim for aim, themes in aims.items() for t in themes}
    limit = max(NOTABLE_CANDIDATES, case_studies)
    live = int(
        await session.scalar(
            select(func.coalesce(func.sum(rollup.WARD.c.updates), 0)).where(
                rollup.WARD.c.key == rollup.EVERY
            )
        )
        or 0
    )
    while True:
        candidates: list[tuple[int, bool]] = []
        themes: dict[int, set[str]] = {}
        # Walk every live update in notable order (ix_update_notable) far enough to meet
        # `limit` of the period's (NOTABLE_WALK_OVER times over: notability may follow the
        # date) when that is fewer entries than the period's (NOTABLE_WALK_SHARE); else,
        # or if the walk falls short, read the period's entries and sort them.
        walk = NOTABLE_WALK_OVER * limit * live // max(in_scope, 1)
        for entries in ([walk] if walk < in_scope * NOTABLE_WALK_SHARE else []) + [None]:
            rows = await session.execute(_candidates(span, limit=limit, walk=entries))
            candidates.clear()
            themes.clear()
            for update_id, case_study, theme in rows:
                if not candidates or candidates[-1][0] != update_id:
                    candidates.append((update_id, case_study))
                if theme in aim_of:
                    themes.setdefault(update_id, set()).add(aim_of[theme])
            if len(candidates) == limit:
                break
        picked: dict[str, list[int]] = {}
        for update_id, _ in candidates:
            for aim in themes.get(update_id, ()):
                if len(kept := picked.setdefault(f"notable:{aim}", [])) < wanted.get(aim, 0):
                    kept.append(update_id)
        short = any(len(picked.get(f"notable:{a}", ())) < n for a, n in wanted.items())
        if not short or len(candidates) < limit:
            break
        limit *= 10
    shown = [update_id for update_id, case_study in candidates if case_study][:case_studies]
    if shown:
        picked["case_studies"] = shown
    return {label: tuple(ids) for label, ids in picked.items() if ids}


async def _partners(
    session: AsyncSession, scope: ColumnElement[bool], *, council: str
) -> tuple[tuple[tuple[int, tuple[str, ...]], ...], tuple[tuple[int, str], ...]]:
    """Statement 3: every update naming a partner or posted by someone whose organisation
    is known and not the council's, newest first (all the names are needed to count
    organisations)."""
    # The text test only skips empty lists cheaply; the names are read back as JSON.
    # models.PARTNERED, word for word, lets ix_update_partnered answer (the period's few
    # partnered rows): a quarter at 3,000,000 updates read 277,680 rows' JSON for it.
    listed = cast(_U.partners, String).not_in(("[]", "null"))
    rows = (
        await session.execute(
            select(_U.id, _U.partners, _U.organisation)
            .where(
                scope,
                text(models.PARTNERED),
                or_(listed, _U.organisation.not_in(("", council))),
            )
            .order_by(_U.occurred_on.desc(), _U.id.desc())
        )
    ).all()
    named = tuple((update_id, tuple(names)) for update_id, names, _ in rows if names)
    posted = tuple((update_id, org) for update_id, _, org in rows if org and org != council)
    return named, posted


async def _wards_held(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(models.Ward)) or 0)


async def _every_ward(session: AsyncSession, ward_ids: Collection[int]) -> bool:
    """Do these ids name every ward held? (Then no row needs testing against a list.)"""
    return len(set(ward_ids)) >= await _wards_held(session)


def _candidates(span: _Span, *, limit: int, walk: int | None) -> Any:
    """The period's `limit` most notable updates (case studies first), each with its themes
    (a row a theme, one with NULL for none), in notable order: from the first `walk`
    entries of every live update in that order (None: from the period's entries). One
    statement, a join, not a list of ids: a later round's 10,000 would pass a driver's
    limit on parameters."""
    each: Any = _U
    if walk is None:
        where = span.scope()
    else:
        walked = (
            select(_U.id, _U.case_study, _U.people_reached, _U.occurred_on, _U.ward_id)
            .where(_U.deleted_at.is_(None))
            .order_by(
                _U.case_study.desc(), *_notable_order(_U.people_reached, _U.occurred_on, _U.id)
            )
            .limit(walk)
            .subquery()
        )
        each, where = walked.c, span.scope(of=walked.c)
    best = (
        select(each.id, each.case_study, each.people_reached, each.occurred_on)
        .where(where)
        .order_by(
            each.case_study.desc(), *_notable_order(each.people_reached, each.occurred_on, each.id)
        )
        .limit(limit)
        .subquery()
    )
    return (
        select(best.c.id, best.c.case_study, _T.theme_key)
        .outerjoin(_T, _T.update_id == best.c.id)
        .order_by(
            best.c.case_study.desc(),
            *_notable_order(best.c.people_reached, best.c.occurred_on, best.c.id),
        )
    )


def _notable_order(people: Any, occurred_on: Any, update_id: Any) -> tuple[Any, ...]:
    # Most people reached, then the newest (case studies are put first by the caller).
    return (func.coalesce(people, 0).desc(), occurred_on.desc(), update_id.desc())


async def themes_carried(
    db: Database,
    *,
    since: date,
    until: date,
    ward_ids: Collection[int] | None,
    themes: Sequence[str],
) -> dict[str, int]:
    """Plan theme -> updates in the span that carry it; deleted ones left out.
    Every ward's (the borough's) are read from the counts kept per day (storage/rollup.py)."""
    async with db.transaction() as session:
        if ward_ids is None or await _every_ward(session, ward_ids):
            counted = await rollup.day_counts(session, since=since, until=until)
            return {t: counted[t] for t in themes if counted.get(t)}
    masks = _Masks(tuple(sorted(themes)))
    month = _month(_scope(since=since, until=until, ward_ids=ward_ids), masks).subquery()
    columns = [month.c[f"m{c}"] for c in range(masks.columns)]
    out: dict[str, int] = {}
    async with db.transaction() as session:
        for *found, n in await session.execute(select(*columns, func.count()).group_by(*columns)):
            for theme in masks.carried([int(x) for x in found]):
                out[theme] = out.get(theme, 0) + int(n)
    return out
