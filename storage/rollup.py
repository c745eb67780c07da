"""Activity counts kept up to date as updates are written, for `wards` and `coverage`.

Counting the whole history on every `wards` or `coverage` grew with it (coverage took
664 ms at 300,000 updates on SQLite), and so did a digest's or `review`'s counting of a
period's themes. Three small tables are kept instead, in the same transaction as the
writes they count:

- `rollup_ward` (ward, key): updates, people reached, volunteers, and the latest day
  with one;
- `rollup_day` (day, key): updates that happened that day;
- `rollup_month` (month, ward, key): updates, people reached, volunteers, and how many
  of the updates give a number of people or of volunteers. A period reads its whole
  months here and only its part-months' days from the updates (`period_select`).

A key is "" (every update), "t:THEME" or "a:AIM" (an update counted once per Board aim,
however many of the aim's themes it carries); `rollup_month` also keeps "n:" (updates
with no theme) and "p:ID" (updates tied to that priority). Deleted updates are not
counted.

Every write that adds, changes or removes a counted update goes through here: `add_new`
for updates just inserted (counted from what was written, never read back: a bulk load's
batches would otherwise each scan a table whose statistics are not yet refreshed),
`remove` before updates change or go and `add` after (then `refresh`, for the latest
days), and `rebuild` when the plan changes which theme serves which aim. On SQLite,
new updates' counts go to the three tables through the view `rollup_feed`'s trigger
(migration 0021): `add_new`'s rows (an import's), and a group commit's, which the view
`update_written`'s trigger works out as `add_new` does (storage/updates.py); a change
to the keys counted is made in both, the triggers by a new migration.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    BindParameter,
    Column,
    ColumnElement,
    Date,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    select,
    true,
    union_all,
)
from sqlalchemy import cast as cast_
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from handlers.domain import WardsSummary, WardTotals
from storage import models
from storage.arrays import arrays, unnest_insert

WARD = cast(Table, models.RollupWard.__table__)
DAY = cast(Table, models.RollupDay.__table__)
MONTH = cast(Table, models.RollupMonth.__table__)
TABLES = (WARD.name, DAY.name, MONTH.name)
_U = models.Update
_UT = models.UpdateTheme
_T = models.Theme
EVERY = ""
THEME = "t:"
AIM = "a:"
UNTHEMED = "n:"
PRIORITY = "p:"

Pair = tuple[int, str]  # (ward id, key)
Executor = AsyncSession | AsyncConnection


@dataclass(frozen=True, slots=True)
class New:
    """A live update just written, as the counts see it."""

    ward_id: int
    occurred_on: date
    themes: Sequence[str]
    people: int | None
    volunteers: int | None = None
    priority_id: int | None = None


async def add_new(
    db: Executor, written: Sequence[New], *, aim_of: Mapping[str, str] | None = None
) -> None:
    """Count updates just inserted, from what was written. `aim_of`: each of their themes'
    Board aim, when the caller has it from this transaction (read here otherwise)."""
    if not written:
        return
    if aim_of is None:
        aim_of = dict((await db.execute(_AIMS)).all())
    if _dialect(db) == "sqlite":
        await _feed(db, written, aim_of)
        return
    per_ward: dict[Pair, list[Any]] = {}
    per_day: dict[tuple[date, str], int] = {}
    per_month: dict[tuple[date, int, str], list[int]] = {}
    for new in written:
        keys = _keys(new, aim_of)
        month = new.occurred_on.replace(day=1)
        people, volunteers = new.people or 0, new.volunteers or 0
        for key in keys:
            if key[:2] in _MONTH_ONLY:
                continue
            kept = per_ward.setdefault((new.ward_id, key), [0, 0, new.occurred_on, 0])
            kept[0] += 1
            kept[1] += people
            kept[2] = max(kept[2], new.occurred_on)
            kept[3] += volunteers
            if key != EVERY:
                per_day[new.occurred_on, key] = per_day.get((new.occurred_on, key), 0) + 1
        for key in keys:
            counted = per_month.setdefault((month, new.ward_id, key), [0, 0, 0, 0, 0])
            counted[0] += 1
            counted[1] += people
            counted[2] += volunteers
            counted[3] += 1 if people else 0
            counted[4] += 1 if volunteers else 0
    # PostgreSQL: the three upserts in one statement, each row set sent as a few arrays: one
    # round trip and one prepared statement, whatever the batch's size (executemany sent a
    # row at a time and a statement each; insertmanyvalues made a new statement per row count).
    ward_rows = [
        {"ward_id": w, "key": k, "updates": n, "people": p, "last_on": last, "volunteers": v}
        for (w, k), (n, p, last, v) in sorted(per_ward.items())  # one lock order for all writers
    ]
    day_rows = [{"occurred_on": d, "key": k, "updates": n} for (d, k), n in sorted(per_day.items())]
    months = sorted(per_month.items())  # one lock order for all writers
    ward_columns, day_columns = tuple(ward_rows[0]), tuple(DAY.c.keys())
    month_arrays = [list(c) for c in zip(*((*k, *v) for k, v in months), strict=True)]
    await db.execute(
        _add_all(ward_columns, day_columns),
        {
            **arrays("w_", ward_rows, ward_columns),
            **arrays("d_", day_rows, day_columns),
            **{"m_" + c: a for c, a in zip(MONTH_COLUMNS, month_arrays, strict=True)},
        },
    )


_MONTH_ONLY = (UNTHEMED, PRIORITY)  # keys rollup_month keeps and the other two do not


def _keys(new: New, aim_of: Mapping[str, str]) -> list[str]:
    """The keys an update is counted under in rollup_month (those of "n:" and "p:" in it
    alone)."""
    themes = list(dict.fromkeys(new.themes))
    keys = [EVERY] + [THEME + t for t in themes]
    keys += [AIM + a for a in dict.fromkeys(aim_of[t] for t in themes if t in aim_of)]
    if not themes:
        keys.append(UNTHEMED)
    if new.priority_id is not None:
        keys.append(PRIORITY + str(new.priority_id))
    return keys


async def _feed(db: Executor, written: Sequence[New], aim_of: Mapping[str, str]) -> None:
    """SQLite: the counts summed per (ward, day, key) and sent as one JSON array to the view
    `rollup_feed`, whose trigger (migration 0021) adds each row to rollup_ward, rollup_day
    and rollup_month. One statement where executemany took three (each four hops to
    aiosqlite's thread): SQLite has no arrays or writable WITH to fold them into one."""
    per_day: dict[tuple[int, date, str], list[int]] = {}
    for new in written:
        people, volunteers = new.people or 0, new.volunteers or 0
        with_people, with_volunteers = (1 if people else 0), (1 if volunteers else 0)
        for key in _keys(new, aim_of):
            counted = per_day.get((new.ward_id, new.occurred_on, key))
            if counted is None:
                per_day[new.ward_id, new.occurred_on, key] = [
                    1,
                    people,
                    volunteers,
                    with_people,
                    with_volunteers,
                ]
            else:
                counted[0] += 1
                counted[1] += people
                counted[2] += volunteers
                counted[3] += with_people
                counted[4] += with_volunteers
    rows = [[w, d.isoformat(), k, *sums] for (w, d, k), sums in per_day.items()]
    await db.execute(_FEED_ROWS, {"rows": json.dumps(rows)})


MONTH_COLUMNS = (
    "month",
    "ward_id",
    "key",
    "updates",
    "people",
    "volunteers",
    "with_people",
    "with_volunteers",
)
_MONTH_SUMS = MONTH_COLUMNS[3:]


_AIMS = select(_T.key, _T.board_aim_key)

# SQLite: the view and its trigger are migration 0021's; a change to what the trigger does
# is a new migration.
_FEED = Table(
    "rollup_feed",
    MetaData(),  # not the models': a view, made by its migration, never by create_all
    *(
        Column(name, Integer if name in ("ward_id", *_MONTH_SUMS) else String)
        for name in ("ward_id", "occurred_on", "key", *_MONTH_SUMS)
    ),
)
_FEED_EACH = func.json_each(bindparam("rows")).table_valued("value")
_FEED_ROWS = insert(_FEED).from_select(
    list(_FEED.c.keys()),
    select(
        *(
            func.json_extract(_FEED_EACH.c.value, literal_column(f"'$[{i}]'"))
            for i in range(len(_FEED.c))
        )
    ),
)


def _add_to_ward(statement: Any) -> Any:
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["ward_id", "key"],
        set_={
            "updates": WARD.c.updates + excluded.updates,
            "people": WARD.c.people + excluded.people,
            "volunteers": WARD.c.volunteers + excluded.volunteers,
            "last_on": case(
                (WARD.c.last_on.is_(None), excluded.last_on),
                (excluded.last_on > WARD.c.last_on, excluded.last_on),
                else_=WARD.c.last_on,
            ),
        },
    )


