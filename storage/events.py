"""Platform deliveries already handled, so that retries are processed once."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from storage import models
from storage.db import Database


async def claim_event(db: Database, *, platform: str, event_id: str) -> bool:
    """True the first time an event id is seen; False for every retry of it."""
    try:
        async with db.transaction() as session:
            session.add(models.ProcessedEvent(platform=platform, event_id=event_id))
    except IntegrityError:
        return False
    return True
