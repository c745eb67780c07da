"""The documented scale path, measured: N `wardbot serve` replicas on one PostgreSQL.

    python -m bench.replicas [--replicas 2] [--seconds 15] [--concurrency 20] [--plain]

Each replica is its own process on its own port (no load balancer: each gets its share of
the connections from its own wrk, as a balancer spreading connections evenly would give).
The turns run at once; reported are the summed req/s, each replica's latencies, the CPU
per request of all replicas together and of the PostgreSQL server's processes, and acked
versus stored. `--plain` measures the plain bolt + SQLAlchemy app (bench/plain_app.py) the
same way, so that N of one are compared with N of the other: `bench.ingest` measures one
process of each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path
from typing import Any

from bench.ingest import (
    SECRET,
    TOKEN,
    USERS,
    Turn,
    _stored,
    ensure_wrk,
    load_average,
    measure,
    migrated,
)
from bench.report import emit, machine
from tests.support.processes import Served, free_port, start_process, start_wardbot
from tests.support.slack_api import SlackApi
from tests.support.throwaway_pg import ThrowawayPostgres


def _server_cpu_s(pg: ThrowawayPostgres) -> float:
    """CPU seconds used so far by the PostgreSQL server's processes (its postmaster's
    children): the part of each write that the replicas' CPU does not show. A backend that
    ends meanwhile (a pool's overflow connection) takes its CPU with it: a floor."""
    postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def _start(
    n: int, *, plain: bool, url: str, folder: Path, slack: dict[str, str]
) -> list[Served]:
    if not plain:
        await migrated(url, folder)
    served = []
    for _ in range(n):
        if plain:
            port = free_port()
            env = {k.upper(): v for k, v in slack.items()} | {
                "PORT": str(port),
                "DATABASE_URL": url,
            }
            served.append(
                await start_process(
                    ["-m", "bench.plain_app"],
                    env=env,
                    port=port,
                    log_path=folder / f"plain-{port}.log",
                )
            )
        else:
            served.append(await start_wardbot(database_url=url, folder=folder, **slack))
    return served


async def run(opts: argparse.Namespace) -> dict[str, Any]:
    wrk = ensure_wrk()
    folder = Path(tempfile.mkdtemp(prefix="wardbot-replicas-"))
    pg = ThrowawayPostgres().init()
    pg.start()
    served: list[Served] = []
    try:
        async with SlackApi() as api:
            for user in USERS:
                api.add_user(user, f"Officer {user}")
            slack = {
                "slack_bot_token": TOKEN,
                "slack_signing_secret": SECRET,
                "slack_api_url": api.base_url,
            }
            served = await _start(
                opts.replicas, plain=opts.plain, url=pg.url, folder=folder, slack=slack
            )
            share = [opts.concurrency // opts.replicas] * opts.replicas
            share[0] += opts.concurrency - sum(share)
            acked = 0

            async def turn(seconds: float) -> list[Turn]:
                return list(
                    await asyncio.gather(
                        *(
                            asyncio.to_thread(
                                measure,
                                wrk,
                                s,
                                concurrency=c,
                                seconds=seconds,
                                folder=_own(folder, i),
                                rate_hint=3000.0,
                            )
                            for i, (s, c) in enumerate(zip(served, share, strict=True))
                        )
                    )
                )

            acked += sum(t.logged for t in await turn(1))  # imports, caches, pools
            pg_cpu = _server_cpu_s(pg)
            load_before = load_average()
            turns = await turn(opts.seconds)
            pg_cpu = _server_cpu_s(pg) - pg_cpu
            acked += sum(t.logged for t in turns)
            await asyncio.sleep(0.5)  # replies still going out after their acks
            stored = await _stored("plain" if opts.plain else "postgres", pg.url)
    finally:
        for s in served:
            s.stop()
        pg.close()
    requests = sum(t.requests for t in turns)
    seconds = max(t.seconds for t in turns)
    return {
        "bench": "replicas",
        "target": "plain-postgres" if opts.plain else "postgres",
        "replicas": opts.replicas,
        "concurrency": opts.concurrency,
        "seconds": round(seconds, 2),
        "requests_per_s": round(requests / seconds, 1),
        "per_replica": [t.summary() for t in turns],
        "p99_ms_worst_replica": max(t.latency_ms.get("p99", 0.0) for t in turns),
        "max_ms": max(t.latency_ms.get("max", 0.0) for t in turns),
        "server_cpu_ms_per_request": round(
            sum(t.cpu_ms_per_request * t.requests for t in turns) / max(requests, 1), 3
        ),
        "postgres_cpu_ms_per_request": round(pg_cpu * 1000 / max(requests, 1), 3),
        "acked_as_logged": acked,
        "stored": stored,
        "acked_but_missing": max(0, acked - stored),
        "load_average": [load_before, load_average()],
    }


def _own(folder: Path, i: int) -> Path:
    """Each wrk its own bodies file."""
    own = folder / f"replica-{i}"
    own.mkdir(exist_ok=True)
    return own


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--replicas", type=int, default=2)
    args.add_argument("--seconds", type=float, default=15)
    args.add_argument("--concurrency", type=int, default=20, help="in all, shared out")
    args.add_argument("--plain", action="store_true", help="the plain app, not wardbot")
    opts = args.parse_args()
    result = asyncio.run(run(opts))
    lines = [
        f"{result['target']} x{result['replicas']}, {result['concurrency']} connections in all: "
        f"{result['requests_per_s']} req/s, worst replica p99 {result['p99_ms_worst_replica']} "
        f"ms, max {result['max_ms']} ms; CPU per request {result['server_cpu_ms_per_request']} "
        f"ms (replicas) + {result['postgres_cpu_ms_per_request']} ms (PostgreSQL); acked but "
        f"missing {result['acked_but_missing']} (load average {result['load_average']})"
    ]
    emit({**result, "machine": machine()}, lines)


if __name__ == "__main__":
    main()
