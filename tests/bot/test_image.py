"""What runs inside the Docker image, run here: the built wheel in a clean venv, started
against PostgreSQL by the image's own entrypoint, answering the image's own HEALTHCHECK.

No Docker engine is needed: the Dockerfile's steps are repeated (pip wheel --no-deps, a
fresh venv with only that wheel and its dependencies, docker/entrypoint.sh as ENTRYPOINT).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.bot.test_cli import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.image, pytest.mark.slow]


def _server_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL") or "postgresql+asyncpg://postgres@127.0.0.1:5432/x"
    return url


async def _admin(sql: str) -> None:
    base = make_url(_server_url())
    conn = await asyncpg.connect(
        host=base.host or "127.0.0.1",
        port=base.port or 5432,
        user=base.username or "postgres",
        password=base.password,
        database="postgres",
        timeout=5,
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture
def throwaway_database() -> Iterator[tuple[str, str]]:
    """A database name and its URL; the database itself is created by the test."""
    try:
        asyncio.run(_admin("SELECT 1"))
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"PostgreSQL is not reachable for the image test: {exc}")
    name = f"wardbot_image_{uuid.uuid4().hex[:8]}"
    url = make_url(_server_url()).set(database=name).render_as_string(hide_password=False)
    yield name, url
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built as the Dockerfile builds it, installed alone into a clean venv."""
    work = tmp_path_factory.mktemp("image")
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [*pip, "wheel", "--quiet", "--no-deps", "--wheel-dir", str(work / "wheels"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = (work / "wheels").glob("wardbot-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [
            *pip,
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--quiet",
            "--no-compile",
            "--only-binary=:all:",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return venv


def healthcheck_command() -> list[str]:
    """The Dockerfile's HEALTHCHECK CMD, as the image would run it."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    found = re.search(r"^HEALTHCHECK .*?CMD (\[.*\])\s*$", text, re.M)
    assert found, "the Dockerfile has no HEALTHCHECK CMD [...]"
    command: list[str] = json.loads(found.group(1))
    assert "curl" not in command and "wget" not in command  # python:slim has neither
    return command


def test_the_wheel_starts_against_postgres_through_the_entrypoint(
    installed: Path, throwaway_database: tuple[str, str], tmp_path: Path
) -> None:
    name, url = throwaway_database
    bin_dir = installed / "bin"
    port = free_port()
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DB_WAIT_TIMEOUT": "2",
    }
    # Nothing from this checkout may leak in: the venv must hold everything.
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import bot, storage; print(bot.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(installed))

    entrypoint = ROOT / "docker" / "entrypoint.sh"
    gave_up = subprocess.run(
        ["sh", str(entrypoint)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert gave_up.returncode == 1  # no database yet: a bounded wait, then a clear failure
    assert "waiting for the database" in gave_up.stderr
    assert "not reachable within 2 s; giving up" in gave_up.stderr

    proc = subprocess.Popen(
        ["sh", str(entrypoint)],
        cwd=tmp_path,
        env={**env, "DB_WAIT_TIMEOUT": "60"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.5)
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))  # the database arrives late
        deadline = time.monotonic() + 45
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.loads(r.read())
                    request_id = r.headers["X-Request-Id"]
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    proc.kill()
                    out, err = proc.communicate()
                    raise AssertionError(f"never became healthy:\n{out}\n{err}") from None
                time.sleep(0.3)
        assert health == {"status": "ok", "database": "reachable"}
        assert len(request_id) == 32
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            assert (
                b'wardbot_http_requests_total{method="GET",route="/healthz",status="200"}'
                in r.read()
            )
        probe = subprocess.run(
            healthcheck_command(), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30
        )
        assert probe.returncode == 0, probe.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "database is up to date" in out
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert any("listening on http://127.0.0.1" in line["message"] for line in lines)
    assert all("request_id" in line for line in lines)

    # migrations ran: the throwaway database has wardbot's tables
    async def tables() -> int:
        conn = await asyncpg.connect(
            make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        try:
            return int(await conn.fetchval("SELECT count(*) FROM ward"))
        finally:
            await conn.close()

    assert asyncio.run(tables()) == 25
    shutil.rmtree(tmp_path, ignore_errors=True)
