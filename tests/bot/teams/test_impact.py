"""Evidence of impact over Teams: measure readings, partners, money, case studies, review."""

from __future__ import annotations

from datetime import date

from handlers import domain
from handlers.chat.context import Context
from storage.measures import list_measures, save_measures
from storage.updates import list_updates
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


async def press(server: Server, connector: TeamsConnector, action: str, value: str) -> str:
    before = len(connector.sent_to(ONE_TO_ONE))
    answer = await server.post(
        activity(service_url=connector.url, value={"action": action, "value": value})
    )
    assert answer.status in (200, 201)
    return "\n".join(call.shown for call in connector.sent_to(ONE_TO_ONE)[before:])


def button_value(connector: TeamsConnector, title: str) -> str:
    for call in reversed(connector.sent_to(ONE_TO_ONE)):
        for card in call.cards:
            for action in card.get("actions", []):
                if action.get("title") == title:
                    return str(action["data"]["value"])
    raise AssertionError(f"no button {title!r}")


async def test_partners_money_and_a_new_partner_confirmed_in_teams(
    server: Server, connector: TeamsConnector, ctx: Context
) -> None:
    logged = await say(
        server,
        connector,
        "log Keppel: coffee morning with Age UK and SYP at Kimberworth Park Bowls Club, "
        "20 came, raised £150 for the club",
    )
    assert "Add Kimberworth Park Bowls Club as a partner?" in logged
    [update] = await list_updates(ctx.db, ward_slug="keppel")
    assert update.partners == ("Age UK Rotherham", "South Yorkshire Police")
    value = button_value(connector, "Add Kimberworth Park Bowls Club as a partner?")
    added = await press(server, connector, "partner_add", value)
    assert "Added Kimberworth Park Bowls Club as a partner of #" in added
    again = await say(
        server,
        connector,
        "log Keppel: bowls taster day at Kimberworth Park Bowls Club with the CLF paying "
        "£500 for new mats",
    )
    assert "as a partner?" not in again and "£500 granted (Community Leadership Fund)" in again
    digest = await say(server, connector, "digest preview Keppel", user="29:admin")
    assert "Age UK Rotherham, Kimberworth Park Bowls Club, South Yorkshire Police" in digest
    assert "In all: £150 raised, £500 granted" in digest


async def test_a_case_study_from_its_button_and_shared_to_a_teams_channel_once(
    server: Server, connector: TeamsConnector, ctx: Context
) -> None:
    channel = "19:sitwell@thread.tacv2"
    installed = await server.post(
        activity(
            "installationUpdate",
            service_url=connector.url,
            conversation=channel,
            conversation_type="channel",
            action="add",
        )
    )
    assert installed.status == 200
    await say(
        server,
        connector,
        "link Sitwell",
        mention=True,
        conversation=channel,
        conversation_type="channel",
        user="29:admin",
        user_name="Ada Admin",
    )
    await say(
        server, connector, "log Boston Castle: lunch club for isolated older residents, 25 came"
    )
    [update] = await list_updates(ctx.db, ward_slug="boston-castle")
    form = await press(server, connector, "case", button_value(connector, "Case study"))
    assert f"Case study: #{update.id} Boston Castle" in form and "What difference it made" in form
    before = len(connector.sent_to(ONE_TO_ONE))
    submitted = await server.post(
        activity(
            service_url=connector.url,
            value={
                "action": f"case_form:{update.id}",
                "what": "A weekly lunch club",
                "who_for": "Older residents living alone",
                "difference": "Regulars say they feel less lonely",
                "quote": "I look forward to Tuesdays",
            },
        )
    )
    assert submitted.status in (200, 201)
    saved = "\n".join(c.shown for c in connector.sent_to(ONE_TO_ONE)[before:])
    assert f"Case study saved: #{update.id} Boston Castle" in saved

    posted_before = len(connector.sent_to(channel))
    shared = await say(server, connector, f"share {update.id}")
    assert f"Shared #{update.id} as good practice with 1 channel(s): Sitwell." in shared
    posts = connector.sent_to(channel)[posted_before:]
    assert len(posts) == 1 and "Good practice from Boston Castle" in posts[0].shown
    assert "I look forward to Tuesdays" in posts[0].shown
    again = await say(server, connector, f"share {update.id}")
    assert "Already shared with: Sitwell" in again
    assert len(connector.sent_to(channel)) == posted_before + 1


async def test_review_in_teams(server: Server, connector: TeamsConnector) -> None:
    await say(server, connector, "log Sitwell: speedwatch on Greystones Road, 4 volunteers")
    shown = await say(server, connector, "review Sitwell")
    assert "Sitwell: review of the ward plan" in shown
    assert "Transport and road safety: 1 update(s)" in shown
    assert "speedwatch on Greystones Road" in shown
