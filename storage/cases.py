"""Case studies (an update's story) and where each was shared as good practice."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from handlers import domain
from storage import models
from storage.audit import write_audit
from storage.db import Database

_C = models.CaseStudy
_S = models.CaseShare


async def save_case(db: Database, *, update_id: int, story: domain.CaseStory, actor: str) -> None:
    """Write (or rewrite) an update's story, and mark the update a case study."""
    async with db.transaction() as session:
        row = await session.get(_C, update_id)
        if row is None:
            row = _C(update_id=update_id)
            session.add(row)
        row.what, row.who_for = story.what, story.who_for
        row.difference, row.quote = story.difference, story.quote
        row.written_by, row.written_at = actor, datetime.now(UTC)
        await session.execute(
            update(models.Update).where(models.Update.id == update_id).values(case_study=True)
        )
        await write_audit(
            session, actor=actor, action="case.write", target=str(update_id), detail={}
        )


async def get_case(db: Database, *, update_id: int) -> domain.CaseStory | None:
    async with db.transaction() as session:
        row = await session.get(_C, update_id)
        if row is None:
            return None
        return domain.CaseStory(row.what, row.who_for, row.difference, row.quote)


async def cases_of(db: Database, *, update_ids: Collection[int]) -> dict[int, domain.CaseStory]:
    if not update_ids:
        return {}
    async with db.transaction() as session:
        rows = (await session.scalars(select(_C).where(_C.update_id.in_(sorted(update_ids))))).all()
    return {r.update_id: domain.CaseStory(r.what, r.who_for, r.difference, r.quote) for r in rows}


async def claim_share(
    db: Database, *, update_id: int, platform: str, channel_id: str, ward_id: int, actor: str
) -> bool:
    """Claim posting a case study to a channel: False when it went (or is going) there."""
    try:
        async with db.transaction() as session:
            session.add(
                _S(
                    update_id=update_id,
                    platform=platform,
                    channel_id=channel_id,
                    ward_id=ward_id,
                    shared_by=actor,
                    shared_at=datetime.now(UTC),
                    status="claimed",
                )
            )
    except IntegrityError:
        return False
    return True


async def share_settled(
    db: Database, *, update_id: int, platform: str, channel_id: str, sent: bool
) -> None:
    """A claimed share was sent, or failed (a failed one is released to be tried again)."""
    async with db.transaction() as session:
        row = await session.get(_S, (update_id, platform, channel_id))
        if row is None:
            return
        if sent:
            row.status = "sent"
        else:
            await session.delete(row)


async def shares_between(
    db: Database, *, since: date, until: date, ward_ids: Collection[int] | None = None
) -> list[domain.CaseShared]:
    """Good practice sent in the span (by the day it was shared), from these wards."""
    source = models.Ward.__table__.alias("source")
    target = models.Ward.__table__.alias("target")
    query = (
        select(_S, source.c.name, target.c.name)
        .join(models.Update, models.Update.id == _S.update_id)
        .join(source, source.c.id == models.Update.ward_id)
        .join(target, target.c.id == _S.ward_id)
        .where(
            _S.status == "sent",
            _S.shared_at >= datetime.combine(since, time.min, UTC),
            _S.shared_at < datetime.combine(until, time.max, UTC),
        )
        .order_by(_S.shared_at, _S.update_id, target.c.name)
    )
    if ward_ids is not None:
        query = query.where(models.Update.ward_id.in_(sorted(ward_ids)))
    async with db.transaction() as session:
        rows = (await session.execute(query)).all()
    return [
        domain.CaseShared(s.update_id, src, dst, s.platform, s.channel_id, s.shared_at, s.status)
        for s, src, dst in rows
    ]


async def ward_channels(db: Database, *, ward_ids: Collection[int]) -> list[tuple[str, str, int]]:
    """(platform, channel id, ward id) of every channel linked to these wards."""
    if not ward_ids:
        return []
    L = models.ChannelLink
    async with db.transaction() as session:
        rows = await session.execute(
            select(L.platform, L.channel_id, L.ward_id)
            .where(L.ward_id.in_(sorted(ward_ids)))
            .order_by(L.ward_id, L.platform, L.channel_id)
        )
        return [(p, c, w) for p, c, w in rows.all()]