def _add_to_day(statement: Any) -> Any:
    return statement.on_conflict_do_update(
        index_elements=["occurred_on", "key"],
        set_={"updates": DAY.c.updates + statement.excluded.updates},
    )


def _add_to_month(statement: Any) -> Any:
    return statement.on_conflict_do_update(
        index_elements=["month", "ward_id", "key"],
        set_={c: MONTH.c[c] + statement.excluded[c] for c in _MONTH_SUMS},
    )


# Each statement is built once: building an upsert (its `excluded` columns) cost more CPU
# than running it, on every group commit (bench.ingest under py-spy: ~5 % of the loop).
@functools.cache
def _add_all(ward_columns: tuple[str, ...], day_columns: tuple[str, ...]) -> Any:
    """PostgreSQL: the per-day and per-month upserts in a WITH, the per-ward one after
    them, each reading its rows from arrays (storage/arrays.py)."""
    days = _add_to_day(unnest_insert(DAY, "d_", day_columns)).cte("counted_days")
    months = _add_to_month(unnest_insert(MONTH, "m_", MONTH_COLUMNS)).cte("counted_months")
    return _add_to_ward(unnest_insert(WARD, "w_", ward_columns)).add_cte(days, months)


def theme_key(theme: str) -> str:
    return THEME + theme


