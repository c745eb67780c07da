"""Channels tied to a ward, so updates posted there need no ward name."""

from __future__ import annotations

from sqlalchemy import delete, select

from handlers import domain
from storage import models
from storage.audit import write_audit
from storage.db import Database
from storage.plan_store import to_ward


async def link_channel(
    db: Database, *, platform: str, channel_id: str, ward_slug: str, actor: str
) -> domain.Ward:
    async with db.transaction() as session:
        ward = (
            await session.scalars(select(models.Ward).where(models.Ward.slug == ward_slug))
        ).one()
        await session.merge(
            models.ChannelLink(
                platform=platform, channel_id=channel_id, ward_id=ward.id, linked_by=actor
            )
        )
        await write_audit(
            session,
            actor=actor,
            action="channel.link",
            target=f"{platform}:{channel_id}",
            detail={"ward": ward_slug},
        )
        return to_ward(ward)


async def unlink_channel(db: Database, *, platform: str, channel_id: str, actor: str) -> bool:
    async with db.transaction() as session:
        result = await session.execute(
            delete(models.ChannelLink).where(
                models.ChannelLink.platform == platform, models.ChannelLink.channel_id == channel_id
            )
        )
        removed = bool(result.rowcount)  # type: ignore[attr-defined]
        if removed:
            await write_audit(
                session,
                actor=actor,
                action="channel.unlink",
                target=f"{platform}:{channel_id}",
                detail={},
            )
        return removed


async def linked_ward(db: Database, *, platform: str, channel_id: str) -> str | None:
    async with db.transaction() as session:
        return await session.scalar(
            select(models.Ward.slug)
            .join(models.ChannelLink, models.ChannelLink.ward_id == models.Ward.id)
            .where(
                models.ChannelLink.platform == platform, models.ChannelLink.channel_id == channel_id
            )
        )
