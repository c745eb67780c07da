"""The digest clock: one APScheduler job that asks, every minute, what digests are due.

Every replica runs the same tick; the claim in the database decides who sends. The first
tick runs at start, so a digest that fell due while the service was down goes out then.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from handlers.chat.context import Context
from handlers.chat.ports import Sender
from handlers.digests.delivery import DeliveryPolicy, DeliveryReport, deliver_due
from storage.gdpr import purge_expired

log = logging.getLogger(__name__)


def worker_name() -> str:
    """Who holds a claim, for the digest_run table and the logs."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class DigestScheduler:
    def __init__(
        self,
        *,
        ctx: Context,
        senders: Mapping[str, Sender],
        policy: DeliveryPolicy,
        every: timedelta = timedelta(seconds=60),
        retention_days: int | None = None,
    ) -> None:
        self.ctx = ctx
        self.senders = senders
        self.policy = policy
        self.every = every
        self.retention_days = retention_days
        self.worker = worker_name()
        self._scheduler = AsyncIOScheduler(timezone=ctx.timezone)
        self._running: asyncio.Task[object] | None = None
        self._ticks = 0

    def start(self) -> None:
        self._scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=self.every.total_seconds(), timezone=self.ctx.timezone),
            id="digests",
            next_run_time=datetime.now(self.ctx.timezone),  # catch up at once
            max_instances=1,
            coalesce=True,
        )
        if self.retention_days is not None:
            # Every replica may purge: deleting what is already gone is harmless.
            self._scheduler.add_job(
                self.purge,
                CronTrigger(hour=3, minute=30, timezone=self.ctx.timezone),
                id="retention-purge",
                max_instances=1,
                coalesce=True,
            )
        self._scheduler.start()
        log.info("digest scheduler started (%s)", self.worker)

    async def purge(self) -> None:
        assert self.retention_days is not None
        try:
            done = await purge_expired(self.ctx.db, retention_days=self.retention_days)
        except Exception:
            log.exception("the retention purge failed; it runs again tomorrow")
            return
        log.info("retention purge: %s", done)

    async def tick(self) -> DeliveryReport | None:
        self._running = asyncio.current_task()
        try:
            report = await deliver_due(
                self.ctx,
                self.senders,
                at=datetime.now(UTC),
                worker=self.worker,
                policy=self.policy,
            )
        except Exception:
            log.exception("the digest tick failed; the next one will try again")
            return None
        finally:
            self._running = None
            self._ticks += 1
        if self._ticks == 1:
            log.info("catch-up at start: %s", report.summary())
        elif report.sent or report.failed or report.paused:
            log.info(report.summary())
        return report

    async def stop(self, *, grace: float = 30.0) -> None:
        """Stop ticking; let a digest being sent finish (its lease covers it if it can't)."""
        self._scheduler.shutdown(wait=False)
        running = self._running
        if running is not None and not running.done():
            try:
                await asyncio.wait_for(asyncio.shield(running), timeout=grace)
            except (TimeoutError, asyncio.CancelledError):
                log.warning("stopped while a digest was being sent; its lease will expire")