def aim_key(aim: str) -> str:
    return AIM + aim


def _counted(ids: Any) -> Select[Any]:
    """(ward_id, occurred_on, key, people, volunteers, update_id) for each key each update
    counts under."""
    live = [_U.deleted_at.is_(None)] + ([] if ids is None else [_U.id.in_(ids)])
    people = func.coalesce(_U.people_reached, 0)
    volunteers = func.coalesce(_U.volunteers, 0)
    every = select(
        _U.ward_id,
        _U.occurred_on,
        literal(EVERY).label("key"),
        people.label("people"),
        volunteers.label("volunteers"),
        _U.id,
    ).where(*live)
    themes = (
        select(
            _U.ward_id, _U.occurred_on, (literal(THEME) + _UT.theme_key), people, volunteers, _U.id
        )
        .join(_UT, _UT.update_id == _U.id)
        .where(*live)
    )
    aims = (
        select(
            _U.ward_id, _U.occurred_on, (literal(AIM) + _T.board_aim_key), people, volunteers, _U.id
        )
        .distinct()
        .join(_UT, _UT.update_id == _U.id)
        .join(_T, _T.key == _UT.theme_key)
        .where(*live)
    )
    return cast(Select[Any], union_all(every, themes, aims))


def month_of(dialect: str) -> Any:
    """SQL: the first day of an update's month, as a date column of the dialect holds it."""
    if dialect == "sqlite":
        return func.date(_U.occurred_on, "start of month")
    return cast_(func.date_trunc("month", _U.occurred_on), Date)


