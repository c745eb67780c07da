"""Outcome measures through the command line: `wardbot measures import`, then the digest and
the Board report show them."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from tests.bot.test_cli import wardbot

HEADER = "ward,priority,project,name,unit,baseline,baseline_date,target,target_date,source,value,value_date\n"
GOOD = (
    "Rotherham East,,Oral health,Five-year-olds with tooth decay,%,32,2024-03-31,25,2028-03-31,"
    "Public Health,,\n"
    "Rotherham East,,,Five-year-olds with tooth decay,,,,,,,30,2025-03-31\n"
    "Rotherham East,,,five-year-olds with tooth  decay,,,,,,,27,2026-03-31\n"
    "Sitwell,2,,Older residents who often feel lonely,%,40,2024-04-01,30,2027-03-31,Ward survey,44,2025-04-01\n"
)
BAD = (
    "Nowhere,,,Anything,%,1,2024-01-01,2,2027-01-01,x,,\n"  # unknown ward
    "Sitwell,,,Bins emptied,%,lots,2024-01-01,2,2027-01-01,x,,\n"  # bad number
    "Sitwell,,,Bins emptied,%,1,31/31/2024,2,2027-01-01,x,,\n"  # bad date
    "Sitwell,9,,Bins emptied,%,1,2024-01-01,2,2027-01-01,x,,\n"  # no such priority
    "Hoober,,,Never defined,,,,,,,3,2025-01-01\n"  # reading for an unknown measure
)


@pytest.fixture
def env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url}


@pytest.mark.slow  # a wardbot process or several: the slow pass
def test_bad_rows_are_refused_by_row_and_nothing_is_stored(
    env: dict[str, str], tmp_path: Path
) -> None:
    file = tmp_path / "measures.csv"
    file.write_text(HEADER + GOOD + BAD)
    done = wardbot("measures", "import", str(file), env=env)
    assert done.returncode == 1
    assert "Nothing was imported: 5 of 9 rows have problems" in done.stdout
    assert "row 6: unknown ward 'Nowhere'" in done.stderr
    assert "row 7: baseline should be a number, not 'lots'" in done.stderr
    assert "row 8: baseline_date '31/31/2024' isn't a date" in done.stderr
    assert "row 9: Sitwell has no priority 9 in the current plan" in done.stderr
    assert "row 10: no measure called 'Never defined' in Hoober" in done.stderr
    assert "Traceback" not in done.stderr
    shown = wardbot("digest", "preview", "--ward", "Rotherham East", env=env)
    assert "No outcome measures are recorded" in shown.stdout


@pytest.mark.slow  # a wardbot process or several: the slow pass
def test_imported_measures_show_baseline_latest_target_in_the_digest_and_report(
    env: dict[str, str], tmp_path: Path
) -> None:
    file = tmp_path / "measures.csv"
    file.write_text(HEADER + GOOD)
    done = wardbot("measures", "import", str(file), env=env)
    assert done.returncode == 0, done.stderr
    assert "Recorded 2 measures and 3 readings from measures.csv." in done.stdout
    chat = wardbot(
        "chat",
        env=env,
        stdin="log Sitwell: lunch club for older residents at the church hall, 30 attended\n",
    )
    assert "Logged for Sitwell" in chat.stdout and "priority 2" in chat.stdout
    year = date.today().year
    period = f"{year - 3}-01-01..{date.today():%Y-%m-%d}"
    shown = wardbot("digest", "preview", "--period", period, env=env).stdout
    assert (
        "Five-year-olds with tooth decay (Rotherham East): 32% (Mar 2024) → 27% (Mar 2026) → "
        "target 25% (Mar 2028), improving" in shown
    )
    assert "project: Oral health" in shown
    assert (
        "Older residents who often feel lonely (Sitwell): 40% (Apr 2024) → 44% (Apr 2025) → "
        "target 30% (Mar 2027), worsening, off track" in shown
    )
    assert (
        "priority 2: Improve provision for young people and older residents — 1 update(s) in "
        "the period: #1" in shown
    )
    report = tmp_path / "board.html"
    made = wardbot("report", "--period", period, "--out", str(report), env=env)
    assert made.returncode == 0, made.stderr
    html = report.read_text()
    assert '<h3 id="h-impact-measures">Outcome measures</h3>' in html
    assert "Five-year-olds with tooth decay" in html and "Public Health" in html
    assert "attendances, not distinct people" in html
    # A second import of the same file adds nothing new: the same day's reading is replaced.
    again = wardbot("measures", "import", str(file), env=env)
    assert "Recorded 2 measures and 3 readings" in again.stdout
