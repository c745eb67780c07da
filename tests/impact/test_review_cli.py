"""`wardbot plan review`: the material for the yearly refresh of a ward plan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.bot.test_cli import wardbot

MEASURES = (
    "ward,priority,name,unit,baseline,baseline_date,target,target_date,source,value,value_date\n"
    "Sitwell,2,Older residents who often feel lonely,%,40,2024-04-01,30,2027-03-31,Survey,44,2025-04-01\n"
    "Sitwell,3,Streets graded A for litter,%,70,2024-04-01,90,2027-03-31,Audit,,\n"
)


@pytest.mark.slow  # a wardbot process or several: the slow pass
def test_plan_review_lists_themes_not_in_the_plan_quiet_priorities_and_measures_off_track(
    database_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    posts = (
        "log Sitwell: speedwatch on Greystones Road, 4 volunteers\n"
        "log Sitwell: PCSO walkabout about ASB and speeding near Herringthorpe Valley Park\n"
        "log Sitwell: litter pick at Herringthorpe Valley Park, 12 volunteers #environment\n"
    )
    assert "Logged for Sitwell" in wardbot("chat", env=env, stdin=posts).stdout
    file = tmp_path / "m.csv"
    file.write_text(MEASURES)
    assert wardbot("measures", "import", str(file), env=env).returncode == 0
    done = wardbot("plan", "review", "--ward", "Sitwell", env=env)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Sitwell: review of the ward plan" in out
    raised = out.split("Raised here, not in the ward plan:")[1].split("Priorities")[0]
    assert "Transport and road safety: 2 update(s)" in raised
    assert "speedwatch on Greystones Road" in raised
    assert "litter pick" not in raised  # the environment is in Sitwell's plan
    quiet = out.split("Priorities with no activity:")[1].split("Outcome measures")[0]
    assert "2. Improve provision for young people and older residents" in quiet
    assert "1. Keep working with partners to reduce flooding impacts" not in quiet
    assert "Older residents who often feel lonely (Sitwell): 40% (Apr 2024) → 44% (Apr 2025)" in out
    assert "No reading yet: Streets graded A for litter" in out
    everyone = wardbot("plan", "review", env=env)
    assert everyone.stdout.count(": review of the ward plan") == 25
    unknown = wardbot("plan", "review", "--ward", "Atlantis", env=env)
    assert unknown.returncode == 2 and "I don't know a ward called 'Atlantis'" in unknown.stderr