def _counted_monthly(dialect: str, where: Sequence[Any], *, only: str | None = None) -> Any:
    """(month, ward_id, key, people, volunteers) for each key of `rollup_month` each live
    update matching `where` counts under (`only`: the THEME or PRIORITY keys alone)."""
    live = [_U.deleted_at.is_(None), *where]
    month = month_of(dialect).label("month")
    values = (_U.people_reached.label("people"), _U.volunteers.label("volunteers"))
    themes = (
        select(month, _U.ward_id, (literal(THEME) + _UT.theme_key).label("key"), *values)
        .join(_UT, _UT.update_id == _U.id)
        .where(*live)
    )
    tied = select(
        month, _U.ward_id, (literal(PRIORITY) + cast_(_U.priority_id, String)).label("key"), *values
    ).where(*live, _U.priority_id.is_not(None))
    if only is not None:
        return {THEME: themes, PRIORITY: tied}[only]
    every = select(month, _U.ward_id, literal(EVERY).label("key"), *values).where(*live)
    aims = (
        select(_U.id, month, _U.ward_id, (literal(AIM) + _T.board_aim_key).label("key"), *values)
        .distinct()
        .join(_UT, _UT.update_id == _U.id)
        .join(_T, _T.key == _UT.theme_key)
        .where(*live)
        .subquery()
    )
    once_per_aim = select(
        aims.c.month, aims.c.ward_id, aims.c.key, aims.c.people, aims.c.volunteers
    )
    unthemed = select(month, _U.ward_id, literal(UNTHEMED), *values).where(
        *live, ~exists().where(_UT.update_id == _U.id)
    )
    return union_all(every, themes, once_per_aim, unthemed, tied)


def _month_sums(counted: Any, *, sign: int = 1) -> list[Any]:
    """updates, people, volunteers, with_people, with_volunteers of `_counted_monthly` rows."""
    return [
        (sign * func.count()).label("updates"),
        (sign * func.coalesce(func.sum(counted.c.people), 0)).label("people"),
        (sign * func.coalesce(func.sum(counted.c.volunteers), 0)).label("volunteers"),
        (sign * func.count(case((counted.c.people != 0, 1)))).label("with_people"),
        (sign * func.count(case((counted.c.volunteers != 0, 1)))).label("with_volunteers"),
    ]


def _dialect(db: Executor) -> str:
    if isinstance(db, AsyncSession):
        assert db.bind is not None, "sessions here are always bound to the engine"
        return db.bind.dialect.name
    return db.dialect.name


def _insert(dialect: str) -> Any:
    return sqlite_insert if dialect == "sqlite" else postgresql_insert


async def _apply(db: Executor, ids: Any, *, sign: int) -> list[Pair]:
    """Add (sign 1) or take away (sign -1) these updates' counts; the pairs touched."""
    counted = _counted(ids).subquery()
    insert = _insert(_dialect(db))
    # Ordered by key, so two transactions lock the same rows in the same order.
    per_ward = (
        select(
            counted.c.ward_id,
            counted.c.key,
            (sign * func.count()).label("updates"),
            (sign * func.sum(counted.c.people)).label("people"),
            func.max(counted.c.occurred_on).label("last_on"),
            (sign * func.sum(counted.c.volunteers)).label("volunteers"),
        )
        .where(true())  # SQLite reads ON CONFLICT after a bare GROUP BY as a join clause
        .group_by(counted.c.ward_id, counted.c.key)
        .order_by(counted.c.ward_id, counted.c.key)
    )
    touched: list[Pair] = []
    if sign < 0:  # the pairs whose latest day `refresh` must find again
        touched = [(w, k) for w, k, *_ in (await db.execute(per_ward)).all()]
        if not touched:
            return []
    statement = insert(WARD).from_select(
        ["ward_id", "key", "updates", "people", "last_on", "volunteers"], per_ward
    )
    excluded = statement.excluded
    latest = (
        WARD.c.last_on  # taken away: `refresh` finds the latest day once the change is made
        if sign < 0
        else case(
            (WARD.c.last_on.is_(None), excluded.last_on),
            (excluded.last_on > WARD.c.last_on, excluded.last_on),
            else_=WARD.c.last_on,
        )
    )
    await db.execute(
        statement.on_conflict_do_update(
            index_elements=["ward_id", "key"],
            set_={
                "updates": WARD.c.updates + excluded.updates,
                "people": WARD.c.people + excluded.people,
                "volunteers": WARD.c.volunteers + excluded.volunteers,
                "last_on": latest,
            },
        )
    )
    per_day = (
        select(counted.c.occurred_on, counted.c.key, (sign * func.count()).label("updates"))
        .where(counted.c.key != EVERY)
        .group_by(counted.c.occurred_on, counted.c.key)
        .order_by(counted.c.occurred_on, counted.c.key)
    )
    day_insert = insert(DAY).from_select(["occurred_on", "key", "updates"], per_day)
    await db.execute(
        day_insert.on_conflict_do_update(
            index_elements=["occurred_on", "key"],
            set_={"updates": DAY.c.updates + day_insert.excluded.updates},
        )
    )
    scope = [] if ids is None else [_U.id.in_(ids)]
    monthly = _counted_monthly(_dialect(db), scope).subquery()
    per_month = (
        select(monthly.c.month, monthly.c.ward_id, monthly.c.key, *_month_sums(monthly, sign=sign))
        .where(true())
        .group_by(monthly.c.month, monthly.c.ward_id, monthly.c.key)
        .order_by(monthly.c.month, monthly.c.ward_id, monthly.c.key)
    )
    await db.execute(_add_to_month(insert(MONTH).from_select(list(MONTH_COLUMNS), per_month)))
    return touched


