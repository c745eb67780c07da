"""Sending due digests, each (subscription, period) exactly once, however many senders run.

Any number of schedulers or `wardbot digest run` processes may call `deliver_due` at
the same moment: the run row is claimed before anything is built or sent, and a live
sender renews its lease so no one retakes a claim while it may still be sending.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tenacity import AsyncRetrying, stop_after_delay, wait_exponential

from handlers.chat.context import Context
from handlers.chat.messages import Reply, Visibility
from handlers.chat.ports import DeliveryError, Sender
from handlers.digests.build import build_digest, gather
from handlers.digests.periods import from_window
from handlers.digests.reply import digest_reply
from handlers.digests.schedules import Window, due_window
from storage import digests as store
from storage.digests import Claim, Outcome, Subscription

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class DeliveryPolicy:
    lease: timedelta = timedelta(minutes=10)  # longer than any send; renewed while sending
    max_attempts: int = 5
    retry_after: timedelta = timedelta(minutes=5)  # times the attempt number


@dataclass(slots=True)
class DeliveryReport:
    sent: list[int] = field(default_factory=list)  # subscription ids
    already_sent: list[int] = field(default_factory=list)
    busy: list[int] = field(default_factory=list)  # held elsewhere, or waiting to retry
    failed: list[tuple[int, str]] = field(default_factory=list)
    paused: list[tuple[int, str]] = field(default_factory=list)
    gave_up: list[int] = field(default_factory=list)
    no_sender: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # nothing logged, and told to say nothing

    def summary(self) -> str:
        parts = [
            f"{len(self.sent)} sent",
            f"{len(self.already_sent)} already sent",
            f"{len(self.busy)} being sent elsewhere or waiting to retry",
            f"{len(self.failed)} failed",
            f"{len(self.paused)} paused (channel gone)",
        ]
        if self.gave_up:
            parts.append(f"{len(self.gave_up)} given up after repeated failures")
        if self.no_sender:
            parts.append(f"{len(self.no_sender)} waiting for a platform that is not configured")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (nothing logged)")
        return "Digests due: " + ", ".join(parts) + "."


def due_now(subscription: Subscription, *, at: datetime) -> Window | None:
    """The period this subscription owes at `at`, if one has fallen due since it was made."""
    window = due_window(subscription.cron, subscription.timezone, at=at)
    if window is None or window.ends_at < subscription.created_at:
        return None
    return window


async def deliver_due(
    ctx: Context,
    senders: Mapping[str, Sender],
    *,
    at: datetime,
    worker: str,
    policy: DeliveryPolicy | None = None,
    clock: Clock = utc_now,
) -> DeliveryReport:
    """Send every digest due at `at` (the schedule's time) that no one has sent.

    `at` decides what is due; `clock` is the real time, for leases. A process down when a
    digest fell due sends it the next time this runs: only the latest period is owed.
    """
    policy = policy or DeliveryPolicy()
    report = DeliveryReport()
    due = [
        (s, w)
        for s in await store.list_subscriptions(ctx.db, active_only=True)
        if (w := due_now(s, at=at)) is not None
    ]
    settled = await store.settled_runs(ctx.db, keys=[(s.id, w.starts_at) for s, w in due])
    for subscription, window in due:
        if (subscription.id, window.starts_at) in settled:
            report.already_sent.append(subscription.id)
            continue
        sender = senders.get(subscription.platform)
        if sender is None:
            log.warning(
                "digest %d waits: no %s sender is configured",
                subscription.id,
                subscription.platform,
            )
            report.no_sender.append(subscription.id)
            continue
        outcome, held = await store.claim(
            ctx.db,
            subscription_id=subscription.id,
            starts_at=window.starts_at,
            ends_at=window.ends_at,
            worker=worker,
            now=clock(),
            lease=policy.lease,
            max_attempts=policy.max_attempts,
        )
        if outcome is Outcome.SENT:
            report.already_sent.append(subscription.id)
        elif outcome is Outcome.BUSY:
            report.busy.append(subscription.id)
        elif outcome is Outcome.GAVE_UP:
            report.gave_up.append(subscription.id)
        elif held is not None:
            await _send(
                ctx,
                senders,
                sender,
                subscription=subscription,
                window=window,
                held=held,
                policy=policy,
                clock=clock,
                report=report,
            )
    return report


async def _send(
    ctx: Context,
    senders: Mapping[str, Sender],
    sender: Sender,
    *,
    subscription: Subscription,
    window: Window,
    held: Claim,
    policy: DeliveryPolicy,
    clock: Clock,
    report: DeliveryReport,
) -> None:
    keeper = asyncio.create_task(_keep_lease(ctx, held, policy=policy, clock=clock))
    error: DeliveryError | None = None
    message_id = ""
    reply: Reply | None = None
    try:
        reply = await _build(ctx, subscription, window)
        if reply is not None:
            message_id = await sender.send(subscription.target, reply)
    except DeliveryError as exc:
        error = exc
    except Exception as exc:
        log.exception("digest %d could not be built or sent", subscription.id)
        error = DeliveryError(f"{type(exc).__name__}: {exc}")
    finally:
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper
    if error is not None:
        await _failed(
            ctx, senders, subscription, held, error, policy=policy, clock=clock, report=report
        )
        return
    if not await _recorded(
        lambda: store.mark_sent(ctx.db, held, now=clock(), message_id=message_id)
    ):
        log.error("digest %d was sent, but its claim had been retaken", subscription.id)
    if reply is None:  # settled, so it is not owed again: there was nothing to say
        log.info("digest %d skipped: nothing logged in the period", subscription.id)
        report.skipped.append(subscription.id)
        return
    log.info("digest %d sent to %s:%s", subscription.id, subscription.platform, subscription.target)
    report.sent.append(subscription.id)
    ctx.observer.digest_sent(True)


async def _recorded(write: Callable[[], Awaitable[bool]]) -> bool:
    """Record what happened, trying for a while: a sent digest left marked "claimed" would be
    sent again once its lease ran out."""
    async for attempt in AsyncRetrying(
        stop=stop_after_delay(60),
        wait=wait_exponential(multiplier=0.5, max=10),
        reraise=True,
    ):
        with attempt:
            return await write()
    raise AssertionError("unreachable")


async def _build(ctx: Context, subscription: Subscription, window: Window) -> Reply | None:
    """The digest owed, one line when the period was empty, or None: send nothing."""
    if subscription.ward_slug and ctx.plan.ward(subscription.ward_slug) is None:
        raise DeliveryError(
            f"the ward {subscription.ward_name or subscription.ward_slug} is not in the loaded plan",
            gone=True,
        )
    if subscription.area_slug and all(a.slug != subscription.area_slug for a in ctx.plan.areas):
        raise DeliveryError(
            f"the area {subscription.area_name or subscription.area_slug} is not in the loaded plan",
            gone=True,
        )
    period = from_window(window, ZoneInfo(subscription.timezone), cron=subscription.cron)
    digest = build_digest(
        await gather(
            ctx,
            period=period,
            ward_slug=subscription.ward_slug,
            area_slug=subscription.area_slug,
        )
    )
    if not digest.headline.updates.value and subscription.when_empty != "post":
        if subscription.when_empty == "skip":
            return None
        return Reply(
            text=f"{digest.title}: nothing was logged for {subscription.scope}. "
            "(`digest preview` shows the period so far.)"
        )
    return await asyncio.to_thread(digest_reply, digest)


async def _keep_lease(ctx: Context, held: Claim, *, policy: DeliveryPolicy, clock: Clock) -> None:
    """While this process lives and sends, no one else may think the claim abandoned."""
    every = policy.lease.total_seconds() / 3
    while True:
        await asyncio.sleep(every)
        try:
            if not await store.renew(ctx.db, held, until=clock() + policy.lease):
                log.error("lost the claim on digest run %d while sending", held.run_id)
                return
        except Exception:
            log.exception("could not renew the lease on digest run %d", held.run_id)


async def _failed(
    ctx: Context,
    senders: Mapping[str, Sender],
    subscription: Subscription,
    held: Claim,
    error: DeliveryError,
    *,
    policy: DeliveryPolicy,
    clock: Clock,
    report: DeliveryReport,
) -> None:
    now = clock()
    ctx.observer.digest_sent(False)
    if error.gone:
        await store.mark_failed(
            ctx.db, held, now=now, reason=error.reason, retry_at=None, pause=True
        )
        log.warning(
            "digest %d paused: cannot post to %s:%s (%s)",
            subscription.id,
            subscription.platform,
            subscription.target,
            error.reason,
        )
        report.paused.append((subscription.id, error.reason))
        await _tell_owner(senders, subscription, error.reason)
        return
    retry_at = now + policy.retry_after * held.attempt
    await _recorded(
        lambda: store.mark_failed(
            ctx.db, held, now=now, reason=error.reason, retry_at=retry_at, pause=False
        )
    )
    log.warning(
        "digest %d failed (attempt %d of %d): %s",
        subscription.id,
        held.attempt,
        policy.max_attempts,
        error.reason,
    )
    report.failed.append((subscription.id, error.reason))


async def _tell_owner(
    senders: Mapping[str, Sender], subscription: Subscription, reason: str
) -> None:
    """A short note to the admin who set the digest up, where their platform can reach them."""
    platform, _, user_id = subscription.created_by.partition(":")
    sender = senders.get(platform)
    if sender is None or not user_id:
        return
    notice = Reply(
        text=(
            f"I couldn't post the {subscription.scope} digest (subscription "
            f"{subscription.id}) to {subscription.platform} {subscription.target}: {reason}. "
            "I've paused it; nothing more will be sent there. To resume, add me back to the "
            "channel and type `digest subscribe` there again."
        ),
        visibility=Visibility.ASKER,
    )
    try:
        await sender.send(user_id, notice)
    except Exception:
        log.warning(
            "could not tell %s that digest %d is paused", subscription.created_by, subscription.id
        )
