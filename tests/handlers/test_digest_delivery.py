"""Due digests go out exactly once: concurrent senders, downtime, leases, failures, DST."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.chat.context import Context
from handlers.digests.delivery import Clock, DeliveryPolicy, deliver_due
from handlers.digests.schedules import PRESETS
from storage import digests as store
from storage.audit import recent_audit
from storage.db import open_database
from tests.support.senders import RecordingSender

LONDON = ZoneInfo("Europe/London")


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


MADE = datetime(2026, 10, 1, tzinfo=UTC)


async def subscribe(
    ctx: Context,
    target: str,
    *,
    cron: str = PRESETS["weekly"],
    ward: str | None = None,
    made: datetime = MADE,
    platform: str = "slack",
) -> store.Subscription:
    subscription, _ = await store.subscribe(
        ctx.db,
        platform=platform,
        target=target,
        ward_slug=ward,
        cron=cron,
        timezone="Europe/London",
        actor=f"{platform}:UADMIN",
        now=made,
    )
    return subscription


def fixed(moment: datetime) -> Clock:
    return lambda: moment


async def test_two_senders_at_once_send_each_due_digest_once(
    ctx: Context, database_url: str
) -> None:
    targets = [f"C{n}" for n in range(6)]
    for target in targets:
        await subscribe(ctx, target)
    await subscribe(ctx, "CWARD", ward="sitwell")
    at = utc(2026, 10, 12, 9, 5)
    # Two processes' worth: separate engines and connection pools on one database.
    other_db = open_database(database_url)
    try:
        other = Context(
            db=other_db, plan=ctx.plan, understanding=ctx.understanding, timezone=LONDON
        )
        first, second = RecordingSender(), RecordingSender()
        reports = await asyncio.gather(
            deliver_due(ctx, {"slack": first}, at=at, worker="a"),
            deliver_due(other, {"slack": second}, at=at, worker="b"),
        )
    finally:
        await other_db.dispose()
    sent = first.targets() + second.targets()
    assert sorted(sent) == sorted([*targets, "CWARD"])
    assert sum(len(r.sent) for r in reports) == 7
    runs = await store.runs_of(ctx.db)
    assert (
        len(runs) == 7
        and {r.status for r in runs} == {"sent"}
        and {r.attempts for r in runs} == {1}
    )
    # Run again, any number of times: nothing more goes out.
    again = RecordingSender()
    report = await deliver_due(ctx, {"slack": again}, at=at + timedelta(hours=3), worker="c")
    assert again.sent == [] and len(report.already_sent) == 7


async def test_downtime_across_a_due_time_is_caught_up_once(ctx: Context) -> None:
    await subscribe(ctx, "CBOARD", made=utc(2026, 10, 1, 12))  # a Thursday
    sender = RecordingSender()
    senders = {"slack": sender}
    report = await deliver_due(ctx, senders, at=utc(2026, 10, 5, 7, 59), worker="a")
    assert sender.sent == [] and report.sent == []  # Monday 08:59 BST: not yet
    # Down from then until Wednesday afternoon: two Mondays passed (5th and 12th).
    await deliver_due(ctx, senders, at=utc(2026, 10, 14, 15), worker="a")
    await deliver_due(ctx, senders, at=utc(2026, 10, 14, 15, 1), worker="b")
    assert sender.targets() == ["CBOARD"]  # only the latest week is owed, once
    assert sender.sent[0].reply.text.startswith("Borough digest: Mon 05 Oct – Sun 11 Oct 2026")
    [run] = await store.runs_of(ctx.db)
    assert (run.period_start, run.period_end) == (utc(2026, 10, 5, 8), utc(2026, 10, 12, 8))


async def test_a_new_subscription_waits_for_its_first_due_time(ctx: Context) -> None:
    await subscribe(ctx, "CNEW", made=utc(2026, 10, 14, 10))
    sender = RecordingSender()
    await deliver_due(ctx, {"slack": sender}, at=utc(2026, 10, 14, 11), worker="a")
    assert sender.sent == []
    await deliver_due(ctx, {"slack": sender}, at=utc(2026, 10, 19, 8), worker="a")
    assert sender.targets() == ["CNEW"]


async def test_a_claim_is_never_retaken_while_its_lease_runs(ctx: Context) -> None:
    subscription = await subscribe(ctx, "CLEASE")
    t0 = utc(2026, 10, 12, 8, 0, 30)
    lease = timedelta(minutes=10)
    # A sender that claimed and then died (no renewals, no result).
    outcome, held = await store.claim(
        ctx.db,
        subscription_id=subscription.id,
        starts_at=utc(2026, 10, 5, 8),
        ends_at=utc(2026, 10, 12, 8),
        worker="dead",
        now=t0,
        lease=lease,
        max_attempts=5,
    )
    assert outcome is store.Outcome.CLAIMED and held is not None
    sender = RecordingSender()
    policy = DeliveryPolicy(lease=lease)
    at = utc(2026, 10, 12, 9)
    report = await deliver_due(
        ctx,
        {"slack": sender},
        at=at,
        worker="b",
        policy=policy,
        clock=fixed(t0 + timedelta(minutes=9)),
    )
    assert sender.sent == [] and report.busy == [subscription.id]
    # Lease over: two retakers at once, one wins, it is sent once.
    later = fixed(t0 + timedelta(minutes=11))
    await asyncio.gather(
        deliver_due(ctx, {"slack": sender}, at=at, worker="c", policy=policy, clock=later),
        deliver_due(ctx, {"slack": sender}, at=at, worker="d", policy=policy, clock=later),
    )
    assert sender.targets() == ["CLEASE"]
    [run] = await store.runs_of(ctx.db)
    assert run.status == "sent" and run.attempts == 2 and run.claimed_by in ("c", "d")
    # The dead worker, were it to wake, can no longer mark anything.
    assert not await store.mark_sent(ctx.db, held, now=t0, message_id="late")


async def test_a_live_sender_keeps_its_claim_past_the_lease(ctx: Context) -> None:
    await subscribe(ctx, "CSLOW")
    policy = DeliveryPolicy(lease=timedelta(seconds=0.6))
    slow = RecordingSender(delay=1.5)
    other = RecordingSender()
    at = utc(2026, 10, 12, 9)

    async def later() -> None:
        await asyncio.sleep(1.0)  # past the first lease: only renewal keeps the claim
        report = await deliver_due(ctx, {"slack": other}, at=at, worker="b", policy=policy)
        assert report.busy

    await asyncio.gather(
        deliver_due(ctx, {"slack": slow}, at=at, worker="a", policy=policy), later()
    )
    assert slow.targets() == ["CSLOW"] and other.sent == []


async def test_a_removed_channel_pauses_its_subscription_and_others_go_on(ctx: Context) -> None:
    await subscribe(ctx, "C1")
    gone = await subscribe(ctx, "CGONE")
    await subscribe(ctx, "C3")
    sender = RecordingSender(gone={"CGONE"})
    at = utc(2026, 10, 12, 9)
    report = await deliver_due(ctx, {"slack": sender}, at=at, worker="a")
    assert report.paused == [(gone.id, "channel_not_found")]
    assert [t for t in sender.targets() if t.startswith("C")] == ["C1", "C3"]
    # The admin who set it up is told, directly.
    [notice] = [s for s in sender.sent if s.target == "UADMIN"]
    assert "paused" in notice.reply.text and "CGONE" in notice.reply.text
    paused = await store.get_subscription(ctx.db, subscription_id=gone.id)
    assert paused is not None and paused.paused_at is not None
    assert paused.paused_reason == "channel_not_found"
    runs = {r.subscription_id: r for r in await store.runs_of(ctx.db)}
    assert runs[gone.id].status == "failed" and runs[gone.id].error == "channel_not_found"
    [audit] = await recent_audit(ctx.db, action="digest.paused")
    assert audit.target == str(gone.id)
    # Paused: not tried again next week.
    sender.sent.clear()
    await deliver_due(ctx, {"slack": sender}, at=at + timedelta(days=7), worker="a")
    assert sorted(sender.targets()) == ["C1", "C3"]


async def test_a_transient_failure_is_retried_later_and_sent_once(ctx: Context) -> None:
    subscription = await subscribe(ctx, "CFLAKY")
    sender = RecordingSender(fail_next={"CFLAKY": 1})
    policy = DeliveryPolicy(retry_after=timedelta(minutes=5))
    at, t0 = utc(2026, 10, 12, 9), utc(2026, 10, 12, 9, 0, 10)
    report = await deliver_due(
        ctx, {"slack": sender}, at=at, worker="a", policy=policy, clock=fixed(t0)
    )
    assert report.failed and sender.sent == []
    [run] = await store.runs_of(ctx.db)
    assert (run.status, run.attempts) == ("failed", 1) and "ratelimited" in run.error
    soon = fixed(t0 + timedelta(minutes=1))
    report = await deliver_due(ctx, {"slack": sender}, at=at, worker="a", policy=policy, clock=soon)
    assert report.busy == [subscription.id] and sender.sent == []
    later = fixed(t0 + timedelta(minutes=6))
    await deliver_due(ctx, {"slack": sender}, at=at, worker="b", policy=policy, clock=later)
    await deliver_due(ctx, {"slack": sender}, at=at, worker="b", policy=policy, clock=later)
    assert sender.targets() == ["CFLAKY"]
    [run] = await store.runs_of(ctx.db)
    assert (run.status, run.attempts, run.error) == ("sent", 2, "")


async def test_a_platform_without_a_sender_waits_unclaimed(ctx: Context) -> None:
    await subscribe(ctx, "19:abc@thread.tacv2", platform="teams")
    report = await deliver_due(
        ctx, {"slack": RecordingSender()}, at=utc(2026, 10, 12, 9), worker="a"
    )
    assert len(report.no_sender) == 1
    assert await store.runs_of(ctx.db) == []  # still owed when Teams is configured


async def _tick_through(
    ctx: Context, sender: RecordingSender, start: datetime, end: datetime, step: timedelta
) -> list[datetime]:
    """Run the scheduler's tick at each step, as `wardbot serve` does; when did sends happen?"""
    when = []
    moment = start
    while moment <= end:
        before = len(sender.sent)
        await deliver_due(ctx, {"slack": sender}, at=moment, worker="tick", clock=fixed(moment))
        when += [moment] * (len(sender.sent) - before)
        moment += step
    return when


