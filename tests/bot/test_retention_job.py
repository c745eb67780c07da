"""The daily retention purge that `wardbot serve` schedules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.scheduler import DigestScheduler
from handlers.chat.context import Context
from handlers.digests.delivery import DeliveryPolicy
from handlers.domain import NewUpdate
from storage import held
from storage.audit import recent_audit
from storage.charts import chart_png, keep_chart
from storage.updates import count_updates, list_updates, record_update
from tests.support.chat import ChatDriver


async def test_the_daily_job_deletes_only_what_is_past_retention(ctx: Context) -> None:
    today = date.today()
    for key, when in (("old", today - timedelta(days=400)), ("new", today - timedelta(days=10))):
        await record_update(
            ctx.db,
            NewUpdate(
                ward_slug="wath",
                text=f"{key} gala",
                platform="console",
                source_message_id=key,
                occurred_on=when,
                author_key="console:jo",
            ),
        )
    scheduler = DigestScheduler(ctx=ctx, senders={}, policy=DeliveryPolicy(), retention_days=365)
    await scheduler.purge()
    assert await count_updates(ctx.db, include_deleted=True) == 1
    [kept] = await list_updates(ctx.db, ward_slug="wath")
    assert kept.text == "new gala"


async def test_the_daily_job_deletes_held_posts_past_their_week(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = ChatDriver(ctx)
    monkeypatch.setattr(held, "KEPT_FOR", timedelta(0))  # this one is past its week at once
    stale = await chat.say("log litter pick in Wickersley today")
    monkeypatch.undo()
    fresh = await chat.say("log litter pick in Wickersley today")
    scheduler = DigestScheduler(ctx=ctx, senders={}, policy=DeliveryPolicy(), retention_days=365)
    await scheduler.purge()
    [entry, *_] = await recent_audit(ctx.db, action="retention.purge")
    assert entry.detail["held_posts"] == 1
    for reply, kept in ((stale, False), (fresh, True)):
        assert reply.card is not None
        button = reply.card.buttons[0]
        pressed = await chat.press(button.action, button.value)
        assert pressed.ok is kept, pressed.text
    assert await count_updates(ctx.db) == 1


async def test_the_daily_job_deletes_charts_past_their_expiry(ctx: Context) -> None:
    now = datetime.now(UTC)
    stale = await keep_chart(
        ctx.db, png=b"old", kept_for=timedelta(days=1), now=now - timedelta(days=2)
    )
    fresh = await keep_chart(ctx.db, png=b"new", kept_for=timedelta(days=1))
    scheduler = DigestScheduler(ctx=ctx, senders={}, policy=DeliveryPolicy(), retention_days=365)
    await scheduler.purge()
    [entry, *_] = await recent_audit(ctx.db, action="retention.purge")
    assert entry.detail["charts"] == 1
    yesterday = now - timedelta(days=1, hours=12)  # when the stale one was still live
    assert await chart_png(ctx.db, stale, now=yesterday) is None
    assert await chart_png(ctx.db, fresh) == b"new"
