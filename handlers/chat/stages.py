"""Where the time of a request goes: wall time per stage, kept only when switched on.

Off (the default) `stage(name)` hands back one shared do-nothing context manager, so the
cost is a function call. On (the STAGE_TIMINGS setting; `bench.ingest` switches it on),
each stage's durations are kept in memory until `report()` takes them, along with the
interpreter's garbage-collection pauses and the event loop's lateness: the two things
that stall every request at once and that no single stage shows.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from contextlib import AbstractContextManager, nullcontext
from typing import Any

# Stages of a logged update, in the order they run; others are reported after them.
ORDER = ("request", "verify", "screen", "ward", "read", "priority", "write", "reply", "ack")
LAG_EVERY = 0.01  # seconds between two looks at the event loop's lateness
MOST = 500_000  # samples kept per stage between two reports

_samples: dict[str, list[float]] | None = None
_OFF: AbstractContextManager[None] = nullcontext()
_gc_started = 0.0


class _Timed:
    __slots__ = ("_kept", "_started")

    def __init__(self, kept: list[float]) -> None:
        self._kept = kept
        self._started = 0.0

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(self, *_: object) -> None:
        if len(self._kept) < MOST:
            self._kept.append(time.perf_counter() - self._started)


def stage(name: str) -> AbstractContextManager[None]:
    """`with stage("read"): ...` times the block when timings are on."""
    if _samples is None:
        return _OFF
    return _Timed(_samples.setdefault(name, []))


def record(name: str, seconds: float) -> None:
    if _samples is not None and len(kept := _samples.setdefault(name, [])) < MOST:
        kept.append(seconds)


def enabled() -> bool:
    return _samples is not None


def enable() -> None:
    """Start keeping timings, garbage-collection pauses included."""
    global _samples
    if _samples is None:
        _samples = {}
        gc.callbacks.append(_gc_pause)


def disable() -> None:
    global _samples
    _samples = None
    if _gc_pause in gc.callbacks:
        gc.callbacks.remove(_gc_pause)


def _gc_pause(phase: str, info: dict[str, Any]) -> None:
    global _gc_started
    if phase == "start":
        _gc_started = time.perf_counter()
    else:
        record(f"gc{info['generation']}", time.perf_counter() - _gc_started)


async def watch_loop() -> None:
    """Record how late the event loop wakes a sleeper (its lateness is every request's wait)."""
    while _samples is not None:
        asked = time.perf_counter()
        await asyncio.sleep(LAG_EVERY)
        record("loop_lag", time.perf_counter() - asked - LAG_EVERY)


def report() -> dict[str, Any]:
    """Each stage's count and p50/p90/p99/max/total in ms since the last report; then forget."""
    if _samples is None:
        return {}
    taken = {name: kept for name, kept in _samples.items() if kept}
    for name in taken:
        _samples[name] = []
    ordered = [n for n in ORDER if n in taken] + sorted(n for n in taken if n not in ORDER)
    return {
        "stages": {name: _summary(taken[name]) for name in ordered},
        # what a full collection walks, beside what start-up left frozen (bot.cli)
        "heap": {"tracked": len(gc.get_objects()), "frozen": gc.get_freeze_count()},
    }


def _summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    n = len(ordered)

    def rank(p: float) -> float:
        return ordered[min(n - 1, max(0, round(p / 100 * n) - 1))] * 1000

    return {
        "n": n,
        "p50": round(rank(50), 3),
        "p90": round(rank(90), 3),
        "p99": round(rank(99), 3),
        "max": round(ordered[-1] * 1000, 3),
        "mean": round(statistics.fmean(ordered) * 1000, 3),
        "total": round(sum(ordered) * 1000, 1),
    }
