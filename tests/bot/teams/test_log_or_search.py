"""Teams: a post that could be an update or a question asks with two buttons and stores
nothing until one is pressed (issue 15)."""

from __future__ import annotations

from storage.db import Database
from storage.updates import count_updates, list_updates
from tests.bot.teams.conftest import Server
from tests.support.teams_connector import TeamsConnector, activity


async def test_search_answers_and_log_it_is_then_refused(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    await server.post(
        activity(
            service_url=connector.url,
            text="log Rotherham West: clear up of the fly tip on Ferham Rd done",
        )
    )
    await server.post(
        activity(service_url=connector.url, text="did anyone clear the fly tip on Ferham Rd")
    )
    asked = connector.calls[-1]
    assert "Nothing is stored yet" in asked.shown
    [card] = asked.cards
    choices = {a["title"]: a["data"] for a in card["actions"]}
    assert set(choices) == {"Log it", "Search"}
    await server.post(activity(service_url=connector.url, value=choices["Search"]))
    assert "fly tip on Ferham Rd done" in connector.calls[-1].shown
    await server.post(activity(service_url=connector.url, value=choices["Log it"]))
    assert "dealt with already" in connector.calls[-1].shown
    assert await count_updates(db) == 1
    assert len(await list_updates(db, ward_slug="rotherham-west")) == 1


async def test_a_notice_offers_one_button_and_logs_only_when_pressed(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    notice = "coffee morning at Ferham Rd community centre tues 10-12, all welcome"
    await server.post(activity(service_url=connector.url, text=notice))
    offered = connector.calls[-1]
    assert "Not logged" in offered.shown and await count_updates(db) == 0
    [card] = offered.cards
    [log_it] = card["actions"]
    assert log_it["title"] == "Log it"
    await server.post(activity(service_url=connector.url, value=log_it["data"]))
    assert "Logged for Rotherham West" in connector.calls[-1].shown
    [update] = await list_updates(db, ward_slug="rotherham-west")
    assert update.text == notice
