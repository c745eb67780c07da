"""The event loop's CPU per signed `/ward log`, in one process: the figure to compare when
other work shares the machine.

    python -m bench.loop_cpu [--requests 2000] [--concurrency 20] [--rounds 5]

`wardbot serve`'s web app (bot.app, a new SQLite file, the bundled plan, a local stand-in
for the Slack Web API) on a loopback port, driven from the same event loop by
--concurrency keep-alive connections, each sending its next signed slash command
(`log WARD: litter pick no. N, M volunteers`, as bench.ingest sends) when the last is
answered. The heap is frozen and the collector set as `wardbot serve` sets them. Each
round reports the loop thread's CPU (time.thread_time) and the process's (aiosqlite's
thread too) per request, and the garbage collections in it; the client's share (a few
socket calls and a signature a request) is in both, and is the same before and after a
change. Unlike bench.ingest, no wrk or other process competes with the server for a core
within the measurement, so rounds vary less on a busy machine; the lowest and the median
round are reported.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import hmac
import itertools
import os
import statistics
import tempfile
import time
import urllib.parse
from typing import Any

from aiohttp import web

from bench.ingest import SECRET, USERS, WARDS, load_average
from bench.report import emit, machine
from bot.app import create_web_app, services
from bot.cli.serve import freeze_startup_heap
from bot.config import Settings
from tests.support.slack_api import APP_TEAM, SlackApi

_numbers = itertools.count(1)


def _request() -> bytes:
    n = next(_numbers)
    body = urllib.parse.urlencode(
        {
            "token": "legacy",
            "team_id": APP_TEAM,
            "channel_id": "CB",
            "user_id": USERS[n % len(USERS)],
            "command": "/ward",
            "text": f"log {WARDS[n % len(WARDS)]}: litter pick no. {n}, {n % 30 + 2} volunteers",
            "api_app_id": "A1",
            "response_url": "",
            "trigger_id": f"{os.getpid()}-{n}",
        }
    )
    stamp = str(int(time.time()))
    signature = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return (
        "POST /slack/events HTTP/1.1\r\nHost: bench\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"X-Slack-Request-Timestamp: {stamp}\r\nX-Slack-Signature: v0={signature.hexdigest()}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n{body}"
    ).encode()


async def _connection(port: int, requests: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for _ in range(requests):
        writer.write(_request())
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        answer = await reader.readexactly(length)
        if b"Logged" not in answer:
            raise RuntimeError(f"not logged: {answer[:300]!r}")
    writer.close()


async def run(*, requests: int, concurrency: int, rounds: int) -> dict[str, Any]:
    folder = tempfile.mkdtemp(prefix="wardbot-loop-cpu-")
    each = max(1, requests // concurrency)
    done = each * concurrency
    measured: list[dict[str, Any]] = []
    async with SlackApi() as api:
        for user in USERS:
            api.add_user(user, "Officer")
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            database_url=f"sqlite+aiosqlite:///{folder}/bench.db",
            slack_bot_token="xoxb-bench",
            slack_signing_secret=SECRET,
            slack_api_url=api.base_url,
        )
        async with services(settings) as svc:
            runner = web.AppRunner(create_web_app(svc), access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            await asyncio.gather(*(_connection(port, 10) for _ in range(concurrency)))  # warm
            freeze_startup_heap()
            for _ in range(rounds):
                collections = [s["collections"] for s in gc.get_stats()]
                cpu, loop = time.process_time(), time.thread_time()
                await asyncio.gather(*(_connection(port, each) for _ in range(concurrency)))
                cpu, loop = time.process_time() - cpu, time.thread_time() - loop
                measured.append(
                    {
                        "loop_ms_per_request": round(loop * 1000 / done, 3),
                        "process_ms_per_request": round(cpu * 1000 / done, 3),
                        "collections": [
                            s["collections"] - c
                            for s, c in zip(gc.get_stats(), collections, strict=True)
                        ],
                        "load_average": load_average(),
                    }
                )
            await runner.cleanup()
    loops = [m["loop_ms_per_request"] for m in measured]
    return {
        "bench": "loop_cpu",
        "requests_per_round": done,
        "concurrency": concurrency,
        "rounds": measured,
        "loop_ms_per_request": {"lowest": min(loops), "median": statistics.median(loops)},
        "machine": machine(),
    }


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--requests", type=int, default=2000, help="per round")
    args.add_argument("--concurrency", type=int, default=20)
    args.add_argument("--rounds", type=int, default=5)
    opts = args.parse_args()
    result = asyncio.run(
        run(requests=opts.requests, concurrency=opts.concurrency, rounds=opts.rounds)
    )
    loops = result["loop_ms_per_request"]
    emit(
        result,
        [
            f"loop_cpu: {r['loop_ms_per_request']:.3f} ms loop, {r['process_ms_per_request']:.3f}"
            f" ms process a request; collections {r['collections']}, load {r['load_average']}"
            for r in result["rounds"]
        ]
        + [f"loop CPU a request: lowest {loops['lowest']:.3f} ms, median {loops['median']:.3f} ms"],
    )


if __name__ == "__main__":
    main()
