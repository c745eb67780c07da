"""Slack `/ward log` over real HTTP, driven by wrk: wardbot beside two yardsticks.

    python -m bench.ingest [--seconds 30] [--concurrency 1,20,100]
                           [--targets bare,plain-sqlite,plain-postgres,sqlite,postgres]

The load comes from wrk (https://github.com/wg/wrk), a separate process: one thread,
N connections, each sending its next request when the last is answered, for --seconds
per target and level. Every request is a unique, signed slash command
(`log WARD: litter pick no. N, ...`), signed beforehand with a timestamp taken just
before its turn (Slack's 5-minute window), and cycled by bench/ingest.lua. If wrk is
missing, this command installs it first from the system's packages (apt-get).

Targets, all started first and measured in the same run:
- `bare`: bench.bare_app, a bolt app that only acks;
- `plain-sqlite`, `plain-postgres`: bench.plain_app, bolt + SQLAlchemy storing each text
  with one session and commit per request, as most teams would write it;
- `sqlite`, `postgres`: `wardbot serve`.
PostgreSQL is a throwaway server this command starts (initdb in a temporary folder),
or --postgres-url (an empty database). Reported per target and level: requests/s,
ack latency p50/p90/p99/max (wrk's own), the server's CPU per request, the load
average around the turn; afterwards the rows in each database beside the acks that
said "Logged" (they must be equal); RSS idle and after; and for wardbot the time spent
in each stage of a `/ward log` (bot.stages, switched on with STAGE_TIMINGS).
A local stand-in plays the Slack Web API (users.info, auth.test).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.plain_app import count_posts
from bench.report import emit, machine
from storage.db import open_database
from storage.updates import count_updates
from tests.support.processes import Served, free_port, start_process, start_wardbot
from tests.support.slack_api import APP_TEAM, SlackApi
from tests.support.throwaway_pg import ThrowawayPostgres

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
USERS = [f"UB{i:03d}" for i in range(50)]
WARDS = ["Sitwell", "Hoober", "Wath", "Boston Castle", "Rotherham East", "Keppel", "Dinnington"]
SCRIPT = Path(__file__).with_name("ingest.lua")
TARGETS = ("bare", "plain-sqlite", "plain-postgres", "sqlite", "postgres")
_numbers = itertools.count(1)


def ensure_wrk() -> str:
    """wrk's path; installed from the system's packages (Debian's `wrk`) when missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("bench.ingest: wrk is not installed; installing it with apt-get (package wrk)")
    root = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*root, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*root, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk could not be installed")
    return found


def signed_bodies(path: Path, *, count: int, run: str) -> None:
    """`count` unique slash commands, signed now as Slack signs them, one a line."""
    stamp = str(int(time.time()))
    key = SECRET.encode()
    with path.open("w") as out:
        for _ in range(count):
            n = next(_numbers)
            body = urllib.parse.urlencode(
                {
                    "token": "legacy",
                    "team_id": APP_TEAM,
                    "team_domain": "council",
                    "channel_id": "CB",
                    "channel_name": "neighbourhoods",
                    "user_id": USERS[n % len(USERS)],
                    "user_name": "officer",
                    "command": "/ward",
                    "text": f"log {WARDS[n % len(WARDS)]}: litter pick no. {n}, "
                    f"{n % 30 + 2} volunteers",
                    "api_app_id": "A1",
                    "response_url": "",
                    "trigger_id": f"{run}-{n}",
                }
            )
            base = f"v0:{stamp}:{body}".encode()
            signature = "v0=" + hmac.new(key, base, hashlib.sha256).hexdigest()
            out.write(f"{stamp}\t{signature}\t{body}\n")


@dataclass
class Turn:
    """One wrk run against one target."""

    concurrency: int
    seconds: float
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    logged: int = 0
    laps: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    latency_ms: dict[str, float] = field(default_factory=dict)
    cpu_ms_per_request: float = 0.0
    cpu_ms_per_request_by_thread: dict[str, float] = field(default_factory=dict)
    load_average: tuple[float, float] = (0.0, 0.0)  # 1-minute, before and after
    stages: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "concurrency": self.concurrency,
            "seconds": round(self.seconds, 2),
            "requests": self.requests,
            "requests_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "statuses": self.statuses,
            "logged": self.logged,
            "laps": self.laps,
            "errors": self.errors,
            "ack_ms": self.latency_ms,
            "server_cpu_ms_per_request": round(self.cpu_ms_per_request, 3),
            "server_cpu_ms_per_request_by_thread": self.cpu_ms_per_request_by_thread,
            "load_average": list(self.load_average),
        } | ({"stages_ms": self.stages} if self.stages else {})


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_cpu_seconds(pid: int) -> dict[str, float]:
    """CPU seconds of the event loop's thread (`loop`) and of all others (`threads`:
    aiosqlite's, the resolver's), which cProfile, watching the loop only, does not see."""
    out = {"loop": 0.0, "threads": 0.0}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = task.joinpath("stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        spent = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        out["loop" if task.name == str(pid) else "threads"] += spent
    return out


def run_wrk(
    wrk: str,
    url: str,
    *,
    concurrency: int,
    seconds: float,
    bodies: Path,
    delay_ms: float = 0,
    timeout: str = "10s",
) -> dict[str, Any]:
    done = subprocess.run(
        [
            wrk,
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            f"--timeout={timeout}",
            "-s",
            str(SCRIPT),
            url + "/slack/events",
            "--",
            str(bodies),
            str(delay_ms),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("wrk-result "):
            result: dict[str, Any] = json.loads(line.removeprefix("wrk-result "))
            return result
    raise RuntimeError(f"wrk gave no result ({done.returncode}): {done.stdout}{done.stderr}")


def measure(
    wrk: str,
    served: Served,
    *,
    concurrency: int,
    seconds: float,
    folder: Path,
    rate_hint: float,
    delay_ms: float = 0,
    least: int = 30_000,
) -> Turn:
    """One turn: bodies signed now, enough for the turn at `rate_hint` req/s and more."""
    bodies = folder / "bodies.txt"
    needed = int(seconds * rate_hint * 1.5) + 1000
    signed_bodies(bodies, count=max(least, needed), run=f"{os.getpid()}-{time.time_ns()}")
    cpu_before, load_before = cpu_seconds(served.pid), load_average()
    threads_before = thread_cpu_seconds(served.pid)
    raw = run_wrk(
        wrk, served.url, concurrency=concurrency, seconds=seconds, bodies=bodies, delay_ms=delay_ms
    )
    cpu = cpu_seconds(served.pid) - cpu_before
    threads = thread_cpu_seconds(served.pid)
    turn = Turn(concurrency=concurrency, seconds=raw["duration_us"] / 1e6)
    turn.requests = raw["requests"]
    turn.statuses = {str(k): v for k, v in sorted(raw["statuses"].items())}
    turn.logged = raw["logged"]
    turn.laps = raw["laps"]
    turn.errors = {k: v for k, v in raw["errors"].items() if v}
    turn.latency_ms = {k: round(v / 1000, 2) for k, v in raw["latency_us"].items()}
    turn.cpu_ms_per_request = cpu * 1000 / raw["requests"] if raw["requests"] else 0.0
    if raw["requests"]:
        turn.cpu_ms_per_request_by_thread = {
            name: round((spent - threads_before.get(name, 0.0)) * 1000 / raw["requests"], 3)
            for name, spent in sorted(threads.items())
            if spent - threads_before.get(name, 0.0) > 0
        }
    turn.load_average = (load_before, load_average())
    bodies.unlink()
    return turn


def stage_report(served: Served, path: Path) -> dict[str, Any]:
    """wardbot's stage timings since the last report (SIGUSR1 asks for them; bot.stages)."""
    if not path.parent.exists():
        return {}
    before = path.stat().st_size if path.exists() else 0
    served.process.send_signal(signal.SIGUSR1)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > before:
            with path.open() as f:
                f.seek(before)
                lines = f.read().splitlines()
            if lines:
                report: dict[str, Any] = json.loads(lines[-1])
                return report
        time.sleep(0.05)
    return {}


async def migrated(url: str, folder: Path) -> None:
    """`wardbot db upgrade` first, as a deployment's release step does: the server then
    starts as it restarts every other time, without loading the migration tools."""
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "db", "upgrade"],
        env={**os.environ, "DATABASE_URL": url},
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"wardbot db upgrade failed: {done.stdout}{done.stderr}")


async def _stored(name: str, url: str) -> int:
    if name.startswith("plain"):
        return await count_posts(url)
    db = open_database(url)
    try:
        return await count_updates(db, include_deleted=True)
    finally:
        await db.dispose()


async def start_targets(
    names: list[str],
    *,
    folder: Path,
    slack: dict[str, str],
    postgres_url: str | None,
    profile: Path | None = None,
) -> tuple[dict[str, Served], dict[str, str]]:
    served: dict[str, Served] = {}
    databases: dict[str, str] = {}
    base_env = {k.upper(): v for k, v in slack.items()}
    for name in names:
        if name == "bare" or name.startswith("plain"):
            port = free_port()
            env = base_env | {"PORT": str(port)}
            module = "bench.bare_app"
            if name.startswith("plain"):
                module = "bench.plain_app"
                databases[name] = env["DATABASE_URL"] = _database(name, folder, postgres_url)
            served[name] = await start_process(
                ["-m", module], env=env, port=port, log_path=folder / f"{name}.log"
            )
            continue
        databases[name] = _database(name, folder, postgres_url)
        await migrated(databases[name], folder)
        stage_timings = str(folder / f"stages-{name}.jsonl")
        if profile is None:
            served[name] = await start_wardbot(
                database_url=databases[name], folder=folder, stage_timings=stage_timings, **slack
            )
            continue
        # cProfile writes its figures when serve returns (SIGTERM, as `stop` sends).
        port = free_port()
        env = base_env | {
            "DATABASE_URL": databases[name],
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "STAGE_TIMINGS": stage_timings,
        }
        served[name] = await start_process(
            ["-m", "cProfile", "-o", str(profile / f"{name}.prof"), "-m", "bot", "serve"],
            env=env,
            port=port,
            log_path=folder / f"wardbot-{port}.log",
        )
    return served, databases


def _database(name: str, folder: Path, postgres_url: str | None) -> str:
    if name.endswith("sqlite"):
        return f"sqlite+aiosqlite:///{folder / (name + '.db')}"
    if postgres_url is None:
        raise RuntimeError("no PostgreSQL to measure on")
    return postgres_url


async def run(opts: argparse.Namespace) -> dict[str, Any]:
    wrk = ensure_wrk()
    levels = [int(c) for c in opts.concurrency.split(",")]
    names = opts.targets.split(",")
    unknown = set(names) - set(TARGETS)
    if unknown:
        raise SystemExit(f"unknown targets {sorted(unknown)}; known: {', '.join(TARGETS)}")
    folder = Path(tempfile.mkdtemp(prefix="wardbot-ingest-"))
    if opts.profile is not None:
        opts.profile.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "bench": "ingest",
        "load_generator": "wrk -t1 (bench/ingest.lua)",
        "seconds_per_turn": opts.seconds,
        "rounds": opts.rounds,
        "targets": {},
    }
    pg: ThrowawayPostgres | None = None
    served: dict[str, Served] = {}
    async with SlackApi() as api:
        for user in USERS:
            api.add_user(user, f"Officer {user}")
        slack = {
            "slack_bot_token": TOKEN,
            "slack_signing_secret": SECRET,
            "slack_api_url": api.base_url,
        }
        try:
            served, databases, pg = await _start_all(
                names, folder, slack, opts.postgres_url, opts.profile
            )
            idle = {name: s.rss_mib() for name, s in served.items()}
            rate = dict.fromkeys(names, 3000.0)
            acked = dict.fromkeys(names, 0)
            for name, s in served.items():  # imports, caches, pools
                warm = await asyncio.to_thread(
                    measure, wrk, s, concurrency=4, seconds=1, folder=folder, rate_hint=rate[name]
                )
                acked[name] += warm.logged
                if name in ("sqlite", "postgres"):
                    stage_report(s, folder / f"stages-{name}.jsonl")  # and forget the warm-up
            measured: dict[str, list[list[Turn]]] = {name: [] for name in names}
            for concurrency in levels:
                turns: dict[str, list[Turn]] = {name: [] for name in names}
                for _ in range(opts.rounds):
                    for name in names:
                        turn = await asyncio.to_thread(
                            measure,
                            wrk,
                            served[name],
                            concurrency=concurrency,
                            seconds=opts.seconds / opts.rounds,
                            folder=folder,
                            rate_hint=rate[name],
                        )
                        if name in ("sqlite", "postgres"):
                            turn.stages = stage_report(
                                served[name], folder / f"stages-{name}.jsonl"
                            )
                        acked[name] += turn.logged
                        turns[name].append(turn)
                        print(f"  {name} {concurrency} conn: {_line(turn.summary())}", flush=True)
                for name in names:
                    measured[name].append(turns[name])
            await asyncio.sleep(0.5)  # replies still going out after their acks
            for name in names:
                entry: dict[str, Any] = {
                    "levels": [[t.summary() for t in ts] for ts in measured[name]],
                    "rss_mib": {
                        "idle": round(idle[name], 1),
                        "after": round(served[name].rss_mib(), 1),
                    },
                }
                if name in databases:
                    stored = await _stored(name, databases[name])
                    entry["acked_as_logged"] = acked[name]
                    entry["stored"] = stored
                    entry["acked_but_missing"] = max(0, acked[name] - stored)
                result["targets"][name] = entry
        finally:
            for s in served.values():
                s.stop()
            if pg is not None:
                pg.close()
    return result


