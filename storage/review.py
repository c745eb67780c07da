"""What a ward's updates raised over a span: for the yearly refresh of its plan."""

from __future__ import annotations

import functools
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, select

from storage import models, rollup
from storage.db import Database

_U = models.Update
_T = models.UpdateTheme

# The statements are built once (a span's, once a day) and run for any ward: building
# `period_select`'s was most of `review`'s own CPU at 3,000,000 updates (~7 ms apiece).
_WARD: BindParameter[Any] = bindparam("ward_ids", expanding=True)


@functools.lru_cache(maxsize=8)
def _counted(dialect: str, since: date, until: date, only: str) -> Select[Any]:
    return rollup.period_select(dialect, since=since, until=until, ward_ids=_WARD, only=only)


async def themes_raised(db: Database, *, ward_id: int, since: date, until: date) -> dict[str, int]:
    """Theme -> live updates in the ward in the span carrying it: the whole months from
    the counts kept per month (storage/rollup.py), the part-months' days from the updates
    (a busy ward's year was 19,665 updates' themes looked up, 52 ms of SQLite)."""
    counted = _counted(db.engine.dialect.name, since, until, rollup.THEME)
    async with db.transaction() as session:
        rows = await session.execute(counted, {"ward_ids": [ward_id]})
        return {key.removeprefix(rollup.THEME): int(n) for _, key, n, *_ in rows if n}


def _newest(*, theme: Any, rows: Any) -> Any:
    return (
        select(_T.theme_key, _U.id)
        .join(_T, _T.update_id == _U.id)
        .where(
            theme,
            _U.ward_id == bindparam("ward_id"),
            _U.deleted_at.is_(None),
            _U.occurred_on >= bindparam("since"),
            _U.occurred_on <= bindparam("until"),
        )
        .order_by(_U.occurred_on.desc(), _U.id.desc())
        .limit(rows)
    )


# The ward's newest updates carrying any of the themes, in one walk back through its span
# (SCAN rows a theme asked for), then a theme still short of its few read alone: one
# statement a theme was a round trip and a statement built apiece (a dozen for some
# wards), and one ROW_NUMBER() over the span read all of a busy ward's year (13,000
# updates at 3,000,000, half a second).
_ANY = _newest(theme=_T.theme_key.in_(bindparam("themes", expanding=True)), rows=bindparam("rows"))
_ONE = _newest(theme=_T.theme_key == bindparam("theme"), rows=bindparam("each"))
SCAN = 12


async def theme_examples(
    db: Database, *, ward_id: int, since: date, until: date, themes: Collection[str], each: int
) -> dict[str, list[int]]:
    """Theme -> the newest few updates in the ward in the span carrying it (ids)."""
    found: dict[str, list[int]] = {theme: [] for theme in sorted(themes)}
    if not found:
        return found
    where = {"ward_id": ward_id, "since": since, "until": until}
    rows = SCAN * len(found)
    async with db.transaction() as session:
        walked = (await session.execute(_ANY, {**where, "themes": list(found), "rows": rows})).all()
        for theme, update_id in walked:
            if len(found[theme]) < each:
                found[theme].append(update_id)
        if len(walked) < rows:  # the walk went back through the whole span
            return found
        for theme in [theme for theme, ids in found.items() if len(ids) < each]:
            alone = await session.execute(_ONE, {**where, "theme": theme, "each": each})
            found[theme] = [update_id for _, update_id in alone]
    return found


async def priorities_tied(
    db: Database, *, ward_id: int, priority_ids: Collection[int], since: date, until: date
) -> set[int]:
    """The ward's priorities some live update of the ward in the span is tied to: the whole
    months from the counts kept per month ("p:ID" keys, storage/rollup.py), the
    part-months' days from the updates (a busy ward's year of updates read for it was
    51 ms of SQLite at 300,000)."""
    if not priority_ids:
        return set()
    counted = _counted(db.engine.dialect.name, since, until, rollup.PRIORITY)
    async with db.transaction() as session:
        tied = {
            int(key.removeprefix(rollup.PRIORITY))
            for _, key, n, *_ in await session.execute(counted, {"ward_ids": [ward_id]})
            if n
        }
    return tied & set(priority_ids)