async def test_a_clock_change_week_fires_once_at_nine_local(ctx: Context) -> None:
    # Clocks go back on Sunday 25 October 2026: Monday 09:00 is 08:00 UTC, then 09:00 UTC.
    await subscribe(ctx, "CDST", made=utc(2026, 10, 15))
    sender = RecordingSender()
    sent = await _tick_through(
        ctx, sender, utc(2026, 10, 18), utc(2026, 10, 27), step=timedelta(hours=1)
    )
    assert sent == [utc(2026, 10, 19, 8), utc(2026, 10, 26, 9)]
    assert [s.astimezone(LONDON).hour for s in sent] == [9, 9]
    second = sender.sent[1].reply.text
    assert second.startswith("Borough digest: Mon 19 Oct – Sun 25 Oct 2026")


async def test_a_spring_clock_change_week_fires_once_at_nine_local(ctx: Context) -> None:
    # Clocks go forward on Sunday 28 March 2027.
    await subscribe(ctx, "CDST", made=utc(2027, 3, 18))
    sender = RecordingSender()
    sent = await _tick_through(
        ctx, sender, utc(2027, 3, 21), utc(2027, 3, 30), step=timedelta(hours=1)
    )
    assert sent == [utc(2027, 3, 22, 9), utc(2027, 3, 29, 8)]


async def test_the_repeated_autumn_hour_sends_a_daily_digest_once(ctx: Context) -> None:
    await subscribe(ctx, "CNIGHT", cron="30 1 * * *", made=utc(2026, 10, 24, 2))
    sender = RecordingSender()
    sent = await _tick_through(
        ctx, sender, utc(2026, 10, 24, 12), utc(2026, 10, 26, 3), step=timedelta(minutes=30)
    )
    assert sent == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]
