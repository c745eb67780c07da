"""`wardbot import` and `wardbot export`, run as a council's IT team runs them."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from handlers.chat.context import Context
from handlers.data.imports import FileRefused, read_import
from storage.db import Database
from storage.updates import count_updates, list_updates

WARDS = ["Sitwell", "Boston Castle", "Wath", "Keppel", "Hoober", "rotherham east"]


def wardbot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "COLUMNS": "120"}


def write_rows(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header or ["date", "ward", "text", "themes", "people_reached"])
        writer.writerows(rows)
    return path


def generated(n: int) -> list[list[str]]:
    start = date(2024, 1, 1)
    return [
        [
            (start + timedelta(days=i % 600)).isoformat(),
            WARDS[i % len(WARDS)],
            f"community litter pick {i} on the estate, bags filled",
            "environment" if i % 2 else "",
            str(i % 40),
        ]
        for i in range(n)
    ]


@pytest.mark.slow
async def test_ten_thousand_rows_with_a_progress_bar_and_a_rerun_that_adds_nothing(
    env: dict[str, str], db: Database, tmp_path: Path
) -> None:
    path = write_rows(tmp_path / "history.csv", generated(10_000))
    first = wardbot("import", str(path), env=env)
    assert first.returncode == 0, first.stderr
    assert "Imported 10,000 updates from history.csv; 0 were already held." in first.stdout
    assert "Storing rows" in first.stderr and "10000/10000" in first.stderr
    assert await count_updates(db) == 10_000

    again = wardbot("import", str(path), env=env)
    assert again.returncode == 0, again.stderr
    assert "Imported 0 updates from history.csv; 10,000 were already held." in again.stdout
    assert await count_updates(db) == 10_000
    [sample] = await list_updates(db, words=["pick 7 "], limit=None) or [None]
    assert sample is not None and sample.ward_slug == "boston-castle"
    assert sample.themes == ("environment",) and sample.people_reached == 7


async def test_after_an_import_postgresql_plans_with_the_new_row_counts(
    env: dict[str, str], db: Database, tmp_path: Path
) -> None:
    # Autovacuum analyzes late after a big load (and may be off): until it does, the
    # planner guesses the table's size and ward queries can take a slow plan.
    if db.is_sqlite:
        pytest.skip("planner statistics are PostgreSQL's")
    path = write_rows(tmp_path / "history.csv", generated(3_000))
    assert wardbot("import", str(path), env=env).returncode == 0
    async with db.engine.connect() as connection:
        planned = await connection.scalar(
            text("SELECT reltuples FROM pg_class WHERE relname = 'ward_update'")
        )
    assert planned == 3_000


@pytest.mark.slow
async def test_bad_rows_are_reported_and_nothing_is_half_imported(
    env: dict[str, str], db: Database, tmp_path: Path
) -> None:
    good = generated(3)
    path = tmp_path / "mixed.csv"
    write_rows(
        path,
        [
            *good,
            ["31/02/2024", "Sitwell", "a day that never was", "", ""],
            ["2024-03-01", "Nowhere Town", "somewhere else", "", ""],
            good[0],
            ["2024-03-01", "Sitwell", "crowd", "", "lots"],
            ["2024-03-01", "Sitwell", "bad theme", "#gardening", ""],
            ["2099-01-01", "Sitwell", "from the future", "", ""],
        ],
    )
    with path.open("ab") as out:
        out.write(b"2024-03-02,Wath,caf\xe9 opened,,\n")
    refused = wardbot("import", str(path), "--report", str(tmp_path / "rejects.csv"), env=env)
    assert refused.returncode == 1
    assert "Nothing was imported: 7 of 10 rows have problems" in refused.stdout
    report = list(csv.reader((tmp_path / "rejects.csv").open()))
    reasons = {int(row): why for row, why in report[1:]}
    assert reasons == {
        5: "'31/02/2024' isn't a date I can read (use 2025-06-30 or 30/06/2025)",
        6: reasons[6],
        7: "a duplicate of row 2",
        8: "people_reached should be a number, not 'lots'",
        9: "unknown theme 'gardening'",
        10: "the date 01 Jan 2099 is in the future",
        11: "the text has bytes that aren't UTF-8 text (save the file as 'CSV UTF-8')",
    }
    assert reasons[6].startswith("unknown ward 'Nowhere Town'")
    assert await count_updates(db) == 0

    dry = wardbot("import", str(path), "--dry-run", "--partial", env=env)
    assert "Dry run: 3 of 10 rows would be imported" in dry.stdout
    assert await count_updates(db) == 0
    partial = wardbot("import", str(path), "--partial", env=env)
    assert partial.returncode == 0, partial.stderr
    assert "Imported 3 updates" in partial.stdout and "7 rows were left out" in partial.stdout
    assert await count_updates(db) == 3


@pytest.mark.slow
async def test_wrong_columns_and_mapping(env: dict[str, str], db: Database, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "theirs.csv",
        [["01/05/2024", "Wath", "bulb planting, 12 volunteers"]],
        header=["When", "Area", "Activity"],
    )
    wrong = wardbot("import", str(path), env=env)
    assert wrong.returncode == 2
    assert "Nothing was imported. The file has no ward column" in wrong.stderr
    assert "Its columns are: When, Area, Activity" in wrong.stderr
    mapped = wardbot("import", str(path), "--map", "date=When, ward=Area", env=env)
    assert mapped.returncode == 0, mapped.stderr
    [update] = await list_updates(db)
    assert update.occurred_on == date(2024, 5, 1) and update.ward_slug == "wath"
    assert update.volunteers == 12  # read from the text when there's no column


async def test_files_too_big_or_too_long_are_refused_whole(ctx: Context, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "big.csv", generated(50))
    with pytest.raises(FileRefused, match="the most I import at once is 0 MB"):
        read_import(ctx, path, max_bytes=100)
    with pytest.raises(FileRefused, match="more than 20 rows"):
        read_import(ctx, path, max_rows=20)
    assert await count_updates(ctx.db) == 0


@pytest.mark.slow
async def test_export_xlsx_reads_back_as_the_same_rows(
    env: dict[str, str], db: Database, tmp_path: Path
) -> None:
    rows = generated(12)
    rows.append(["2024-02-02", "Wath", '=HYPERLINK("http://x")', "", ""])
    path = write_rows(tmp_path / "in.csv", rows)
    assert wardbot("import", str(path), env=env).returncode == 0
    out = tmp_path / "wath.xlsx"
    done = wardbot(
        "export",
        "--ward",
        "wath",
        "--since",
        "2024-01-01",
        "--format",
        "xlsx",
        "--out",
        str(out),
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "Exported 3 updates" in done.stdout
    sheet = load_workbook(out).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:6] == ("id", "date", "ward", "priority", "themes", "text")
    assert {v[2] for v in values[1:]} == {"Wath"}
    assert '\'=HYPERLINK("http://x")' in {v[5] for v in values[1:]}  # text, never a formula
    csv_out = tmp_path / "all.csv"
    assert wardbot("export", "--out", str(csv_out), env=env).returncode == 0
    assert len(list(csv.reader(csv_out.open()))) == 14
    again = wardbot("import", str(csv_out), "--dry-run", env=env)
    assert "Columns not imported: id, platform, logged_at" in again.stderr
    assert "0 of 13 rows would be imported, 13 are already held" in again.stdout
