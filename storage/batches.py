"""Group commit: writes from concurrent requests share one transaction.

Each caller waits until the transaction holding its write is committed, so "committed
before acknowledged" holds per request; what is saved is the per-transaction cost (begin,
commit, the fsync, SQLite's one writer taking turns), which dominated logging one update.
A batch that fails is written again one by one, so one bad write fails only its own caller.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MOST = 100  # writes in one transaction

# (session, items) -> one result per item, in order; runs inside the transaction.
Write = Callable[[Any, Sequence[T]], Awaitable[list[R]]]
Transaction = Callable[[], AbstractAsyncContextManager[Any]]


class Batches(Generic[T, R]):
    def __init__(
        self, write: Write[T, R], *, alone: Callable[[Exception], bool], most: int = MOST
    ) -> None:
        self._write = write
        self._alone = alone  # does this failure deserve a second try, one write at a time?
        self._most = most
        self._waiting: list[tuple[T, asyncio.Future[R]]] = []
        self._worker: asyncio.Task[None] | None = None

    async def submit(self, transaction: Transaction, item: T) -> R:
        """Write `item` in the next transaction; return once that transaction is committed."""
        done: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        if self._worker is None or self._worker.done():
            # Started on demand and ends when nothing waits: no task outlives the load.
            self._worker = asyncio.create_task(self._work(transaction))
        return await done

    async def _work(self, transaction: Transaction) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[: self._most], self._waiting[self._most :]
            batch = [(item, done) for item, done in batch if not done.cancelled()]
            if not batch:
                continue
            try:
                results = await self._commit(transaction, [item for item, _ in batch])
            except Exception as exc:
                if len(batch) == 1 or not self._alone(exc):
                    for _, done in batch:
                        _fail(done, exc)
                    continue
                for item, done in batch:  # one at a time: only the bad write fails
                    try:
                        _resolve(done, (await self._commit(transaction, [item]))[0])
                    except Exception as single:
                        _fail(done, single)
                continue
            for (_, done), result in zip(batch, results, strict=True):
                _resolve(done, result)

    async def _commit(self, transaction: Transaction, items: list[T]) -> list[R]:
        async with transaction() as session:
            return await self._write(session, items)


def _resolve(done: asyncio.Future[R], result: R) -> None:
    if not done.done():
        done.set_result(result)


def _fail(done: asyncio.Future[Any], exc: BaseException) -> None:
    if not done.done():
        done.set_exception(exc)
