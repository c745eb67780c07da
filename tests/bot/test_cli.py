"""The command line, run as a user runs it: a real process, a real database file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.plans import dump, seed_plan


def wardbot(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url}


def test_chat_logs_and_shows_from_piped_input(env: dict[str, str]) -> None:
    script = (
        "log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers\n"
        "show Sitwell\n"
        "log Nowhere: x\n"
        "wards\n"
    )
    done = wardbot("chat", env=env, stdin=script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Logged for Sitwell" in out
    assert "Herringthorpe Valley Park, 23 volunteers — 23 people" in out
    assert "I don't know a ward called 'Nowhere'" in out
    assert "Sitwell: 1 update(s)" in out
    assert "Traceback" not in out + done.stderr


def test_plan_load_reports_errors_by_line_and_loads_nothing(
    env: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text(dump(seed_plan()).replace("plan_year: 2024", "plan_year: 2024\nmayor: x"))
    done = wardbot("plan", "load", str(bad), env=env)
    assert done.returncode == 2
    assert "line 3, mayor: Extra inputs are not permitted" in done.stderr
    shown = wardbot("plan", "show", env=env)
    assert "Rotherham Metropolitan Borough Council — ward plans 2025" in shown.stdout

    good = tmp_path / "seed.yaml"
    good.write_text(dump(seed_plan(year=2026)))
    loaded = wardbot("plan", "load", str(good), env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded plan 2026: 25 wards" in loaded.stdout
    assert "Seed Borough — ward plans 2026" in wardbot("plan", "show", env=env).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_healthz(env: dict[str, str]) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        env={**env, "PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                    assert r.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert '"database": "reachable"' in body
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode == 0
