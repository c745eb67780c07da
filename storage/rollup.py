"""Activity counts kept up to date as updates are written, for `wards` and `coverage`.

Counting the whole history on every `wards` or `coverage` grew with it (coverage took
664 ms at 300,000 updates on SQLite). Two small tables are kept instead, in the same
transaction as the writes they count:

- `rollup_ward` (ward, key): updates, people reached, volunteers, and the latest day
  with one;
- `rollup_day` (day, key): updates that happened that day.

A key is "" (every update), "t:THEME" or "a:AIM" (an update counted once per Board aim,
however many of the aim's themes it carries). Deleted updates are not counted.

Every write that adds, changes or removes a counted update goes through here: `add_new`
for updates just inserted (counted from what was written, never read back: a bulk load's
batches would otherwise each scan a table whose statistics are not yet refreshed),
`remove` before updates change or go and `add` after (then `refresh`, for the latest
days), and `rebuild` when the plan changes which theme serves which aim.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    Select,
    Table,
    case,
    delete,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from handlers.domain import WardTotals
from storage import models
from storage.arrays import arrays, unnest_insert

WARD = cast(Table, models.RollupWard.__table__)
DAY = cast(Table, models.RollupDay.__table__)
_U = models.Update
_UT = models.UpdateTheme
_T = models.Theme
EVERY = ""
THEME = "t:"
AIM = "a:"

Pair = tuple[int, str]  # (ward id, key)
Executor = AsyncSession | AsyncConnection


CHUNK = 500  # rows an upsert statement carries


@dataclass(frozen=True, slots=True)
class New:
    """A live update just written, as the counts see it."""

    ward_id: int
    occurred_on: date
    themes: Sequence[str]
    people: int | None
    volunteers: int | None = None


async def add_new(
    db: Executor, written: Sequence[New], *, aim_of: Mapping[str, str] | None = None
) -> None:
    """Count updates just inserted, from what was written. `aim_of`: each of their themes'
    Board aim, when the caller has it from this transaction (read here otherwise)."""
    if not written:
        return
    if aim_of is None:
        aim_of = dict((await db.execute(_AIMS)).all())
    per_ward: dict[Pair, list[Any]] = {}
    per_day: dict[tuple[date, str], int] = {}
    for new in written:
        themes = list(dict.fromkeys(new.themes))
        aims = dict.fromkeys(aim_of[t] for t in themes if t in aim_of)
        keys = [EVERY] + [THEME + t for t in themes] + [AIM + a for a in aims]
        for key in keys:
            kept = per_ward.setdefault((new.ward_id, key), [0, 0, new.occurred_on, 0])
            kept[0] += 1
            kept[1] += new.people or 0
            kept[2] = max(kept[2], new.occurred_on)
            kept[3] += new.volunteers or 0
            if key != EVERY:
                per_day[new.occurred_on, key] = per_day.get((new.occurred_on, key), 0) + 1
    ward_rows = [
        {"ward_id": w, "key": k, "updates": n, "people": p, "last_on": last, "volunteers": v}
        for (w, k), (n, p, last, v) in sorted(per_ward.items())  # one lock order for all writers
    ]
    day_rows = [{"occurred_on": d, "key": k, "updates": n} for (d, k), n in sorted(per_day.items())]
    if _dialect(db) == "postgresql":
        # Both upserts in one statement, each row set sent as a few arrays: one round trip
        # and one prepared statement, whatever the batch's size (executemany sent a row at a
        # time and a statement each; insertmanyvalues made a new statement per row count).
        ward_columns, day_columns = tuple(ward_rows[0]), tuple(DAY.c.keys())
        await db.execute(
            _add_both(ward_columns, day_columns),
            {**arrays("w_", ward_rows, ward_columns), **arrays("d_", day_rows, day_columns)},
        )
        return
    for start in range(0, len(ward_rows), CHUNK):
        await db.execute(_add_to_ward_rows(), ward_rows[start : start + CHUNK])
    for start in range(0, len(day_rows), CHUNK):
        await db.execute(_add_to_day_rows(), day_rows[start : start + CHUNK])


_AIMS = select(_T.key, _T.board_aim_key)


# Each statement is built once: building an upsert (its `excluded` columns) cost more CPU
# than running it, on every group commit (bench.ingest under py-spy: ~5 % of the loop).
@functools.cache
def _add_to_ward_rows() -> Any:
    return _add_to_ward(sqlite_insert(WARD))


@functools.cache
def _add_to_day_rows() -> Any:
    return _add_to_day(sqlite_insert(DAY))


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


@functools.cache
def _add_both(ward_columns: tuple[str, ...], day_columns: tuple[str, ...]) -> Any:
    """PostgreSQL: the per-day upsert in a WITH, the per-ward one after it, each reading
    its rows from arrays (storage/arrays.py)."""
    days = _add_to_day(unnest_insert(DAY, "d_", day_columns)).cte("counted_days")
    return _add_to_ward(unnest_insert(WARD, "w_", ward_columns)).add_cte(days)


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
    await add(db, None)


# ---- reading ----------------------------------------------------------------------------


async def ward_totals(db: Executor) -> dict[int, WardTotals]:
    """Ward id -> its live updates' totals, for wards with any (ix_rollup_ward_key: the
    "" key's rows alone)."""
    rows = await db.execute(
        select(
            WARD.c.ward_id, WARD.c.updates, WARD.c.people, WARD.c.volunteers, WARD.c.last_on
        ).where(WARD.c.key == EVERY, WARD.c.updates > 0)
    )
    return {ward_id: WardTotals(n, p, v, last) for ward_id, n, p, v, last in rows.all()}


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
