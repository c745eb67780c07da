"""Memory over a long steady load: `wardbot serve`'s RSS, a sample a minute.

    python -m bench.soak [--minutes 30] [--rate 100] [--database sqlite|postgres]

wrk (as in bench.ingest) sends unique signed `/ward log` slash commands over loopback
at about --rate requests a second (10 connections, each pausing between requests), a
minute at a time with bodies signed afresh each minute; after each minute the server's
resident memory is read from /proc. Bounded: it stops after --minutes. Reported: the
RSS curve, its growth from the first loaded minute to the last, the requests and the
updates stored against the acks.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path
from typing import Any

from bench.ingest import SECRET, TOKEN, USERS, _stored, ensure_wrk, measure, migrated
from bench.report import emit, machine
from tests.support.processes import start_wardbot
from tests.support.slack_api import SlackApi
from tests.support.throwaway_pg import ThrowawayPostgres

CONNECTIONS = 10


async def run(opts: argparse.Namespace) -> dict[str, Any]:
    wrk = ensure_wrk()
    folder = Path(tempfile.mkdtemp(prefix="wardbot-soak-"))
    pg: ThrowawayPostgres | None = None
    if opts.database == "postgres":
        pg = ThrowawayPostgres().init()
        pg.start()
        url = pg.url
    else:
        url = f"sqlite+aiosqlite:///{folder / 'soak.db'}"
    # ms between a connection's answer and its next request, for about --rate in all;
    # corrected each minute for the latency the last one saw
    interval = CONNECTIONS * 1000 / opts.rate
    pause = interval
    curve: list[dict[str, Any]] = []
    acked = requests = 0
    try:
        await migrated(url, folder)
        async with SlackApi() as api:
            for user in USERS:
                api.add_user(user, f"Officer {user}")
            served = await start_wardbot(
                database_url=url,
                folder=folder,
                slack_bot_token=TOKEN,
                slack_signing_secret=SECRET,
                slack_api_url=api.base_url,
            )
            try:
                curve.append({"minute": 0, "rss_mib": round(served.rss_mib(), 1)})
                for minute in range(1, opts.minutes + 1):
                    turn = await asyncio.to_thread(
                        measure,
                        wrk,
                        served,
                        concurrency=CONNECTIONS,
                        seconds=60,
                        folder=folder,
                        rate_hint=opts.rate,
                        delay_ms=pause,
                        least=0,
                    )
                    pause = max(0.0, interval - turn.latency_ms["mean"])
                    acked += turn.logged
                    requests += turn.requests
                    point = {
                        "minute": minute,
                        "rss_mib": round(served.rss_mib(), 1),
                        "requests_per_s": round(turn.requests / turn.seconds, 1),
                        "p99_ms": turn.latency_ms["p99"],
                        "max_ms": turn.latency_ms["max"],
                        "load_average": turn.load_average[1],
                    }
                    curve.append(point)
                    print(f"  {point}", flush=True)
            finally:
                served.stop()
        stored = await _stored("sqlite" if pg is None else "postgres", url)
    finally:
        if pg is not None:
            pg.close()
    loaded = [p["rss_mib"] for p in curve[1:]]
    return {
        "bench": "soak",
        "database": opts.database,
        "minutes": opts.minutes,
        "rate_asked": opts.rate,
        "requests": requests,
        "acked_as_logged": acked,
        "stored": stored,
        "acked_but_missing": max(0, acked - stored),
        "rss_curve": curve,
        "rss_growth_mib": round(loaded[-1] - loaded[0], 1) if loaded else 0.0,
    }


def summary(result: dict[str, Any]) -> list[str]:
    lines = [
        f"soak: {result['minutes']} min at ~{result['rate_asked']} req/s on {result['database']}",
        "  minute  RSS MiB  req/s   p99 ms   max ms  load",
    ]
    for p in result["rss_curve"]:
        lines.append(
            f"  {p['minute']:>6}  {p['rss_mib']:>7.1f}  {p.get('requests_per_s', 0):>5.1f}  "
            f"{p.get('p99_ms', 0):>7.1f}  {p.get('max_ms', 0):>7.1f}  {p.get('load_average', 0):.1f}"
        )
    lines.append(
        f"  RSS growth from minute 1 to the last: {result['rss_growth_mib']} MiB; "
        f"acked as logged {result['acked_as_logged']}, stored {result['stored']}, "
        f"acked but missing {result['acked_but_missing']}"
    )
    return lines


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--minutes", type=int, default=30)
    args.add_argument("--rate", type=float, default=100.0, help="requests a second, about")
    args.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    opts = args.parse_args()
    result = asyncio.run(run(opts))
    emit({**result, "machine": machine()}, summary(result))


if __name__ == "__main__":
    main()
