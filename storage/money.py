"""Money in updates (read from the post as `money_gbp`), for totals by ward, aim and fund."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, text

from storage import models
from storage.db import Database

_U = models.Update


@dataclass(frozen=True, slots=True)
class MoneyRow:
    update_id: int
    ward_id: int
    text: str
    amount: float
    themes: tuple[str, ...]


async def money_rows(
    db: Database, *, since: date, until: date, ward_ids: Collection[int] | None
) -> list[MoneyRow]:
    """Live updates in the span that name a sum of money, with their themes."""
    # models.MONEYED, word for word, lets ix_update_money answer (the period's few rows
    # naming money): a quarter at 3,000,000 updates read 277,680 rows' JSON for it.
    query = select(_U.id, _U.ward_id, _U.text, _U.quantities).where(
        _U.deleted_at.is_(None),
        _U.occurred_on >= since,
        _U.occurred_on <= until,
        text(models.MONEYED),
    )
    if ward_ids is not None:
        query = query.where(_U.ward_id.in_(sorted(ward_ids)))
    async with db.transaction() as session:
        rows = [
            (i, w, text, float(q["money_gbp"]))
            for i, w, text, q in (await session.execute(query)).all()
            if isinstance(q, dict) and isinstance(q.get("money_gbp"), int | float)
        ]
        themes: dict[int, list[str]] = {}
        ids = [r[0] for r in rows]
        for start in range(0, len(ids), 500):
            found = await session.execute(
                select(models.UpdateTheme.update_id, models.UpdateTheme.theme_key)
                .where(models.UpdateTheme.update_id.in_(ids[start : start + 500]))
                .order_by(models.UpdateTheme.update_id, models.UpdateTheme.position)
            )
            for update_id, key in found.all():
                themes.setdefault(update_id, []).append(key)
    return [MoneyRow(i, w, t, a, tuple(themes.get(i, ()))) for i, w, t, a in rows]
