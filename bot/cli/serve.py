"""`wardbot serve` and `wardbot chat`: wardbot running, over HTTP or in this terminal."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import signal
from pathlib import Path

from aiohttp import web

from bot.app import create_web_app, services
from bot.config import Settings
from bot.scheduler import DigestScheduler
from handlers.chat import stages

log = logging.getLogger("wardbot")
YOUNG = 10_000  # the garbage collector's first threshold while serving (Python's is 700)


async def serve(settings: Settings, args: argparse.Namespace) -> int:
    async with services(settings) as svc:
        app = create_web_app(svc)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, settings.host, settings.port)
        await site.start()
        log.info("wardbot listening on http://%s:%d", settings.host, settings.port)
        digests = DigestScheduler(
            ctx=svc.ctx,
            senders=svc.senders,
            policy=svc.digest_policy,
            retention_days=settings.retention_days,
        )
        digests.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        timings = _stage_timings(settings.stage_timings, loop)
        freeze_startup_heap()
        await stop.wait()
        log.info("wardbot stopping")
        await digests.stop()
        await runner.cleanup()
        if timings is not None:
            timings.cancel()
            _write_stage_timings(settings.stage_timings)
    return 0


def freeze_startup_heap() -> None:
    """Take what start-up built out of the garbage collector's view.

    Modules, the plan, the gazetteer and SQLAlchemy's tables live as long as the process,
    yet every full collection walked them all: ~150,000 objects, a 200-280 ms pause every
    few seconds under load that stalled every request in flight (bench.ingest's `gc2`
    stage). Frozen, a full collection walks only what requests leave behind.
    """
    gc.collect()
    gc.freeze()
    # A young-generation collection every 700 net allocations walked the objects of the
    # requests in flight every ~11 requests, and found next to nothing: a `/ward log` leaves
    # no cyclic garbage (0.5 objects a request, closed sockets). At YOUNG, in-process at 20
    # requests at once: 0-1 young collections in 2,000 requests, against 186 (gen 1 and 2
    # keep Python's thresholds).
    gc.set_threshold(YOUNG, *gc.get_threshold()[1:])


def _stage_timings(path: Path | None, loop: asyncio.AbstractEventLoop) -> asyncio.Task[None] | None:
    """STAGE_TIMINGS: keep per-stage timings, written to the file on SIGUSR1 (and at stop)."""
    if path is None:
        return None
    stages.enable()
    loop.add_signal_handler(signal.SIGUSR1, _write_stage_timings, path)
    log.info("stage timings are on: SIGUSR1 appends them to %s", path)
    return asyncio.create_task(stages.watch_loop())


def _write_stage_timings(path: Path | None) -> None:
    if path is not None:
        with path.open("a") as out:
            out.write(json.dumps(stages.report()) + "\n")


async def chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.console.inbound import chat as console_chat

    async with services(settings) as svc:
        await console_chat(svc.ctx)
    return 0
