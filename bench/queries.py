"""Ward queries (and the month and quarter digests) over a growing history.

    python -m bench.queries [--sizes 10000,100000,300000] [--database-url URL] [--wards N]

One database grows through the sizes; at each, chat commands go through
`handlers.commands.router.handle` exactly as a Slack or Teams message would, and the time
of each answer is recorded. `--wards 9000` loads an invented plan of that many wards
first (bench.data.synthetic_plan: a national roll-out) instead of the bundled one.
Targets (300k on both databases, 3M on PostgreSQL): every chat query p99 < 50 ms,
the month and quarter digests < 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.bulk_history import copy_history
from bench.data import SIZES, fill, synthetic_plan
from bench.report import emit, machine, percentiles
from bot.app import services
from bot.cli.serve import freeze_startup_heap
from bot.config import Settings
from handlers.chat.context import Context
from handlers.chat.messages import Actor, Incoming
from handlers.commands.router import handle
from handlers.digests.build import build_digest, gather
from handlers.digests.periods import parse_period
from handlers.digests.reply import digest_reply, digest_text
from storage.updates import count_updates
from tests.support.throwaway_pg import ThrowawayPostgres

ASKER = Actor(platform="slack", user_id="UBENCH", name="Bench Officer")


def _commands(ctx: Context, rng: random.Random) -> dict[str, Callable[[], str]]:
    wards = [w.name for w in ctx.plan.wards]
    themes = [t.key for t in ctx.plan.themes]
    return {
        "show WARD": lambda: f"show {rng.choice(wards)}",
        "show WARD #THEME": lambda: f"show {rng.choice(wards)} #{rng.choice(themes)}",
        "show WARD since DATE": lambda: f"show {rng.choice(wards)} since 1 March",
        "wards": lambda: "wards",
        "find WORD in WARD": lambda: f"find litter in {rng.choice(wards)}",
        "find WORD": lambda: "find speedwatch",
        "priorities WARD": lambda: f"priorities {rng.choice(wards)}",
        "coverage": lambda: "coverage",
        "review WARD": lambda: f"review {rng.choice(wards)}",
    }


_cpu_ms: list[float] = []  # CPU time of each answer timed, every thread of this process
_server: list[int] = []  # the PostgreSQL server's postmaster pid, when it runs here


def server_cpu_s() -> float:
    """CPU seconds used so far by the PostgreSQL server's processes (its postmaster's
    children), when it runs on this machine: the part of an answer's work this process's
    CPU time does not see. 0 without one."""
    if not _server:
        return 0.0
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == _server[0]:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def _time(ctx: Context, text: str) -> float:
    started, cpu = time.perf_counter(), time.process_time()
    reply = await handle(ctx, Incoming(actor=ASKER, channel_id="CBENCH", text=text))
    elapsed = (time.perf_counter() - started) * 1000
    _cpu_ms.append((time.process_time() - cpu) * 1000)
    if not reply.ok:
        raise RuntimeError(f"{text!r} was refused: {reply.text}")
    return elapsed


def _with_cpu(wall: list[float]) -> dict[str, float]:
    """Wall-time percentiles, and this process's CPU per answer (p50, p99): on a shared
    machine the wall time is mostly waiting for a core, the CPU time is not."""
    cpu = percentiles(_cpu_ms[-len(wall) :])
    return percentiles(wall) | {"cpu_p50": cpu["p50"], "cpu_p99": cpu["p99"]}


async def measure(ctx: Context, *, repeats: int, seed: int = 1) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    out: dict[str, dict[str, float]] = {}
    for name, make in _commands(ctx, rng).items():
        n = repeats if name.startswith("show") else max(50, repeats // 4)
        for _ in range(5):  # warm the caches the way a running server has them warm
            await _time(ctx, make())
        server = server_cpu_s()
        out[name] = _with_cpu([await _time(ctx, make()) for _ in range(n)])
        if _server:
            out[name]["db_cpu_mean"] = round((server_cpu_s() - server) * 1000 / n, 2)
        _said(name, out[name])
    return out


def _said(name: str, p: dict[str, float]) -> None:
    """Each figure as it is taken: a long run stopped early keeps what it measured."""
    print(
        f"  {name:<28} p50 {p['p50']:>7.1f}  p99 {p['p99']:>7.1f}  max {p['max']:>7.1f}"
        f"  (CPU p50 {p.get('cpu_p50', 0):>6.1f}  p99 {p.get('cpu_p99', 0):>6.1f})"
        + (f"  database CPU mean {p['db_cpu_mean']:>6.1f}" if "db_cpu_mean" in p else ""),
        flush=True,
    )


async def digest_build_ms(ctx: Context) -> dict[str, dict[str, float]]:
    """The month's and the quarter's Board digest for the whole borough: read and build it
    (text), then with the chart."""
    out = {}
    today = ctx.today()
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    last_quarter = (quarter_start - timedelta(days=1)).replace(day=1)
    last_quarter = last_quarter.replace(month=(last_quarter.month - 1) // 3 * 3 + 1)
    quarter = f"{last_quarter}..{quarter_start - timedelta(days=1)}"
    for name, words in (("month", "last month"), ("quarter", quarter)):
        period = parse_period(words, today=ctx.today())
        built, charted, built_cpu, charted_cpu = [], [], [], []
        server = 0.0
        for run in range(6):
            if run == 1:  # the first warms the caches
                server = server_cpu_s()
            started, cpu = time.perf_counter(), time.process_time()
            digest = build_digest(await gather(ctx, period=period, ward_slug=None))
            digest_text(digest)
            built.append((time.perf_counter() - started) * 1000)
            built_cpu.append((time.process_time() - cpu) * 1000)
            digest_reply(digest)
            charted.append((time.perf_counter() - started) * 1000)
            charted_cpu.append((time.process_time() - cpu) * 1000)
        server = (server_cpu_s() - server) * 1000 / 5
        for label, wall, cpu_ms in (
            ("build", built, built_cpu),
            ("build_and_chart", charted, charted_cpu),
        ):
            cpu_p = percentiles(cpu_ms[1:])
            out[f"{name}_{label}"] = percentiles(wall[1:]) | {
                "cpu_p50": cpu_p["p50"],
                "cpu_p99": cpu_p["p99"],
            }
            if _server:
                out[f"{name}_{label}"]["db_cpu_mean"] = round(server, 2)
        _said(f"digest {name}_build", out[f"{name}_build"])
        _said(f"digest {name}_build_and_chart", out[f"{name}_build_and_chart"])
    return out


async def run(
    url: str,
    sizes: Sequence[int],
    repeats: int,
    plan: Path | None,
    *,
    copies: int = 0,
    fill_only: bool = False,
    digests_only: bool = False,
) -> dict[str, Any]:
    settings = Settings(_env_file=None, database_url=url, ward_plan=plan)  # type: ignore[call-arg]
    stages = []
    async with services(settings) as svc:
        held = await count_updates(svc.db)
        freeze_startup_heap()  # as `wardbot serve` does: the plan's objects out of the GC's walks
        for stage, size in enumerate(sizes):
            if size > held:
                # With copies, generate a share and copy it in SQL (bulk_history.copy_history).
                generate = -(-size // (copies + 1)) - held if copies else size - held
                started = time.perf_counter()
                await fill(svc.db, svc.ctx.plan, count=max(0, generate), seed=1000 + stage)
                if copies:
                    await copy_history(svc.db, copies=copies)
                held = await count_updates(svc.db)
                print(
                    f"{held:,} updates held ({time.perf_counter() - started:.0f} s to make)",
                    flush=True,
                )
            if fill_only:
                continue
            load_before = _load_average()
            print(f"{held:,} updates, load average {load_before:.1f}", flush=True)
            stages.append(
                {
                    "updates": held,
                    "wards": len(svc.ctx.plan.wards),
                    "queries_ms": {} if digests_only else await measure(svc.ctx, repeats=repeats),
                    "digest_ms": await digest_build_ms(svc.ctx),
                    "load_average": [load_before, _load_average()],
                }
            )
    return {"bench": "queries", "database": url.split(":", 1)[0], "stages": stages}


def _load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def summary(result: dict[str, Any]) -> list[str]:
    lines = [
        f"ward queries and the month digest on {result['database']} (ms, through handlers.commands.router.handle):"
    ]
    for stage in result["stages"]:
        load = stage["load_average"]
        lines.append(
            f"  {stage['updates']:>9,} updates, {stage['wards']:,} wards "
            f"(load average {load[0]:.1f}-{load[1]:.1f})"
        )
        for name, p in stage["queries_ms"].items():
            lines.append(
                f"    {name:<28} p50 {p['p50']:>7.1f}  p99 {p['p99']:>7.1f}  max {p['max']:>7.1f}"
                f"  (CPU p50 {p.get('cpu_p50', 0):>6.1f}  p99 {p.get('cpu_p99', 0):>6.1f})"
            )
        for name, p in stage["digest_ms"].items():
            lines.append(
                f"    {'digest ' + name:<28} p50 {p['p50']:>7.1f}  p99 {p['p99']:>7.1f}  "
                f"max {p['max']:>7.1f}  (CPU p50 {p.get('cpu_p50', 0):>6.1f})"
                + (f"  database CPU mean {p['db_cpu_mean']:>6.1f}" if "db_cpu_mean" in p else "")
            )
    if not result["stages"]:
        return lines
    last = result["stages"][-1]["queries_ms"]
    if not last:  # --digests-only
        return lines
    worst = max(last, key=lambda name: last[name]["p99"])
    lines.append(
        f"slowest query at the largest size: {worst}, p99 {last[worst]['p99']} ms (target < 50 ms)"
    )
    return lines


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    args.add_argument("--repeats", type=int, default=300, help="`show` queries per size")
    args.add_argument("--database-url", help="an empty database; default: a new SQLite file")
    args.add_argument(
        "--postgres", action="store_true", help="a throwaway PostgreSQL server of its own"
    )
    args.add_argument("--wards", type=int, help="an invented plan of this many wards")
    args.add_argument(
        "--server-pid",
        type=int,
        help="the PostgreSQL postmaster's pid (a server on this machine): its CPU per answer",
    )
    args.add_argument(
        "--fill-only", action="store_true", help="make the history (--database-url) and stop"
    )
    args.add_argument(
        "--copies",
        type=int,
        default=0,
        help="generate 1/(N+1) of a size and copy it N times in SQL (3,000,000 in minutes)",
    )
    args.add_argument(
        "--digests-only", action="store_true", help="time the month and quarter digests alone"
    )
    opts = args.parse_args()
    url = opts.database_url or (
        f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='wardbot-bench-')) / 'bench.db'}"
    )
    sizes = [int(s) for s in opts.sizes.split(",")]
    plan = None
    if opts.wards:
        folder = Path(tempfile.mkdtemp(prefix="wardbot-plan-"))
        plan = synthetic_plan(folder / f"plan-{opts.wards}.yaml", wards=opts.wards)
    pg = ThrowawayPostgres().init() if opts.postgres else None
    try:
        if pg is not None:
            pg.start()
            url = pg.url
            opts.server_pid = int((pg.data / "postmaster.pid").read_text().split()[0])
        if opts.server_pid:
            _server.append(opts.server_pid)
        result = asyncio.run(
            run(
                url,
                sizes,
                opts.repeats,
                plan,
                copies=opts.copies,
                fill_only=opts.fill_only,
                digests_only=opts.digests_only,
            )
        )
    finally:
        if pg is not None:
            pg.close()
    emit({**result, "machine": machine()}, summary(result))


if __name__ == "__main__":
    main()
