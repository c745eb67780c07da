"""`wardbot` starts at once: each command imports only the libraries it uses.

The platform SDKs, SQLAlchemy, Alembic and matplotlib cost ~1.5 s of CPU to import; every
`wardbot` command once paid for all of them, `--help` and a typo included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# What `--help` must not load: platform SDKs, the database stack, charts, the scheduler,
# spreadsheets, Word and PDF writers, images, and the web server.
HEAVY = (
    "slack_bolt",
    "slack_sdk",
    "botbuilder",
    "botframework",
    "sqlalchemy",
    "alembic",
    "matplotlib",
    "apscheduler",
    "openpyxl",
    "docx",
    "weasyprint",
    "PIL",
    "aiohttp",
    "pydantic",
)
PLATFORM_SDKS = ("slack_bolt", "slack_sdk", "botbuilder", "botframework")

# Runs `wardbot ARGS...` in this process, then prints the top-level modules it loaded.
RUN_AND_LIST_MODULES = """
import json, sys
from bot.cli import main
for argv in json.loads(sys.argv[1]):
    try:
        main(argv)
    except SystemExit:
        pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded_by(*argvs: list[str], env: dict[str, str] | None = None) -> tuple[set[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, json.dumps(argvs)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    *shown, modules = done.stdout.strip().splitlines()
    return set(json.loads(modules)), "\n".join(shown)


def test_help_loads_no_sdk_database_or_chart_library() -> None:
    loaded, shown = loaded_by(["--help"], ["digest", "--help"], ["import", "--help"], ["gdpr"])
    assert "serve" in shown and "teams-package" in shown  # the help was printed
    assert "--dry-run" in shown and "preview" in shown
    assert sorted(loaded & set(HEAVY)) == []


def test_a_command_with_no_platform_configured_loads_no_platform_sdk(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'wardbot.db'}"}
    loaded, shown = loaded_by(["plan", "show"], env=env)
    assert "Sitwell" in shown  # the plan was read from the database
    assert sorted(loaded & set(PLATFORM_SDKS)) == []
    assert sorted(loaded & {"matplotlib", "weasyprint", "docx"}) == []