async def add(db: Executor, ids: Any) -> None:
    """Count these updates (ids: a list or a select of ids), now that they are written."""
    await _apply(db, ids, sign=1)


async def remove(db: Executor, ids: Any) -> list[Pair]:
    """Stop counting these updates, before they change or go; pass the result to `refresh`."""
    return await _apply(db, ids, sign=-1)


async def refresh(db: Executor, pairs: Iterable[Pair]) -> None:
    """The latest day of each (ward, key), after updates counted there changed or went."""
    for ward_id, key in sorted(set(pairs)):
        live = [_U.ward_id == ward_id, _U.deleted_at.is_(None)]
        if key == EVERY:
            latest = select(func.max(_U.occurred_on)).where(*live)
        elif key.startswith(THEME):
            latest = (
                select(func.max(_U.occurred_on))
                .join(_UT, _UT.update_id == _U.id)
                .where(*live, _UT.theme_key == key.removeprefix(THEME))
            )
        else:
            latest = (
                select(func.max(_U.occurred_on))
                .join(_UT, _UT.update_id == _U.id)
                .join(_T, _T.key == _UT.theme_key)
                .where(*live, _T.board_aim_key == key.removeprefix(AIM))
            )
        await db.execute(
            sql_update(WARD)
            .where(WARD.c.ward_id == ward_id, WARD.c.key == key)
            .values(last_on=latest.scalar_subquery())
        )


async def rebuild(db: Executor) -> None:
    """Count everything again (a new plan may move a theme to another aim)."""
    await db.execute(delete(WARD))
    await db.execute(delete(DAY))
    await db.execute(delete(MONTH))
    await add(db, None)


# ---- reading ----------------------------------------------------------------------------


async def ward_totals(
    db: Executor, ward_ids: Collection[int] | None = None
) -> dict[int, WardTotals]:
    """Ward id -> its live updates' totals, for wards with any (ix_rollup_ward_key: the
    "" key's rows alone), of these wards (None: every ward)."""
    where = [WARD.c.key == EVERY, WARD.c.updates > 0]
    if ward_ids is not None:
        where.append(WARD.c.ward_id.in_(sorted(ward_ids)))
    rows = await db.execute(
        select(
            WARD.c.ward_id, WARD.c.updates, WARD.c.people, WARD.c.volunteers, WARD.c.last_on
        ).where(*where)
    )
    return {ward_id: WardTotals(n, p, v, last) for ward_id, n, p, v, last in rows.all()}


