"""What a ward's updates raised over a span: for the yearly refresh of its plan."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select

from storage import models, rollup
from storage.db import Database

_U = models.Update
_T = models.UpdateTheme


async def themes_raised(db: Database, *, ward_id: int, since: date, until: date) -> dict[str, int]:
    """Theme -> live updates in the ward in the span carrying it: the whole months from
    the counts kept per month (storage/rollup.py), the part-months' days from the updates
    (a busy ward's year was 19,665 updates' themes looked up, 52 ms of SQLite)."""
    counted = rollup.period_select(
        db.engine.dialect.name, since=since, until=until, ward_ids=[ward_id], only=rollup.THEME
    )
    async with db.transaction() as session:
        rows = await session.execute(counted)
        return {key.removeprefix(rollup.THEME): int(n) for _, key, n, *_ in rows if n}


async def theme_examples(
    db: Database, *, ward_id: int, since: date, until: date, themes: Collection[str], each: int
) -> dict[str, list[int]]:
    """Theme -> the newest few updates in the ward in the span carrying it (ids)."""
    found: dict[str, list[int]] = {}
    async with db.transaction() as session:
        for theme in sorted(themes):
            rows = await session.scalars(
                select(_U.id)
                .join(_T, _T.update_id == _U.id)
                .where(
                    _T.theme_key == theme,
                    _U.ward_id == ward_id,
                    _U.deleted_at.is_(None),
                    _U.occurred_on >= since,
                    _U.occurred_on <= until,
                )
                .order_by(_U.occurred_on.desc(), _U.id.desc())
                .limit(each)
            )
            found[theme] = list(rows.all())
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
    counted = rollup.period_select(
        db.engine.dialect.name, since=since, until=until, ward_ids=[ward_id], only=rollup.PRIORITY
    )
    async with db.transaction() as session:
        tied = {
            int(key.removeprefix(rollup.PRIORITY))
            for _, key, n, *_ in await session.execute(counted)
            if n
        }
    return tied & set(priority_ids)
