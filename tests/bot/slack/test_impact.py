"""Evidence of impact over Slack: measure readings, partners, money, case studies, review."""

from __future__ import annotations

from datetime import date

from handlers import domain
from storage.measures import list_measures, save_measures
from tests.bot.slack.conftest import Stack

TOOTH_DECAY = domain.NewMeasure(
    ward_slug="rotherham-east",
    name="Five-year-olds with tooth decay",
    unit="%",
    project="Oral health",
    baseline=32,
    baseline_on=date(2024, 3, 31),
    source="Public Health",
    target=25,
    target_on=date(2028, 3, 31),
)


async def test_an_officer_of_the_ward_records_a_reading_others_are_refused(stack: Stack) -> None:
    await save_measures(stack.ctx.db, [TOOTH_DECAY], actor="test")
    refused = (
        await stack.slack.command("measure Rotherham East: tooth decay 28 on 2026-09-30")
    ).json()
    assert refused["response_type"] == "ephemeral"
    assert "recorded by its officers" in refused["text"]
    [before] = await list_measures(stack.ctx.db)
    assert before.readings == 0

    linked = (await stack.slack.command("link Rotherham East", user="UADMIN")).json()
    assert "Rotherham East" in linked["text"]
    body = (await stack.slack.command("measure tooth decay 28% on 2026-09-30")).json()
    assert body["response_type"] == "in_channel"
    assert body["text"].startswith(
        "Recorded 28% for Five-year-olds with tooth decay (Rotherham East) on 30 Sep 2026"
    )
    assert "Improving" in body["text"]
    assert "Baseline" in str(body["blocks"]) and "32% (31 Mar 2024)" in str(body["blocks"])
    [after] = await list_measures(stack.ctx.db)
    assert (after.latest, after.latest_on) == (28, date(2026, 9, 30))

    unknown = (await stack.slack.command("measure bus shelters 3")).json()
    assert "I have no measure 'bus shelters' in Rotherham East" in unknown["text"]
    assert "'Five-year-olds with tooth decay'" in unknown["text"]
    no_value = (await stack.slack.command("measure tooth decay lots")).json()
    assert "What is the new value?" in no_value["text"]
    future = (await stack.slack.command("measure tooth decay 20 on 2099-01-01")).json()
    assert "as a date that has passed" in future["text"]
    [still] = await list_measures(stack.ctx.db)
    assert still.readings == 1

    await stack.slack.command(
        "digest preview Rotherham East", user="UADMIN", response_url=stack.api.response_url("d")
    )
    [shown] = await stack.api.wait_for("response_url", within=30)
    assert (
        "Five-year-olds with tooth decay (Rotherham East): 32% (Mar 2024) → 28% (Sep 2026)"
        in str(shown.params)
    )
