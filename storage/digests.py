"""Digest subscriptions, and the runs that send each (subscription, period) exactly once.

A run is claimed by inserting its unique row before anything is sent. A claim whose
sender died is retaken only after its lease has passed, by a conditional UPDATE that
exactly one retaker can win; a live sender keeps renewing its lease.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage import models
from storage.audit import write_audit
from storage.db import Database

CLAIMED, SENT, FAILED = "claimed", "sent", "failed"


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    platform: str
    target: str
    ward_slug: str | None  # None: the whole borough
    ward_name: str | None
    cron: str
    timezone: str
    created_by: str
    created_at: datetime
    paused_at: datetime | None = None
    paused_reason: str = ""
    when_empty: str = "post"  # "post", "line" or "skip": what an empty period sends
    recipient: str = ""  # the person, when the target is their direct messages
    area_slug: str | None = None  # a neighbourhood or area instead of a ward
    area_name: str | None = None

    @property
    def scope(self) -> str:
        return self.ward_name or self.area_name or "the whole borough"

    @property
    def where(self) -> str:
        return f"{self.recipient}'s direct messages" if self.recipient else self.target


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    subscription_id: int
    period_start: datetime
    period_end: datetime
    status: str
    claimed_by: str
    claimed_at: datetime
    lease_until: datetime
    attempts: int
    sent_at: datetime | None
    error: str


@dataclass(frozen=True, slots=True)
class Claim:
    """This worker holds the run: it alone may send it, until `lease_until`."""

    run_id: int
    subscription_id: int
    attempt: int
    worker: str
    period_start: datetime
    period_end: datetime


class Outcome(StrEnum):
    CLAIMED = "claimed"  # ours to send
    SENT = "sent"  # sent already, by someone
    BUSY = "busy"  # someone holds it, or it waits for its retry time
    GAVE_UP = "gave_up"  # failed too often; left for a person to look at
    GONE = "gone"  # the subscription no longer exists


class SubscribeResult(StrEnum):
    CREATED = "created"
    CHANGED = "changed"  # same channel and scope, a new schedule: a new subscription
    RESUMED = "resumed"  # it was paused
    UNCHANGED = "unchanged"


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _opt_utc(moment: datetime | None) -> datetime | None:
    return _utc(moment) if moment is not None else None


def _subscription(
    row: models.DigestSubscription, ward: models.Ward | None, area: models.Area | None = None
) -> Subscription:
    return Subscription(
        area_slug=row.area_slug or None,
        area_name=area.name if area else row.area_slug or None,
        id=row.id,
        platform=row.platform,
        target=row.target,
        ward_slug=ward.slug if ward else None,
        ward_name=ward.name if ward else None,
        cron=row.cron,
        timezone=row.timezone,
        created_by=row.created_by,
        created_at=_utc(row.created_at),
        paused_at=_opt_utc(row.paused_at),
        paused_reason=row.paused_reason,
        when_empty=row.when_empty or "post",
        recipient=row.recipient or "",
    )


def _run(row: models.DigestRun) -> Run:
    return Run(
        id=row.id,
        subscription_id=row.subscription_id,
        period_start=_utc(row.period_start),
        period_end=_utc(row.period_end),
        status=row.status,
        claimed_by=row.claimed_by,
        claimed_at=_utc(row.claimed_at),
        lease_until=_utc(row.lease_until),
        attempts=row.attempts,
        sent_at=_opt_utc(row.sent_at),
        error=row.error,
    )


def _subscriptions_query() -> Any:
    return (
        select(models.DigestSubscription, models.Ward, models.Area)
        .outerjoin(models.Ward, models.Ward.id == models.DigestSubscription.ward_id)
        .outerjoin(models.Area, models.Area.slug == models.DigestSubscription.area_slug)
        .order_by(models.DigestSubscription.id)
    )


async def list_subscriptions(
    db: Database,
    *,
    platform: str | None = None,
    target: str | None = None,
    active_only: bool = False,
) -> list[Subscription]:
    query = _subscriptions_query()
    if platform is not None:
        query = query.where(models.DigestSubscription.platform == platform)
    if target is not None:
        query = query.where(models.DigestSubscription.target == target)
    if active_only:
        query = query.where(models.DigestSubscription.paused_at.is_(None))
    async with db.transaction() as session:
        rows = (await session.execute(query)).all()
    return [_subscription(sub, ward, area) for sub, ward, area in rows]


async def get_subscription(db: Database, *, subscription_id: int) -> Subscription | None:
    query = _subscriptions_query().where(models.DigestSubscription.id == subscription_id)
    async with db.transaction() as session:
        row = (await session.execute(query)).first()
    return _subscription(*row) if row else None


async def _ward_id(session: AsyncSession, slug: str | None) -> int | None:
    if slug is None:
        return None
    ward_id = await session.scalar(select(models.Ward.id).where(models.Ward.slug == slug))
    if ward_id is None:
        raise LookupError(f"no ward {slug}")
    return int(ward_id)


def _same_scope(platform: str, target: str, ward_id: int | None, area_slug: str) -> Any:
    sub = models.DigestSubscription
    scope = sub.ward_id.is_(None) if ward_id is None else sub.ward_id == ward_id
    return (
        (sub.platform == platform) & (sub.target == target) & scope & (sub.area_slug == area_slug)
    )


async def subscribe(
    db: Database,
    *,
    platform: str,
    target: str,
    ward_slug: str | None,
    cron: str,
    timezone: str,
    actor: str,
    now: datetime,
    when_empty: str = "post",
    recipient: str = "",
    area_slug: str | None = None,
) -> tuple[Subscription, SubscribeResult]:
    """One subscription per channel and scope. A new schedule replaces the old one with a
    new subscription, so periods already sent under the old schedule cannot block the new."""
    for _ in range(3):
        try:
            result, subscription_id = await _subscribe_once(
                db,
                platform=platform,
                target=target,
                ward_slug=ward_slug,
                cron=cron,
                timezone=timezone,
                actor=actor,
                now=now.astimezone(UTC),
                when_empty=when_empty,
                recipient=recipient,
                area_slug=area_slug or "",
            )
        except IntegrityError:
            continue  # the same subscribe, a moment ago, elsewhere: read it again
        found = await get_subscription(db, subscription_id=subscription_id)
        assert found is not None
        return found, result
    raise RuntimeError("could not store the subscription")


async def _subscribe_once(
    db: Database,
    *,
    platform: str,
    target: str,
    ward_slug: str | None,
    cron: str,
    timezone: str,
    actor: str,
    now: datetime,
    when_empty: str,
    recipient: str,
    area_slug: str = "",
) -> tuple[SubscribeResult, int]:
    async with db.transaction() as session:
        ward_id = await _ward_id(session, ward_slug)
        existing = await session.scalar(
            select(models.DigestSubscription).where(
                _same_scope(platform, target, ward_id, area_slug)
            )
        )
        detail = {
            "ward": ward_slug,
            "cron": cron,
            "timezone": timezone,
            "when_empty": when_empty,
            "recipient": recipient,
        }
        if area_slug:
            detail["area"] = area_slug
        if existing is not None and existing.cron == cron and existing.timezone == timezone:
            if existing.when_empty != when_empty or existing.recipient != recipient:
                # Only what an empty period sends (or the name) changed: same periods owed.
                existing.when_empty, existing.recipient = when_empty, recipient
                await write_audit(
                    session,
                    actor=actor,
                    action="digest.change",
                    target=str(existing.id),
                    detail=detail,
                )
                return SubscribeResult.CHANGED, existing.id
            if existing.paused_at is None:
                return SubscribeResult.UNCHANGED, existing.id
            existing.paused_at, existing.paused_reason = None, ""
            await write_audit(
                session,
                actor=actor,
                action="digest.resume",
                target=str(existing.id),
                detail=detail,
            )
            return SubscribeResult.RESUMED, existing.id
        result = SubscribeResult.CREATED
        if existing is not None:
            await session.delete(existing)
            await session.flush()
            result = SubscribeResult.CHANGED
        row = models.DigestSubscription(
            platform=platform,
            target=target,
            ward_id=ward_id,
            area_slug=area_slug,
            cron=cron,
            timezone=timezone,
            created_by=actor,
            created_at=now,
            paused_reason="",
            when_empty=when_empty,
            recipient=recipient,
        )
        session.add(row)
        await session.flush()
        await write_audit(
            session, actor=actor, action="digest.subscribe", target=str(row.id), detail=detail
        )
        return result, row.id


async def unsubscribe(
    db: Database,
    *,
    platform: str,
    target: str,
    ward_slug: str | None,
    every: bool,
    actor: str,
    area_slug: str | None = None,
) -> list[Subscription]:
    """Remove this channel's subscription for the scope (or all of them); what was removed."""
    removed = [
        s
        for s in await list_subscriptions(db, platform=platform, target=target)
        if every or (s.ward_slug == ward_slug and s.area_slug == (area_slug or None))
    ]
    if not removed:
        return []
    async with db.transaction() as session:
        await session.execute(
            delete(models.DigestSubscription).where(
                models.DigestSubscription.id.in_([s.id for s in removed])
            )
        )
        for s in removed:
            await write_audit(
                session,
                actor=actor,
                action="digest.unsubscribe",
                target=str(s.id),
                detail={"ward": s.ward_slug, "cron": s.cron},
            )
    return removed


