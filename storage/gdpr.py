"""UK GDPR: what wardbot holds about a person, erasing it, and the retention purge.

Erasure anonymises rather than deletes what the Board's counts rest on: the person row
loses its name, organisation, role and platform id; their updates lose their author and
source link, and the person's name (and @-mention) is cut out of any update text, so the
ward, priority, themes and numbers still count. The audit trail keeps its entries but names
the person only as `erased:person-ID`. Posts held for a button (storage/held.py) are
deleted. Digests already sent are not touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import domain
from storage import models, rollup
from storage.audit import write_audit
from storage.db import Database
from storage.memo import roles_changed
from storage.people import to_person
from storage.updates import list_updates

NAME_REMOVED = "[name removed]"
EVENTS_KEPT_DAYS = 30  # delivery ids only matter while a platform may still retry


@dataclass(frozen=True, slots=True)
class PersonData:
    """Everything held about one person (a subject access request)."""

    person: domain.Person
    updates: list[domain.Update]
    audit: list[domain.AuditEntry]
    channel_links: list[dict[str, Any]] = field(default_factory=list)
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    held_posts: list[dict[str, Any]] = field(default_factory=list)  # waiting for a button
    # Their answers to "which ward?" remembered to learn places (storage/places.py).
    place_answers: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Erasure:
    person_id: int
    pseudonym: str
    updates_anonymised: int
    texts_changed: int
    audit_entries: int
    held_posts: int = 0


@dataclass(frozen=True, slots=True)
class Purge:
    cutoff: date
    updates: int
    audit_entries: int
    events: int
    digest_runs: int
    held_posts: int = 0
    charts: int = 0


async def find_person(db: Database, *, ref: str) -> list[domain.Person]:
    """People matching `platform:user-id` exactly, or else a name (any case)."""
    ref = ref.strip()
    platform, colon, user_id = ref.partition(":")
    async with db.transaction() as session:
        if colon and user_id:
            rows = await session.scalars(
                select(models.Person).where(
                    models.Person.platform == platform.lower(),
                    models.Person.platform_user_id == user_id,
                )
            )
            found = [to_person(r) for r in rows]
            if found:
                return found
        rows = await session.scalars(
            select(models.Person)
            .where(func.lower(models.Person.name) == ref.lower(), models.Person.name != "")
            .order_by(models.Person.id)
        )
        return [to_person(r) for r in rows]


def _key(person: domain.Person) -> str:
    return f"{person.platform}:{person.user_id}"


async def person_data(db: Database, *, person: domain.Person) -> PersonData:
    key = _key(person)
    updates = await list_updates(db, author_key=key, limit=None, include_deleted=True)
    async with db.transaction() as session:
        audit_rows = await session.scalars(
            select(models.AuditLog)
            .where(or_(models.AuditLog.actor == key, models.AuditLog.target == key))
            .order_by(models.AuditLog.id)
        )
        audit = [
            domain.AuditEntry(r.id, r.at, r.actor, r.action, r.target, dict(r.detail))
            for r in audit_rows
        ]
        links = [
            {"platform": c.platform, "channel_id": c.channel_id, "linked_at": c.linked_at}
            for c in await session.scalars(
                select(models.ChannelLink).where(models.ChannelLink.linked_by == key)
            )
        ]
        subscriptions = [
            {"platform": s.platform, "target": s.target, "cron": s.cron, "created_at": s.created_at}
            for s in await session.scalars(
                select(models.DigestSubscription).where(models.DigestSubscription.created_by == key)
            )
        ]
        held = [
            {
                "text": h.text,
                "channel_id": h.channel_id,
                "created_at": h.created_at,
                "expires_at": h.expires_at,
                "taken_at": h.taken_at,
            }
            for h in await session.scalars(
                select(models.HeldPost)
                .where(models.HeldPost.author_id == person.id)
                .order_by(models.HeldPost.created_at)
            )
        ]
        answers = [
            {
                "phrase": a.phrase,
                "ward": a.ward_slug,
                "answered_at": a.answered_at,
                "council": a.council,
            }
            for a in await session.scalars(
                select(models.PlaceAnswer)
                .where(models.PlaceAnswer.author_key == key)
                .order_by(models.PlaceAnswer.answered_at)
            )
        ]
    return PersonData(person, updates, audit, links, subscriptions, held, answers)


def scrub(text: str, *, name: str, user_id: str) -> str:
    """The text without the person's name, its parts, or an @-mention of them."""
    if user_id:
        text = re.sub(rf"<@{re.escape(user_id)}(\|[^>]*)?>", NAME_REMOVED, text)
    name = name.strip()
    if not name:
        return text
    text = re.sub(rf"\b{re.escape(name)}\b", NAME_REMOVED, text, flags=re.I)
    for part in name.split():
        if len(part) >= 3:  # initials and "Jo" would cut too much
            text = re.sub(rf"\b{re.escape(part)}\b", NAME_REMOVED, text)
    return text


