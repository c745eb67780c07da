"""The audit log: who changed what. Written in the same transaction as the change."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import domain
from storage import models
from storage.db import Database


async def write_audit(
    session: AsyncSession, *, actor: str, action: str, target: str = "", detail: dict[str, Any]
) -> None:
    session.add(
        models.AuditLog(
            at=datetime.now(UTC), actor=actor, action=action, target=target, detail=detail
        )
    )


async def record_audit(
    db: Database, *, actor: str, action: str, target: str = "", detail: dict[str, Any]
) -> None:
    async with db.transaction() as session:
        await write_audit(session, actor=actor, action=action, target=target, detail=detail)


async def recent_audit(
    db: Database, *, limit: int = 50, actor: str | None = None, action: str | None = None
) -> list[domain.AuditEntry]:
    query = select(models.AuditLog).order_by(models.AuditLog.id.desc()).limit(limit)
    if actor:
        query = query.where(models.AuditLog.actor == actor)
    if action:
        query = query.where(models.AuditLog.action.startswith(action))
    async with db.transaction() as session:
        rows = (await session.scalars(query)).all()
    return [
        domain.AuditEntry(r.id, r.at, r.actor, r.action, r.target, dict(r.detail)) for r in rows
    ]


async def latest_audit(db: Database, *, action: str, target: str) -> domain.AuditEntry | None:
    """The newest entry of exactly this action on exactly this target."""
    query = (
        select(models.AuditLog)
        .where(models.AuditLog.action == action, models.AuditLog.target == target)
        .order_by(models.AuditLog.id.desc())
        .limit(1)
    )
    async with db.transaction() as session:
        r = (await session.scalars(query)).first()
    if r is None:
        return None
    return domain.AuditEntry(r.id, r.at, r.actor, r.action, r.target, dict(r.detail))
