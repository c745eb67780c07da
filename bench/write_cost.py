"""CPU time of logging an update, in process: what each `/ward log` costs behind HTTP.

    python -m bench.write_cost [--updates 3000] [--concurrency 20] [--postgres]

`/ward log WARD: ...` goes through `handlers.commands.router.handle` as a slash command
does (reading, the personal-data screen, the group-committed write), from --concurrency
tasks at once, so batches form as they do under load. Reported: this process's CPU per
update (every thread: aiosqlite runs SQLite in its own), wall time, and the SQL
statements and transactions per update. CPU, unlike latency, is little changed by other
work on a shared machine, so it is the figure to compare before and after a change.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.ingest import USERS, WARDS, load_average
from bench.report import emit, machine
from bot.app import services
from bot.config import Settings
from handlers.chat.messages import Actor, Incoming
from handlers.commands.router import handle
from tests.support.throwaway_pg import ThrowawayPostgres


def _count_round_trips(counted: dict[str, int]) -> None:
    """Count asyncpg's round trips to PostgreSQL: each call below waits for one answer
    (BEGIN, COMMIT and the pool's ping included, which SQLAlchemy's events do not see)."""
    import asyncpg
    from asyncpg.prepared_stmt import PreparedStatement

    def counting(owner: Any, name: str) -> None:
        original = getattr(owner, name)

        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted["round_trips"] += 1
            return await original(*args, **kwargs)

        setattr(owner, name, wrapper)

    for name in ("execute", "executemany", "fetch", "fetchrow", "fetchval", "prepare"):
        counting(asyncpg.Connection, name)
    counting(PreparedStatement, "fetch")


async def run(url: str, *, updates: int, concurrency: int) -> dict[str, Any]:
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    numbers = itertools.count(1)
    counted = {"statements": 0, "commits": 0, "round_trips": 0}
    postgres = url.startswith("postgresql")
    if postgres:
        _count_round_trips(counted)

    async def worker(n_updates: int) -> None:
        for _ in range(n_updates):
            n = next(numbers)
            actor = Actor(platform="slack", user_id=USERS[n % len(USERS)], name="Officer")
            text = f"log {WARDS[n % len(WARDS)]}: litter pick no. {n}, {n % 30 + 2} volunteers"
            reply = await handle(
                svc.ctx, Incoming(actor=actor, channel_id="CB", text=text, event_id=f"w{n}")
            )
            if not reply.ok:
                raise RuntimeError(f"{text!r}: {reply.text}")

    async with services(settings) as svc:
        engine = svc.db.engine.sync_engine

        def statement(*_: Any) -> None:
            counted["statements"] += 1

        def commit(*_: Any) -> None:
            counted["commits"] += 1

        await asyncio.gather(*(worker(5) for _ in range(concurrency)))  # warm caches
        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine, "commit", commit)
        counted["round_trips"] = 0
        cpu, wall = time.process_time(), time.perf_counter()
        share = updates // concurrency
        await asyncio.gather(*(worker(share) for _ in range(concurrency)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        done = share * concurrency
    return {
        "bench": "write_cost",
        "database": url.split(":", 1)[0],
        "updates": done,
        "concurrency": concurrency,
        "cpu_ms_per_update": round(cpu * 1000 / done, 3),
        "wall_s": round(wall, 2),
        "updates_per_s": round(done / wall, 1),
        "statements_per_update": round(counted["statements"] / done, 2),
        "transactions_per_update": round(counted["commits"] / done, 3),
        # PostgreSQL only: the answers one group-committed transaction waits for, in turn.
        "round_trips_per_transaction": (
            round(counted["round_trips"] / max(counted["commits"], 1), 2) if postgres else None
        ),
        "load_average": load_average(),
    }


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--updates", type=int, default=3000)
    args.add_argument("--concurrency", type=int, default=20)
    args.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL server")
    args.add_argument("--database-url", help="an empty database; default: a new SQLite file")
    opts = args.parse_args()
    url = opts.database_url or (
        f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='wardbot-write-')) / 'w.db'}"
    )
    pg = ThrowawayPostgres().init() if opts.postgres else None
    try:
        if pg is not None:
            pg.start()
            url = pg.url
        result = asyncio.run(run(url, updates=opts.updates, concurrency=opts.concurrency))
    finally:
        if pg is not None:
            pg.close()
    emit(
        {**result, "machine": machine()},
        [
            f"{result['database']}: {result['cpu_ms_per_update']} ms CPU per update, "
            f"{result['updates_per_s']} updates/s at {result['concurrency']} at once, "
            f"{result['statements_per_update']} statements and "
            f"{result['transactions_per_update']} transactions per update, "
            f"{result['round_trips_per_transaction']} round trips per transaction "
            f"(load average {result['load_average']})"
        ],
    )


if __name__ == "__main__":
    main()