async def _start_all(
    names: list[str],
    folder: Path,
    slack: dict[str, str],
    postgres_url: str | None,
    profile: Path | None,
) -> tuple[dict[str, Served], dict[str, str], ThrowawayPostgres | None]:
    pg: ThrowawayPostgres | None = None
    if postgres_url is None and any(n.endswith("postgres") for n in names):
        pg = ThrowawayPostgres().init()
        pg.start()
        postgres_url = pg.url
    try:
        served, databases = await start_targets(
            names, folder=folder, slack=slack, postgres_url=postgres_url, profile=profile
        )
    except BaseException:
        if pg is not None:
            pg.close()
        raise
    return served, databases, pg


def _line(level: dict[str, Any]) -> str:
    ack = level["ack_ms"]
    return (
        f"{level['requests_per_s']:>7.1f} req/s  p50 {ack['p50']:>6.1f}  p90 {ack['p90']:>6.1f}  "
        f"p99 {ack['p99']:>6.1f}  max {ack['max']:>7.1f} ms  "
        f"cpu {level['server_cpu_ms_per_request']:.2f} ms/req "
        f"{_threads(level.get('server_cpu_ms_per_request_by_thread', {}))} "
        f"load {level['load_average'][0]:.1f}-{level['load_average'][1]:.1f}  {level['statuses']}"
        + (f"  errors {level['errors']}" if level["errors"] else "")
        + (f"  laps {level['laps']}" if level["laps"] else "")
    )


