"""Digest chart images kept for a while, so a chat platform can load them by URL.

The daily retention purge (storage.gdpr.purge_expired) deletes those past their expiry.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage import models
from storage.db import Database

# token_urlsafe(24): 32 characters, 192 random bits. Anything else is not one of ours.
CHART_ID = re.compile(r"[A-Za-z0-9_-]{32}")


async def keep_chart(
    db: Database, *, png: bytes, kept_for: timedelta, now: datetime | None = None
) -> str:
    """Store `png` for `kept_for`; returns its unguessable id."""
    chart_id = secrets.token_urlsafe(24)
    now = now or datetime.now(UTC)
    async with db.transaction() as session:
        session.add(
            models.ChartImage(id=chart_id, png=png, created_at=now, expires_at=now + kept_for)
        )
    return chart_id


async def chart_png(db: Database, chart_id: str, *, now: datetime | None = None) -> bytes | None:
    """The chart's PNG, or None when there is no such chart or it has expired."""
    if not CHART_ID.fullmatch(chart_id):
        return None
    now = now or datetime.now(UTC)
    async with db.transaction() as session:
        png = await session.scalar(
            select(models.ChartImage.png).where(
                models.ChartImage.id == chart_id, models.ChartImage.expires_at >= now
            )
        )
    return bytes(png) if png is not None else None
