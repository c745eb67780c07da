"""A server without Teams settings leaves the Bot Framework out of its memory (~25 MiB)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import asyncio, sys
from bot.app import create_web_app, services
from bot.config import Settings

async def main():
    settings = Settings(_env_file=None, database_url={url!r}, teams_emulator={emulator})
    async with services(settings) as svc:
        app = create_web_app(svc)
        print(any(r.canonical == "/api/messages" for r in app.router.resources()))

asyncio.run(main())
print(sorted({{m.split('.')[0] for m in sys.modules}} & {{'botbuilder', 'botframework'}}))
"""


@pytest.mark.parametrize(
    ("emulator", "loaded"), [(False, "[]"), (True, "['botbuilder', 'botframework']")]
)
def test_the_bot_framework_is_loaded_only_when_teams_is_configured(
    tmp_path: Path, emulator: bool, loaded: str
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'memory.db'}"
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(url=url, emulator=emulator)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    serves_teams, modules = done.stdout.strip().splitlines()[-2:]
    assert serves_teams == str(emulator)
    assert modules == loaded, done.stdout
