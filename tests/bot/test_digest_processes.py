"""Digests from real processes on one database: concurrent runs, a killed sender, a restart.

Each test starts `python -m bot ...` (and one small script around the same CLI) as real
processes; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from handlers.digests.schedules import PRESETS
from storage import digests as store
from storage.db import Database
from tests.bot.test_cli import free_port
from tests.support.activity import seed_october

pytestmark = pytest.mark.slow  # every test here starts wardbot processes

BLOCKING = Path(__file__).parents[1] / "support" / "blocking_digest_run.py"
WAIT = 90.0  # seconds: generous for a loaded CI machine, and still bounded


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url}


async def spawn(
    *args: str, env: dict[str, str], script: Path | None = None
) -> asyncio.subprocess.Process:
    command = [str(script)] if script else ["-m", "bot"]
    return await asyncio.create_subprocess_exec(
        sys.executable,
        *command,
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(proc: asyncio.subprocess.Process) -> tuple[int, str, str]:
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout=WAIT)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def wardbot(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    return await finish(await spawn(*args, env=env))


async def read_until(stream: asyncio.StreamReader, needle: str) -> str:
    """Lines from a live process until one holds `needle` (bounded)."""
    seen: list[str] = []

    async def scan() -> str:
        while True:
            line = (await stream.readline()).decode()
            if not line:
                raise AssertionError(f"stream ended before {needle!r}:\n{''.join(seen)}")
            seen.append(line)
            if needle in line:
                return line

    return await asyncio.wait_for(scan(), timeout=WAIT)


async def subscribe_console(
    db: Database, target: str, *, made: datetime, ward: str | None = None
) -> int:
    subscription, _ = await store.subscribe(
        db,
        platform="console",
        target=target,
        ward_slug=ward,
        cron=PRESETS["weekly"],
        timezone="Europe/London",
        actor="console:admin",
        now=made,
    )
    return subscription.id


MADE = datetime(2026, 10, 1, tzinfo=UTC)
AT = "2026-10-12T09:05"  # Monday, five past nine in London


async def test_two_runs_at_once_send_each_due_digest_once(
    db: Database, env: dict[str, str]
) -> None:
    targets = ["board", "east", "west", "sitwell"]
    for target in targets[:3]:
        await subscribe_console(db, target, made=MADE)
    await subscribe_console(db, "sitwell", made=MADE, ward="sitwell")
    procs = [await spawn("digest", "run", "--at", AT, env=env) for _ in range(2)]
    results = await asyncio.gather(*(finish(p) for p in procs))
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    printed = "".join(out for _, out, _ in results)
    for target in targets:
        assert printed.count(f"=== to console:{target} ===") == 1, printed
    runs = await store.runs_of(db)
    assert len(runs) == 4 and {(r.status, r.attempts) for r in runs} == {("sent", 1)}
    # And again, as cron would the next minute: nothing more.
    code, out, err = await wardbot("digest", "run", "--at", "2026-10-12T09:06", env=env)
    assert code == 0 and "=== to console" not in out and "4 already sent" in err


async def test_a_killed_sender_is_taken_over_only_after_its_lease(
    db: Database, env: dict[str, str]
) -> None:
    await subscribe_console(db, "board", made=MADE)
    env = {**env, "DIGEST_LEASE_SECONDS": "2"}
    stuck = await spawn("--at", AT, env=env, script=BLOCKING)
    try:
        assert stuck.stdout is not None
        await read_until(stuck.stdout, "SENDING board")
        [run] = await store.runs_of(db)
        assert (run.status, run.attempts) == ("claimed", 1)
        # Wait past the first lease: only the live sender's renewals keep its claim.
        await asyncio.sleep(
            max(0.0, (run.claimed_at + timedelta(seconds=3) - datetime.now(UTC)).total_seconds())
        )
        code, out, err = await wardbot("digest", "run", "--at", AT, env=env)
        assert code == 0 and "=== to console" not in out
        assert "1 being sent elsewhere" in err
        [still] = await store.runs_of(db)
        assert (still.claimed_by, still.attempts) == (run.claimed_by, 1)
    finally:
        stuck.send_signal(signal.SIGKILL)
        await stuck.wait()
    # The claim's holder is dead: once its lease runs out, one run takes over and sends.
    deadline = asyncio.get_running_loop().time() + WAIT
    while (await store.runs_of(db))[0].lease_until >= datetime.now(UTC):
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.2)
    code, out, err = await wardbot("digest", "run", "--at", AT, env=env)
    assert code == 0, err
    assert out.count("=== to console:board ===") == 1
    [done] = await store.runs_of(db)
    assert (done.status, done.attempts) == ("sent", 2)


async def test_serve_catches_up_a_digest_missed_while_down_once(
    db: Database, env: dict[str, str]
) -> None:
    # Made ten days ago: a Monday 09:00 has passed since, with nothing running.
    await subscribe_console(db, "board", made=datetime.now(UTC) - timedelta(days=10))
    for attempt in range(2):
        server = await spawn("serve", env={**env, "PORT": str(free_port())})
        try:
            assert server.stderr is not None and server.stdout is not None
            line = await read_until(server.stderr, "catch-up at start")
            if attempt == 0:
                assert "1 sent" in line
                await read_until(server.stdout, "=== to console:board ===")
            else:
                assert "0 sent, 1 already sent" in line
        finally:
            server.terminate()
            code, out, err = await finish(server)
        assert code == 0, err
        if attempt == 1:
            assert "=== to console" not in out
    [run] = await store.runs_of(db)
    assert (run.status, run.attempts) == ("sent", 1)


async def test_preview_and_board_report_from_the_command_line(
    db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    seeded = await seed_october(db)
    subscription = await subscribe_console(db, "east", made=MADE, ward="rotherham-east")
    code, out, err = await wardbot(
        "digest", "preview", "--subscription", str(subscription), "--period", "2026-10", env=env
    )
    assert code == 0, err
    assert out.startswith("Rotherham East digest: October 2026")
    assert f"#{seeded.food}" in out and "People reached: 300" in out
    report = tmp_path / "board.html"
    code, out, err = await wardbot("report", "--period", "2026-10", "--out", str(report), env=env)
    assert code == 0, err
    assert "October 2026 (the whole borough, 8 updates)" in out
    html = report.read_text()
    assert "data:image/png;base64," in html and f'id="u{seeded.walk}"' in html
    code, _, err = await wardbot("report", "--period", "Octember", "--out", str(report), env=env)
    assert code == 2 and "I can't read 'Octember' as a period" in err and "Traceback" not in err
