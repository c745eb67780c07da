"""Counts for digests and Board reports, over a span of days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct, func, select

from storage import models
from storage.db import Database


@dataclass(frozen=True, slots=True)
class ThemeCount:
    theme_key: str
    updates: int
    wards: int


async def theme_counts(
    db: Database, *, since: date, until: date, ward_slug: str | None = None
) -> dict[str, ThemeCount]:
    """Theme -> updates (and wards) that carry it, dated within the span; deleted ones left out."""
    query = (
        select(
            models.UpdateTheme.theme_key,
            func.count(distinct(models.Update.id)),
            func.count(distinct(models.Update.ward_id)),
        )
        .join(models.Update, models.Update.id == models.UpdateTheme.update_id)
        .where(
            models.Update.deleted_at.is_(None),
            models.Update.occurred_on >= since,
            models.Update.occurred_on <= until,
        )
        .group_by(models.UpdateTheme.theme_key)
    )
    if ward_slug is not None:
        query = query.join(models.Ward, models.Ward.id == models.Update.ward_id).where(
            models.Ward.slug == ward_slug
        )
    async with db.transaction() as session:
        rows = (await session.execute(query)).all()
    return {key: ThemeCount(key, int(n), int(w)) for key, n, w in rows}