async def wards_summary(db: Executor, *, first: int) -> WardsSummary:
    """Every ward's totals summed, the `first` busiest wards and the `first` wards with no
    live update (by name): three small statements, where listing a national plan's 9,000
    wards read and formatted a row each."""
    active = [WARD.c.key == EVERY, WARD.c.updates > 0]
    summed = (
        await db.execute(
            select(
                func.count(),
                # bigint: PostgreSQL sums bigints to numeric (decoded as Decimal)
                *(
                    cast_(func.coalesce(func.sum(c), 0), BigInteger)
                    for c in (WARD.c.updates, WARD.c.people, WARD.c.volunteers)
                ),
                func.max(WARD.c.last_on),
            ).where(*active)
        )
    ).one()
    with_any, updates, people, volunteers, last = tuple(summed)
    busiest = await db.execute(
        select(WARD.c.ward_id, WARD.c.updates, WARD.c.people, WARD.c.volunteers, WARD.c.last_on)
        .join(models.Ward, models.Ward.id == WARD.c.ward_id)
        .where(*active)
        .order_by(WARD.c.updates.desc(), models.Ward.name)
        .limit(first)
    )
    quiet = await db.scalars(
        select(models.Ward.id)
        .where(~exists().where(WARD.c.ward_id == models.Ward.id, *active))
        .order_by(models.Ward.name)
        .limit(first)
    )
    return WardsSummary(
        active=int(with_any),
        totals=WardTotals(int(updates), int(people), int(volunteers), last),
        busiest=tuple((w, WardTotals(n, p, v, on)) for w, n, p, v, on in busiest.all()),
        quiet=tuple(quiet.all()),
    )


async def day_counts(db: Executor, *, since: date, until: date) -> dict[str, int]:
    """Theme -> live updates carrying it that happened from `since` to `until`."""
    rows = await db.execute(
        select(DAY.c.key, func.sum(DAY.c.updates))
        .where(DAY.c.key.startswith(THEME), DAY.c.occurred_on.between(since, until))
        .group_by(DAY.c.key)
    )
    return {key.removeprefix(THEME): int(n) for key, n in rows.all() if n}


async def activity_since(
    db: Executor, *, prefix: str, names: Collection[str], since: date | None
) -> dict[str, tuple[int, int]]:
    """Name (a theme or an aim, `prefix` telling which) -> (updates that happened on or
    after `since`, or ever, and the wards with one)."""
    keys = sorted(prefix + name for name in names)
    if not keys:
        return {}
    day = [DAY.c.key.in_(keys)] + ([] if since is None else [DAY.c.occurred_on >= since])
    updates = dict(
        (
            await db.execute(
                select(DAY.c.key, func.sum(DAY.c.updates)).where(*day).group_by(DAY.c.key)
            )
        ).all()
    )
    # The keys named, not a LIKE on the prefix: equality reads ix_rollup_ward_key in any
    # collation. A (ward, key) has a latest day exactly while it has live updates
    # (`refresh`), so the index alone answers: one entry per ward, counted, no DISTINCT.
    active = WARD.c.last_on.is_not(None) if since is None else WARD.c.last_on >= since
    wards: dict[str, int] = dict(
        (
            await db.execute(
                select(WARD.c.key, func.count())
                .where(WARD.c.key.in_(keys), active)
                .group_by(WARD.c.key)
            )
        ).all()
    )
    return {
        key.removeprefix(prefix): (int(n), int(wards.get(key, 0)))
        for key, n in updates.items()
        if n
    }


@dataclass(frozen=True, slots=True)
class Span:
    """A span of days as `rollup_month` reads it: its whole months, and the days of the
    months it only partly covers (each a first and last day)."""

    months: tuple[date, ...]
    days: tuple[tuple[date, date], ...]


def split(since: date, until: date) -> Span:
    months: list[date] = []
    days: list[tuple[date, date]] = []
    start = since
    while start <= until:
        first = start.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        end = min(last, until)
        if start == first and end == last:
            months.append(first)
        else:
            days.append((start, end))
        start = end + timedelta(days=1)
    return Span(tuple(months), tuple(days))