async def claim(
    db: Database,
    *,
    subscription_id: int,
    starts_at: datetime,
    ends_at: datetime,
    worker: str,
    now: datetime,
    lease: timedelta,
    max_attempts: int,
) -> tuple[Outcome, Claim | None]:
    """Take the run for this subscription and period, or say why not."""
    now = now.astimezone(UTC)
    starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    try:
        async with db.transaction() as session:
            # The INSERT is the first statement, so SQLite takes its write lock at once.
            row = models.DigestRun(
                subscription_id=subscription_id,
                period_start=starts_at,
                period_end=ends_at,
                status=CLAIMED,
                claimed_by=worker,
                claimed_at=now,
                lease_until=now + lease,
                attempts=1,
                error="",
            )
            session.add(row)
            await session.flush()
            run_id = row.id
    except IntegrityError:
        return await _retake(
            db,
            subscription_id=subscription_id,
            starts_at=starts_at,
            worker=worker,
            now=now,
            lease=lease,
            max_attempts=max_attempts,
        )
    return Outcome.CLAIMED, Claim(run_id, subscription_id, 1, worker, starts_at, ends_at)


async def _retake(
    db: Database,
    *,
    subscription_id: int,
    starts_at: datetime,
    worker: str,
    now: datetime,
    lease: timedelta,
    max_attempts: int,
) -> tuple[Outcome, Claim | None]:
    held = await run_for(db, subscription_id=subscription_id, period_start=starts_at)
    if held is None:
        return Outcome.GONE, None  # the insert failed because the subscription was removed
    if held.status == SENT:
        return Outcome.SENT, None
    if held.attempts >= max_attempts:
        return Outcome.GAVE_UP, None
    if held.lease_until >= now:
        return Outcome.BUSY, None
    async with db.transaction() as session:
        result = await session.execute(
            update(models.DigestRun)
            .where(
                models.DigestRun.id == held.id,
                models.DigestRun.status != SENT,
                models.DigestRun.lease_until < now,
                models.DigestRun.attempts == held.attempts,
            )
            .values(
                status=CLAIMED,
                claimed_by=worker,
                claimed_at=now,
                lease_until=now + lease,
                attempts=held.attempts + 1,
            )
        )
        won = result.rowcount == 1  # type: ignore[attr-defined]
    if not won:
        return Outcome.BUSY, None  # another worker retook it a moment ago
    attempt = held.attempts + 1
    return Outcome.CLAIMED, Claim(
        held.id, subscription_id, attempt, worker, held.period_start, held.period_end
    )


