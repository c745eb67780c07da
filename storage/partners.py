"""Partner organisations: the plan's list, and the names posters confirmed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import domain
from storage import models
from storage.audit import write_audit
from storage.db import Database
from storage.memo import Kept

# Kept briefly per database: a partner another replica's poster confirmed is recognised
# here within this many seconds.
PARTNER_SECONDS = 60.0
_kept: dict[int, Kept[str, tuple[domain.Partner, ...]]] = {}


def name_key(name: str) -> str:
    return " ".join(name.lower().split())[:200]


def _partner(row: models.Partner) -> domain.Partner:
    return domain.Partner(row.name, tuple(row.short_forms), row.kind, row.source)


async def save_plan_partners(session: AsyncSession, partners: Sequence[domain.Partner]) -> None:
    """The plan's partners, added or updated by name; confirmed ones are kept."""
    held = {p.name_key: p for p in (await session.scalars(select(models.Partner))).all()}
    now = datetime.now(UTC)
    for partner in partners:
        row = held.get(name_key(partner.name))
        if row is None:
            row = models.Partner(name_key=name_key(partner.name), added_by="plan", added_at=now)
            session.add(row)
            held[row.name_key] = row
        row.name, row.short_forms, row.kind = partner.name, list(partner.short_forms), partner.kind
        row.source = "plan"
    await session.flush()
    _kept.clear()


async def list_partners(db: Database) -> tuple[domain.Partner, ...]:
    kept = _kept.setdefault(id(db), Kept(PARTNER_SECONDS, most=1))
    found = kept.get("all")
    if found is not None:
        return found
    async with db.transaction() as session:
        rows = (await session.scalars(select(models.Partner).order_by(models.Partner.name))).all()
        found = tuple(_partner(r) for r in rows)
    kept.put("all", found)
    return found


async def confirm_partner(db: Database, *, name: str, actor: str) -> bool:
    """Remember an organisation a poster confirmed; False when it was known already."""
    async with db.transaction() as session:
        held = await session.scalar(
            select(models.Partner).where(models.Partner.name_key == name_key(name))
        )
        if held is not None:
            return False
        session.add(
            models.Partner(
                name=name,
                name_key=name_key(name),
                short_forms=[],
                kind="",
                source="confirmed",
                added_by=actor,
                added_at=datetime.now(UTC),
            )
        )
        await write_audit(
            session, actor=actor, action="partner.confirm", target=name[:200], detail={}
        )
    _kept.pop(id(db), None)
    return True


async def add_update_partner(db: Database, *, update_id: int, name: str, actor: str) -> None:
    """Name a partner on an update (a confirmed offer), once."""
    async with db.transaction() as session:
        row = await session.get(models.Update, update_id)
        if row is None or name in (row.partners or []):
            return
        row.partners = [*(row.partners or []), name]
        await write_audit(
            session,
            actor=actor,
            action="update.partner",
            target=str(update_id),
            detail={"partner": name[:200]},
        )