def period_select(
    dialect: str,
    *,
    since: date,
    until: date,
    ward_ids: Collection[int] | BindParameter[Any] | None,
    only: str | None = None,
    unsummed: bool = False,
) -> Select[Any]:
    """(ward_id, key, updates, people, volunteers, with_people, with_volunteers) of the
    live updates from `since` to `until` in these wards (None: every ward), each (ward,
    key) with any: whole months read from `rollup_month`, the rest of the days counted
    from the updates (each update's themes looked up: only a part-month's). `only`: the
    THEME or the PRIORITY keys alone. Volunteers and the two `with_` counts come for the
    "" key alone (NULL for the rest): a borough quarter at 3,000,000 updates is ~50,000
    rows, and decoding numbers nobody reads was a third of the digest's own CPU.
    `unsummed`: a (ward, key) has a row a month and a part-month, not summed (for `by_key`,
    which sums them anyway), every column as counted. `ward_ids` may be an expanding bind
    parameter, for a statement built once and run for any ward (storage/review.py)."""
    span = split(since, until)
    wards = ward_ids if isinstance(ward_ids, BindParameter) else sorted(ward_ids or ())
    parts: list[Any] = []
    if span.months:
        # The months named, not a range: with a ward or a few, each (month, ward) is one
        # probe of the primary key.
        kept: list[ColumnElement[bool]] = [MONTH.c.month.in_(span.months)]
        if ward_ids is not None:
            kept.append(MONTH.c.ward_id.in_(wards))
        if only is not None:
            kept.append(MONTH.c.key.startswith(only))
        parts.append(
            select(MONTH.c.ward_id, MONTH.c.key, *(MONTH.c[c] for c in _MONTH_SUMS)).where(
                *kept, MONTH.c.updates > 0
            )
        )
    for first, last in span.days:  # each range its own part: an index range apiece
        where: list[ColumnElement[bool]] = [_U.occurred_on >= first, _U.occurred_on <= last]
        if ward_ids is not None:
            where.append(_U.ward_id.in_(wards))
        counted = _counted_monthly(dialect, where, only=only).subquery()
        parts.append(
            select(counted.c.ward_id, counted.c.key, *_month_sums(counted)).group_by(
                counted.c.ward_id, counted.c.key
            )
        )
    if not parts:  # an empty span
        return select(MONTH.c.ward_id, MONTH.c.key, *(MONTH.c[c] for c in _MONTH_SUMS)).where(
            literal(False)
        )
    if unsummed:
        return cast(Select[Any], parts[0] if len(parts) == 1 else union_all(*parts))
    if len(span.months) + len(span.days) == 1:  # one month, or one part of one: no sums
        rows = parts[0].subquery()
    else:
        both = union_all(*parts).subquery()
        rows = (
            select(
                both.c.ward_id,
                both.c.key,
                # bigint, not the numeric PostgreSQL sums bigints to (decoded as Decimal)
                *(cast_(func.sum(both.c[c]), BigInteger).label(c) for c in _MONTH_SUMS),
            )
            .group_by(both.c.ward_id, both.c.key)
            .having(func.sum(both.c.updates) > 0)
            .subquery()
        )
    every = rows.c.key == EVERY
    return select(
        rows.c.ward_id,
        rows.c.key,
        rows.c.updates,
        rows.c.people,
        *(case((every, rows.c[c])).label(c) for c in _MONTH_SUMS[2:]),
    )


def by_key(rows: Any) -> Select[Any]:
    """PostgreSQL: `period_select`'s rows (`unsummed`) folded to one a key (all the "p:"
    keys one row): (key, ward ids, their updates, the priority ids, people, volunteers,
    with_people, with_volunteers). A ward may come more than once in a key's arrays (a
    month and a part-month): the caller sums them. A borough quarter at 3,000,000 updates
    is ~73,000 rows and ~40 of these: arrays of integers decode in C, rows one at a time
    in Python; and no GROUP BY (ward, key) on the server (~35 ms there)."""
    each = rows.subquery()
    tied = each.c.key.startswith(PRIORITY)
    key = case((tied, literal(PRIORITY)), else_=each.c.key)
    # The priority ids as integers, and for the "p:" row alone (FILTER): a text array of
    # every key of every row was built and thrown away, and 15,000 "p:ID" strings parsed.
    priority_id = cast_(func.substr(each.c.key, len(PRIORITY) + 1), Integer)
    return select(
        key.label("key"),
        func.array_agg(each.c.ward_id).label("wards"),
        func.array_agg(each.c.updates).label("updates"),
        func.array_agg(priority_id).filter(tied).label("priorities"),
        *(cast_(func.sum(each.c[c]), BigInteger).label(c) for c in _MONTH_SUMS[1:]),
    ).group_by(key)
