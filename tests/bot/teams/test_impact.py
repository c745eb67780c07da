"""Evidence of impact over Teams: measure readings, partners, money, case studies, review."""

from __future__ import annotations

from datetime import date

from handlers import domain
from handlers.chat.context import Context
from storage.measures import list_measures, save_measures
from tests.bot.teams.conftest import Server
from tests.support.teams_connector import TeamsConnector, activity

ONE_TO_ONE = "a:1on1-jo"

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


async def say(server: Server, connector: TeamsConnector, text: str, **more: object) -> str:
    before = len(connector.sent_to(str(more.get("conversation", ONE_TO_ONE))))
    answer = await server.post(activity(service_url=connector.url, text=text, **more))  # type: ignore[arg-type]
    assert answer.status in (200, 201)
    sent = connector.sent_to(str(more.get("conversation", ONE_TO_ONE)))[before:]
    return "\n".join(call.shown for call in sent)


async def test_an_officer_who_works_in_the_ward_records_a_reading(
    server: Server, connector: TeamsConnector, ctx: Context
) -> None:
    await save_measures(ctx.db, [TOOTH_DECAY], actor="test")
    refused = await say(server, connector, "measure Rotherham East: tooth decay 28")
    assert "recorded by its officers" in refused
    assert (await list_measures(ctx.db))[0].readings == 0

    logged = await say(
        server, connector, "log Rotherham East: tooth brushing session at the nursery, 20 children"
    )
    assert "Logged for Rotherham East" in logged
    shown = await say(server, connector, "measure Rotherham East: tooth decay 28 on 2026-09-30")
    assert (
        "Recorded 28% for Five-year-olds with tooth decay (Rotherham East) on 30 Sep 2026" in shown
    )
    assert "Direction\nimproving\nProgress\non track" in shown
    [after] = await list_measures(ctx.db)
    assert (after.latest, after.latest_on, after.readings) == (28, date(2026, 9, 30), 1)