def _ours(held: Claim) -> Any:
    run = models.DigestRun
    return (
        (run.id == held.run_id)
        & (run.claimed_by == held.worker)
        & (run.attempts == held.attempt)
        & (run.status == CLAIMED)
    )


async def renew(db: Database, held: Claim, *, until: datetime) -> bool:
    """Keep the lease while still sending. False: the claim is no longer ours."""
    async with db.transaction() as session:
        result = await session.execute(
            update(models.DigestRun).where(_ours(held)).values(lease_until=until.astimezone(UTC))
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def mark_sent(db: Database, held: Claim, *, now: datetime, message_id: str) -> bool:
    async with db.transaction() as session:
        result = await session.execute(
            update(models.DigestRun)
            .where(_ours(held))
            .values(status=SENT, sent_at=now.astimezone(UTC), error="")
        )
        ours = bool(result.rowcount == 1)  # type: ignore[attr-defined]
        await write_audit(
            session,
            actor=f"system:{held.worker}",
            action="digest.sent",
            target=str(held.subscription_id),
            detail={
                "run": held.run_id,
                "attempt": held.attempt,
                "period_start": held.period_start.isoformat(),
                "message_id": message_id,
                "claim_held": ours,
            },
        )
    return ours


async def mark_failed(
    db: Database,
    held: Claim,
    *,
    now: datetime,
    reason: str,
    retry_at: datetime | None,
    pause: bool,
) -> bool:
    """Record a failed send: retried after `retry_at`, or never (the subscription paused)."""
    now = now.astimezone(UTC)
    async with db.transaction() as session:
        result = await session.execute(
            update(models.DigestRun)
            .where(_ours(held))
            .values(
                status=FAILED,
                error=reason[:2000],
                lease_until=(retry_at or now).astimezone(UTC),
            )
        )
        ours = bool(result.rowcount == 1)  # type: ignore[attr-defined]
        if pause:
            await session.execute(
                update(models.DigestSubscription)
                .where(models.DigestSubscription.id == held.subscription_id)
                .values(paused_at=now, paused_reason=reason[:2000])
            )
        await write_audit(
            session,
            actor=f"system:{held.worker}",
            action="digest.paused" if pause else "digest.failed",
            target=str(held.subscription_id),
            detail={"run": held.run_id, "attempt": held.attempt, "reason": reason[:500]},
        )
    return ours


async def run_for(db: Database, *, subscription_id: int, period_start: datetime) -> Run | None:
    async with db.transaction() as session:
        row = await session.scalar(
            select(models.DigestRun).where(
                models.DigestRun.subscription_id == subscription_id,
                models.DigestRun.period_start == period_start.astimezone(UTC),
            )
        )
        return _run(row) if row else None


async def runs_of(db: Database, *, subscription_id: int | None = None) -> list[Run]:
    query = select(models.DigestRun).order_by(models.DigestRun.id)
    if subscription_id is not None:
        query = query.where(models.DigestRun.subscription_id == subscription_id)
    async with db.transaction() as session:
        return [_run(r) for r in (await session.scalars(query)).all()]


async def settled_runs(
    db: Database, *, keys: list[tuple[int, datetime]]
) -> set[tuple[int, datetime]]:
    """Of these (subscription, period start) pairs, those already sent: one query a tick."""
    if not keys:
        return set()
    ids = {k for k, _ in keys}
    earliest = min(start for _, start in keys).astimezone(UTC)
    async with db.transaction() as session:
        rows = (
            await session.execute(
                select(models.DigestRun.subscription_id, models.DigestRun.period_start).where(
                    models.DigestRun.subscription_id.in_(ids),
                    models.DigestRun.period_start >= earliest,
                    models.DigestRun.status == SENT,
                )
            )
        ).all()
    return {(sid, _utc(start)) for sid, start in rows}
