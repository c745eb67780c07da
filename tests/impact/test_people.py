"""People reached and volunteers: one definition, kept apart everywhere."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from tests.bot.test_cli import wardbot
from tests.support.chat import ChatDriver


async def test_show_find_wards_and_digest_keep_volunteers_apart_from_people_reached(
    chat: ChatDriver,
) -> None:
    await chat.say("log Wales: coffee morning at the village hall, 20 came, 4 volunteers")
    shown = await chat.say("show Wales")
    assert (
        "coffee morning at the village hall, 20 came, 4 volunteers — 20 reached, 4 volunteers"
        in shown.text
    )
    assert shown.card is not None and "20 people reached, 4 volunteers" in shown.card.subtitle
    found = await chat.say("find coffee")
    assert "— 20 reached, 4 volunteers" in found.text and "24" not in found.text
    wards = await chat.say("wards")
    assert "Wales: 1 update(s), 20 people reached, 4 volunteers" in wards.text
    digest = await chat.say("digest preview")
    assert "People reached: 20" in digest.text and "Volunteers: 4" in digest.text


@pytest.mark.slow  # a wardbot process or several: the slow pass
def test_the_export_and_the_report_say_what_each_number_means(
    database_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    wardbot(
        "chat",
        env=env,
        stdin="log Wales: coffee morning at the village hall, 20 came, 4 volunteers, raised £120\n",
    )
    out = tmp_path / "out.csv"
    assert wardbot("export", "--format", "csv", "--out", str(out), env=env).returncode == 0
    [row] = list(csv.DictReader(out.open()))
    assert (row["people_reached"], row["volunteers"]) == ("20", "4")
    assert (row["money_gbp"], row["money_kind"]) == ("120.0", "raised")
    report = tmp_path / "r.html"
    made = wardbot("report", "--period", "this-month", "--out", str(report), env=env)
    assert made.returncode == 0, made.stderr
    html = report.read_text()
    assert "these are attendances, not distinct people" in html
    assert "never counted as people reached" in html