def _threads(by_thread: dict[str, float]) -> str:
    return "(" + ", ".join(f"{name} {ms:.2f}" for name, ms in by_thread.items()) + ")"


def summary(result: dict[str, Any]) -> list[str]:
    lines = ["ingest: signed /ward log over loopback HTTP, wrk -t1"]
    for name, entry in result["targets"].items():
        lines.append(
            f"  {name} (RSS idle {entry['rss_mib']['idle']} MiB, "
            f"after {entry['rss_mib']['after']} MiB)"
        )
        for turns in entry["levels"]:
            for level in turns:
                lines.append(f"    {level['concurrency']:>3} conn: {_line(level)}")
                for stage, p in level.get("stages_ms", {}).get("stages", {}).items():
                    lines.append(
                        f"        {stage:<10} n {p['n']:>6}  p50 {p['p50']:>6.2f}  "
                        f"p99 {p['p99']:>6.2f}  max {p['max']:>7.2f} ms"
                    )
        if "stored" in entry:
            lines.append(
                f"    acked as logged {entry['acked_as_logged']}, stored {entry['stored']}, "
                f"acked but missing {entry['acked_but_missing']}"
            )
    return lines


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--seconds", type=float, default=30.0, help="per target and level")
    args.add_argument("--concurrency", default="1,20,100")
    args.add_argument("--targets", default=",".join(TARGETS))
    args.add_argument("--postgres-url", help="an empty database; default: a throwaway server")
    args.add_argument("--rounds", type=int, default=1, help="turns per level, targets alternating")
    args.add_argument(
        "--profile",
        type=Path,
        help="run wardbot under cProfile, writing FOLDER/sqlite.prof and postgres.prof",
    )
    opts = args.parse_args()
    result = asyncio.run(run(opts))
    emit({**result, "machine": machine()}, summary(result))


if __name__ == "__main__":
    main()
