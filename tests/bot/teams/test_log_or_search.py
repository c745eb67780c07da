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
