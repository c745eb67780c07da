"""The command line, run as a user runs it: a real process, a real database file."""

from __future__ import annotations

import getpass
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from storage.plans import BUNDLED_PLAN
from tests.support.plans import dump, seed_plan
from tests.support.throwaway_pg import postgres_server


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
    assert "Herringthorpe Valley Park, 23 volunteers — 23 volunteers" in out
    assert "I don't know a ward called 'Nowhere'" in out
    assert "Sitwell: 1 update(s)" in out
    assert "Traceback" not in out + done.stderr


@pytest.mark.slow
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


@pytest.mark.slow
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


# ---- configuration mistakes: one line that says how to put them right ------------------


@pytest.mark.parametrize(
    ("url", "fixed"),
    [
        ("postgresql://postgres@127.0.0.1:5432/wardbot", "postgresql+asyncpg://"),
        ("postgres://postgres:secret@db/wardbot", "postgresql+asyncpg://postgres:***@db/"),
        ("sqlite:///wardbot.db", "sqlite+aiosqlite:///wardbot.db"),
    ],
)
@pytest.mark.parametrize("command", [("db", "upgrade"), ("serve",)])
def test_a_database_url_without_the_async_driver_says_the_right_form(
    url: str, fixed: str, command: tuple[str, ...]
) -> None:
    done = wardbot(*command, env={**os.environ, "DATABASE_URL": url, "PORT": str(free_port())})
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert fixed in line and line.startswith("DATABASE_URL needs")
    assert "secret" not in done.stderr


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        if url is None:
            pytest.skip("no PostgreSQL server to ask")
        yield url


@pytest.mark.parametrize("command", [("db", "upgrade"), ("serve",), ("plan", "show")])
def test_a_database_that_does_not_exist_says_how_to_create_it(
    server: str, command: tuple[str, ...]
) -> None:
    url = make_url(server).set(database="wardbot_not_made_yet")
    env = {**os.environ, "DATABASE_URL": url.render_as_string(hide_password=False)}
    done = wardbot(*command, env={**env, "PORT": str(free_port())})
    assert done.returncode == 2
    [line] = [x for x in done.stderr.strip().splitlines() if not x.startswith("{")]
    assert line.startswith("The database 'wardbot_not_made_yet' does not exist on ")
    assert "createdb" in line and "wardbot_not_made_yet" in line
    assert "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ("plan", "show"),
        ("slack-manifest", "--url", "https://wardbot.example"),
        ("gdpr", "export", "--person", f"console:{getpass.getuser()}"),
    ],
)
def test_piping_into_a_reader_that_stops_early_is_quiet(
    env: dict[str, str], command: tuple[str, ...]
) -> None:
    wardbot("chat", env=env, stdin="log Sitwell: litter pick, 23 volunteers\n")  # to export
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.close()  # `| head -0`: the reader is gone before the first line
    _, errors = process.communicate(timeout=60)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors


def test_plan_load_names_the_line_and_field_of_a_typo_deep_in_the_file(
    env: dict[str, str], tmp_path: Path
) -> None:
    text = BUNDLED_PLAN.read_text()
    # Where wards.17.priorities.3.themes.0 is, found by parsing: the plan grows above it.
    node = yaml.compose(text)
    for key in ("wards", 17, "priorities", 3, "themes", 0):
        node = (
            node.value[key]
            if isinstance(key, int)
            else next(v for k, v in node.value if k.value == key)
        )
    line, theme = node.start_mark.line, node.value
    assert line > 900  # deep in the file
    lines = text.splitlines()
    lines[line] = lines[line].replace(theme, theme[:-2] + "x", 1)
    plan = tmp_path / "plan.yaml"
    plan.write_text("\n".join(lines))
    done = wardbot("plan", "load", str(plan), env=env)
    assert done.returncode == 2
    assert f"line {line + 1}, wards.17.priorities.3.themes.0:" in done.stderr
    assert f"unknown theme {theme[:-2]}x" in done.stderr


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("PARTNER_SLACK_TEAMS", "T0123", "'T0123' is not `id=Organisation name`"),
        ("PARTNER_TEAMS_TENANTS", "abc=NHS,abc=Police", "abc is named twice"),
        ("PARTNER_SLACK_TEAMS", "T0123=Police,=Age UK", "'=Age UK' is not `id=Organisation"),
    ],
)
def test_a_malformed_partner_list_says_which_entry(name: str, value: str, said: str) -> None:
    done = wardbot("serve", env={**os.environ, name: value, "PORT": str(free_port())})
    assert done.returncode == 2
    [line] = [x for x in done.stderr.strip().splitlines() if not x.startswith("{")]
    assert line.startswith(f"wardbot cannot start: {name}: ") and said in line, line
    assert "Traceback" not in done.stderr
