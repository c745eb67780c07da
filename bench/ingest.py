"""Slack `/ward log` over real HTTP: wardbot against a bare bolt app that only acks.

    python -m bench.ingest [--seconds 10] [--concurrency 1,20,100] [--targets bare,sqlite,postgres]

Signed slash-command requests go over loopback to (a) bench.bare_app, (b) `wardbot serve`
on SQLite and (c) on PostgreSQL (a throwaway server this command starts itself, or
--postgres-url). Each level runs for a fixed time with that many connections, each
sending its next request when the last is answered; the time is split into --rounds turns
and the targets take turns, so a noisy neighbour on a shared machine slows them alike. Reported: requests/s, ack latency
p50/p95/p99, the ratio to the bare app at the same level, and afterwards the updates
in the database beside the number acknowledged as logged — they must be equal.
A local stand-in plays the Slack Web API (users.info, auth.test).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bench.report import emit, machine, percentiles
from storage.db import open_database
from storage.updates import count_updates
from tests.support.processes import Served, free_port, start_process, start_wardbot
from tests.support.slack_api import SlackApi
from tests.support.slack_requests import SignedSlack
from tests.support.throwaway_pg import ThrowawayPostgres

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
USERS = [f"UB{i:03d}" for i in range(50)]
WARDS = ["Sitwell", "Hoober", "Wath", "Boston Castle", "Rotherham East", "Keppel", "Dinnington"]


@dataclass
class Level:
    concurrency: int
    seconds: float = 0.0
    sent: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    logged: int = 0  # 200 with "Logged for ..." in the ack
    failures: int = 0  # connection errors and timeouts
    latencies_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "concurrency": self.concurrency,
            "seconds": round(self.seconds, 2),
            "requests": self.sent,
            "requests_per_s": round(self.sent / self.seconds, 1) if self.seconds else 0,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "logged": self.logged,
            "failures": self.failures,
            "ack_ms": percentiles(self.latencies_ms),
        }


async def load(url: str, *, concurrency: int, seconds: float, max_requests: int = 200_000) -> Level:
    """`concurrency` connections, each sending its next request when the last is answered."""
    level = Level(concurrency)
    numbers = itertools.count()
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=15)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        slack = SignedSlack(url + "/slack/events", SECRET, session)
        started = time.perf_counter()
        deadline = started + seconds

        async def worker() -> None:
            while time.perf_counter() < deadline:
                n = next(numbers)
                if n >= max_requests:
                    return
                text = f"log {WARDS[n % len(WARDS)]}: litter pick no. {n}, {n % 30 + 2} volunteers"
                sent = time.perf_counter()
                try:
                    answer = await slack.command(text, user=USERS[n % len(USERS)], channel="CB")
                except (aiohttp.ClientError, TimeoutError):
                    level.failures += 1
                    continue
                finally:
                    level.sent += 1
                level.latencies_ms.append((time.perf_counter() - sent) * 1000)
                level.statuses[answer.status] += 1
                if answer.status == 200 and "Logged for" in answer.text:
                    level.logged += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        level.seconds = time.perf_counter() - started
    return level


def _merge(parts: list[Level]) -> Level:
    merged = Level(parts[0].concurrency)
    for part in parts:
        merged.seconds += part.seconds
        merged.sent += part.sent
        merged.statuses.update(part.statuses)
        merged.logged += part.logged
        merged.failures += part.failures
        merged.latencies_ms += part.latencies_ms
    return merged


async def _stored(database_url: str) -> int:
    db = open_database(database_url)
    try:
        return await count_updates(db, include_deleted=True)
    finally:
        await db.dispose()


async def run(opts: argparse.Namespace) -> dict[str, Any]:
    """Every target is started first; then each level runs in `rounds` short turns, the
    targets taking turns, so a busy moment on a shared machine falls on all of them alike."""
    levels = [int(c) for c in opts.concurrency.split(",")]
    names = opts.targets.split(",")
    folder = Path(tempfile.mkdtemp(prefix="wardbot-ingest-"))
    result: dict[str, Any] = {
        "bench": "ingest",
        "seconds_per_level": opts.seconds,
        "rounds": opts.rounds,
        "targets": {},
    }
    served: dict[str, Served] = {}
    databases: dict[str, str] = {}
    pg: ThrowawayPostgres | None = None
    async with SlackApi() as api:
        for user in USERS:
            api.add_user(user, f"Officer {user}")
        slack = {
            "slack_bot_token": TOKEN,
            "slack_signing_secret": SECRET,
            "slack_api_url": api.base_url,
        }
        try:
            for target in names:
                if target == "bare":
                    port = free_port()
                    env = {k.upper(): v for k, v in slack.items()} | {"PORT": str(port)}
                    served[target] = await start_process(
                        ["-m", "bench.bare_app"], env=env, port=port, log_path=folder / "bare.log"
                    )
                    continue
                if target == "sqlite":
                    databases[target] = f"sqlite+aiosqlite:///{folder / 'ingest.db'}"
                elif opts.postgres_url:
                    databases[target] = opts.postgres_url
                else:
                    pg = ThrowawayPostgres().init()
                    pg.start()
                    databases[target] = pg.url
                served[target] = await start_wardbot(
                    database_url=databases[target], folder=folder, **slack
                )
            idle = {name: s.rss_mib() for name, s in served.items()}
            acked = dict.fromkeys(names, 0)
            for name, s in served.items():  # imports, caches, pools
                acked[name] += (await load(s.url, concurrency=4, seconds=1.0)).logged
            measured: dict[str, list[Level]] = {name: [] for name in names}
            for concurrency in levels:
                turns: dict[str, list[Level]] = {name: [] for name in names}
                for _ in range(opts.rounds):
                    for name in names:
                        turns[name].append(
                            await load(
                                served[name].url,
                                concurrency=concurrency,
                                seconds=opts.seconds / opts.rounds,
                            )
                        )
                for name in names:
                    measured[name].append(_merge(turns[name]))
            await asyncio.sleep(0.5)  # replies still going out after their acks
            for name in names:
                entry: dict[str, Any] = {
                    "levels": [m.summary() for m in measured[name]],
                    "rss_mib": {
                        "idle": round(idle[name], 1),
                        "after": round(served[name].rss_mib(), 1),
                    },
                }
                if name in databases:
                    logged = acked[name] + sum(m.logged for m in measured[name])
                    stored = await _stored(databases[name])
                    entry["acked_as_logged"] = logged
                    entry["stored"] = stored
                    entry["acked_but_missing"] = max(0, logged - stored)
                result["targets"][name] = entry
        finally:
            for s in served.values():
                s.stop()
            if pg is not None:
                pg.close()
    bare = result["targets"].get("bare")
    for name, entry in result["targets"].items():
        if name == "bare" or bare is None:
            continue
        entry["ratio_to_bare"] = {
            str(mine["concurrency"]): round(mine["requests_per_s"] / base["requests_per_s"], 2)
            for mine, base in zip(entry["levels"], bare["levels"], strict=True)
            if base["requests_per_s"]
        }
    return result


def summary(result: dict[str, Any]) -> list[str]:
    lines = ["ingest: signed /ward log over loopback HTTP"]
    for name, entry in result["targets"].items():
        lines.append(
            f"  {name} (RSS idle {entry['rss_mib']['idle']} MiB, after {entry['rss_mib']['after']} MiB)"
        )
        for level in entry["levels"]:
            ack = level["ack_ms"]
            ratio = entry.get("ratio_to_bare", {}).get(str(level["concurrency"]))
            lines.append(
                f"    {level['concurrency']:>3} conn: {level['requests_per_s']:>7.1f} req/s  "
                f"p50 {ack['p50']:>6.1f}  p95 {ack['p95']:>6.1f}  p99 {ack['p99']:>6.1f} ms"
                + (f"  x{ratio} of bare" if ratio is not None else "")
                + f"  {level['statuses']}"
            )
        if "stored" in entry:
            lines.append(
                f"    acked as logged {entry['acked_as_logged']}, stored {entry['stored']}, "
                f"acked but missing {entry['acked_but_missing']}"
            )
    return lines


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--seconds", type=float, default=10.0)
    args.add_argument("--concurrency", default="1,20,100")
    args.add_argument("--targets", default="bare,sqlite,postgres")
    args.add_argument("--postgres-url", help="an empty database; default: a throwaway server")
    args.add_argument("--rounds", type=int, default=5, help="turns per level, targets alternating")
    opts = args.parse_args()
    result = asyncio.run(run(opts))
    emit({**result, "machine": machine()}, summary(result))


if __name__ == "__main__":
    main()
