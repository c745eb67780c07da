"""Group commit: writes from concurrent requests share one transaction.

Each caller waits until the transaction holding its write is committed, so "committed
before acknowledged" holds per request; what is saved is the per-transaction cost (begin,
commit, the fsync, SQLite's one writer taking turns), which dominated logging one update.
A batch that fails is written again one by one, so one bad write fails only its own caller.

A run of batches (while writes keep arriving) holds one connection: checking one out of
the pool pings it first (pool_pre_ping, three round trips on PostgreSQL: BEGIN, the ping,
ROLLBACK), which had been a third of each batch's round trips.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MOST = 100  # writes in one transaction
# How long a run's connection waits for the next write once none waits: under steady load
# the requests just answered send their next within a few ms, and a new run would take
# (and ping) a connection again.
LINGER = 0.02

# (session, items) -> one result per item, in order; runs inside the transaction.
Write = Callable[[Any, Sequence[T]], Awaitable[list[R]]]
Transaction = Callable[[], AbstractAsyncContextManager[Any]]
# A connection held for a run of batches, giving transactions on it (Database.writer).
Run = Callable[[], AbstractAsyncContextManager[Transaction]]


class Batches(Generic[T, R]):
    def __init__(
        self, write: Write[T, R], *, alone: Callable[[Exception], bool], most: int = MOST
    ) -> None:
        self._write = write
        self._alone = alone  # does this failure deserve a second try, one write at a time?
        self._most = most
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._worker: asyncio.Task[None] | None = None
        self._arrived: asyncio.Event | None = None  # made by each worker, in its own loop
        self._closing = False

    async def submit(self, run: Run, transaction: Transaction, item: T) -> R:
        """Write `item` in the next transaction; return once that transaction is committed.

        `run` holds a connection while batches follow one another; `transaction` is a fresh
        one, for writing a failed batch's items again one by one."""
        done: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        self._closing = False
        if self._arrived is not None:
            self._arrived.set()
        if self._worker is None or self._worker.done():
            # Started on demand and ends when nothing waits: no task outlives the load.
            self._worker = asyncio.create_task(self._work(run, transaction))
        return await done

    async def _more(self) -> bool:
        """Is there a write to do, now or within LINGER?"""
        if not self._waiting and self._arrived is not None and not self._closing:
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), LINGER)
        return bool(self._waiting)

    async def close(self) -> None:
        """Wait no longer for more writes: the held connection goes back to the pool (before
        the engine is disposed, so no connection outlives it). Writes waiting are done."""
        self._closing = True
        if self._arrived is not None:
            self._arrived.set()
        if self._worker is not None and not self._worker.done():
            await self._worker

    def _next(self) -> list[tuple[T, asyncio.Future[R]]]:
        batch, self._waiting = self._waiting[: self._most], self._waiting[self._most :]
        return [(item, done) for item, done in batch if not done.cancelled()]

    async def _work(self, run: Run, transaction: Transaction) -> None:
        self._arrived = asyncio.Event()
        while self._waiting:
            failed: tuple[list[tuple[T, asyncio.Future[R]]], Exception] | None = None
            batch: list[tuple[T, asyncio.Future[R]]] = []
            held_one = False
            try:
                async with run() as held:
                    held_one = True
                    while failed is None and await self._more():
                        batch = self._next()
                        if not batch:
                            continue
                        try:
                            results = await self._commit(held, [item for item, _ in batch])
                        except Exception as exc:
                            failed = (batch, exc)  # its connection is given back first
                            continue
                        for (_, done), result in zip(batch, results, strict=True):
                            _resolve(done, result)
            except Exception as exc:
                if failed is None and not held_one:  # no connection: the next batch fails
                    failed = (self._next(), exc)
                elif failed is None:  # giving the connection back failed
                    unresolved = [(item, done) for item, done in batch if not done.done()]
                    failed = (unresolved, exc) if unresolved else None
            if failed is not None:
                await self._failed(transaction, *failed)

    async def _failed(
        self,
        transaction: Transaction,
        batch: list[tuple[T, asyncio.Future[R]]],
        exc: Exception,
    ) -> None:
        if len(batch) == 1 or not self._alone(exc):
            for _, done in batch:
                _fail(done, exc)
            return
        for item, done in batch:  # one at a time, each on its own: only the bad write fails
            try:
                _resolve(done, (await self._commit(transaction, [item]))[0])
            except Exception as single:
                _fail(done, single)

    async def _commit(self, transaction: Transaction, items: list[T]) -> list[R]:
        async with transaction() as session:
            return await self._write(session, items)


def _resolve(done: asyncio.Future[R], result: R) -> None:
    if not done.done():
        done.set_result(result)


def _fail(done: asyncio.Future[Any], exc: BaseException) -> None:
    if not done.done():
        done.set_exception(exc)