async def erase_person(db: Database, *, person: domain.Person, actor: str) -> Erasure:
    key = _key(person)
    pseudonym = f"erased:person-{person.id}"
    async with db.transaction() as session:
        row = await session.get(models.Person, person.id)
        assert row is not None
        name, user_id = row.name, row.platform_user_id
        theirs = (
            await session.scalars(select(models.Update).where(models.Update.author_id == row.id))
        ).all()
        changed = 0
        for u in theirs:
            u.author_id = None
            u.source_link = ""
            cleaned = scrub(u.text, name=name, user_id=user_id)
            changed += cleaned != u.text
            u.text = cleaned
        changed += await _scrub_others(session, name=name, user_id=user_id, skip=row.id)
        audited = 0
        for column in (models.AuditLog.actor, models.AuditLog.target):
            done = await session.execute(
                update(models.AuditLog).where(column == key).values({column: pseudonym})
            )
            audited += done.rowcount  # type: ignore[attr-defined]
        await session.execute(
            update(models.ChannelLink)
            .where(models.ChannelLink.linked_by == key)
            .values(linked_by=pseudonym)
        )
        await session.execute(
            update(models.DigestSubscription)
            .where(models.DigestSubscription.created_by == key)
            .values(created_by=pseudonym)
        )
        await session.execute(
            update(models.PlaceAnswer)
            .where(models.PlaceAnswer.author_key == key)
            .values(author_key=pseudonym)
        )
        for learned in await session.scalars(
            select(models.LearnedPlace).where(models.LearnedPlace.by.contains(key))
        ):
            learned.by = ", ".join(
                pseudonym if who == key else who for who in learned.by.split(", ")
            )
        held = await session.execute(
            delete(models.HeldPost).where(
                or_(models.HeldPost.author_id == row.id, models.HeldPost.asker_key == key)
            )
        )
        held_posts = held.rowcount  # type: ignore[attr-defined]
        for ref in await session.scalars(
            select(models.ConversationRef).where(models.ConversationRef.platform == row.platform)
        ):
            if (ref.reference or {}).get("user", {}).get("id") == user_id:
                await session.delete(ref)  # a 1:1 chat with them
        row.name, row.organisation, row.role = "", "", None
        row.platform_user_id = f"erased-{row.id}"
        await write_audit(
            session,
            actor=actor,
            action="person.erase",
            target=pseudonym,
            detail={
                "updates": len(theirs),
                "texts_changed": changed,
                "audit": audited,
                "held_posts": held_posts,
            },
        )
    roles_changed()  # their role went with them
    db.memo.authors.drop(key)
    return Erasure(person.id, pseudonym, len(theirs), changed, audited, held_posts)


async def _scrub_others(session: AsyncSession, *, name: str, user_id: str, skip: int) -> int:
    """Other people's updates that mention them by full name or @-mention."""
    needles = [f"<@{user_id}"] + ([name] if len(name.split()) >= 2 else [])
    query = select(models.Update).where(
        or_(*(models.Update.text.ilike(f"%{n}%") for n in needles)),
        or_(models.Update.author_id.is_(None), models.Update.author_id != skip),
    )
    changed = 0
    for u in await session.scalars(query):
        cleaned = re.sub(rf"<@{re.escape(user_id)}(\|[^>]*)?>", NAME_REMOVED, u.text)
        if len(name.split()) >= 2:
            cleaned = re.sub(rf"\b{re.escape(name)}\b", NAME_REMOVED, cleaned, flags=re.I)
        if cleaned != u.text:
            u.text, changed = cleaned, changed + 1
    return changed


async def purge_expired(
    db: Database, *, retention_days: int, now: datetime | None = None, actor: str = "system"
) -> Purge:
    """Delete what is older than the retention period, and held posts and charts past expiry.
    Safe to run on every replica."""
    now = now or datetime.now(UTC)
    cutoff_at = now - timedelta(days=retention_days)
    cutoff = cutoff_at.date()
    async with db.transaction() as session:
        old = select(models.Update.id).where(models.Update.occurred_on < cutoff)
        counted = await rollup.remove(session, old)
        await session.execute(
            delete(models.UpdateTheme).where(models.UpdateTheme.update_id.in_(old))
        )
        updates = await session.execute(
            delete(models.Update).where(models.Update.occurred_on < cutoff)
        )
        await rollup.refresh(session, counted)
        audit = await session.execute(delete(models.AuditLog).where(models.AuditLog.at < cutoff_at))
        events = await session.execute(
            delete(models.ProcessedEvent).where(
                models.ProcessedEvent.received_at < now - timedelta(days=EVENTS_KEPT_DAYS)
            )
        )
        runs = await session.execute(
            delete(models.DigestRun).where(models.DigestRun.period_end < cutoff_at)
        )
        # Answers past retention go too; a place they taught stays learned.
        await session.execute(
            delete(models.PlaceAnswer).where(models.PlaceAnswer.answered_at < cutoff_at)
        )
        held = await session.execute(
            delete(models.HeldPost).where(models.HeldPost.expires_at < now)
        )
        charts = await session.execute(
            delete(models.ChartImage).where(models.ChartImage.expires_at < now)
        )
        result = Purge(
            cutoff=cutoff,
            updates=updates.rowcount,  # type: ignore[attr-defined]
            audit_entries=audit.rowcount,  # type: ignore[attr-defined]
            events=events.rowcount,  # type: ignore[attr-defined]
            digest_runs=runs.rowcount,  # type: ignore[attr-defined]
            held_posts=held.rowcount,  # type: ignore[attr-defined]
            charts=charts.rowcount,  # type: ignore[attr-defined]
        )
        await write_audit(
            session,
            actor=actor,
            action="retention.purge",
            target=cutoff.isoformat(),
            detail={
                "retention_days": retention_days,
                "updates": result.updates,
                "audit": result.audit_entries,
                "events": result.events,
                "digest_runs": result.digest_runs,
                "held_posts": result.held_posts,
                "charts": result.charts,
            },
        )
    return result
