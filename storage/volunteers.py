"""Volunteers by ward, counted apart from people reached (they are never added together)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from storage import models
from storage.db import Database

_U = models.Update


async def volunteers_by_ward(db: Database, *, wards: Sequence[str] | None = None) -> dict[str, int]:
    """Ward slug -> volunteers named in its live updates (wards with none left out). Reads
    the partial index of updates that name volunteers (ix_update_ward_volunteers)."""
    query = (
        select(models.Ward.slug, func.sum(_U.volunteers))
        .join(models.Ward, models.Ward.id == _U.ward_id)
        .where(_U.volunteers.is_not(None), _U.deleted_at.is_(None))
        .group_by(models.Ward.slug)
    )
    if wards is not None:
        query = query.where(models.Ward.slug.in_(wards))
    async with db.transaction() as session:
        return {slug: int(n or 0) for slug, n in (await session.execute(query)).all()}
