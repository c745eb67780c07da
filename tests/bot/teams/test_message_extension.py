""" "Log as ward activity" on someone's message: a dialog with the form, then the update."""

from __future__ import annotations

from typing import Any

from storage.audit import recent_audit
from storage.db import Database
from storage.people import set_role
from storage.updates import count_updates, list_updates
from tests.bot.teams.conftest import Server
from tests.support.teams_connector import TeamsConnector, activity

CHANNEL = "19:neighbourhoods@thread.tacv2"
MESSAGE = {
    "id": "1700000000555",
    "messageType": "message",
    "createdDateTime": "2025-10-10T09:00:00.000Z",
    "linkToMessage": "https://teams.example/l/message/19:neighbourhoods/1700000000555",
    "from": {
        "user": {"id": "aad-sam", "displayName": "Sam Partner", "userIdentityType": "aadUser"}
    },
    "body": {
        "contentType": "html",
        "content": "<p>Great turnout at <b>Herringthorpe Valley Park</b> today:&nbsp;40 attended</p>",
    },
}


def invoke(connector: TeamsConnector, name: str, value: dict[str, Any]) -> dict[str, Any]:
    return activity(
        "invoke",
        service_url=connector.url,
        name=name,
        value=value,
        conversation=f"{CHANNEL};messageid=1700000000555",
        conversation_type="channel",
    )


async def test_a_message_becomes_an_update_by_its_author(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    opened = await server.post(
        invoke(
            connector,
            "composeExtension/fetchTask",
            {
                "commandId": "logWardActivity",
                "commandContext": "message",
                "messagePayload": MESSAGE,
            },
        )
    )
    assert opened.status == 200
    task = opened.body["task"]
    assert task["type"] == "continue"
    form = task["value"]["card"]["content"]
    inputs = {e["id"]: e for e in form["body"] if "id" in e}
    assert (
        inputs["text"]["value"] == "Great turnout at Herringthorpe Valley Park today: 40 attended"
    )
    assert inputs["ward"]["value"] == "sitwell"  # the park is in Sitwell

    values = {
        "action": "log_form",
        "ward": "sitwell",
        "text": inputs["text"]["value"],
        "people_reached": "40",
    }
    wrong = {**values, "people_reached": "forty", "occurred_on": "next week"}
    refused = await server.post(
        invoke(
            connector,
            "composeExtension/submitAction",
            {"commandId": "logWardActivity", "data": wrong, "messagePayload": MESSAGE},
        )
    )
    assert refused.status == 200
    again = refused.body["task"]["value"]["card"]["content"]
    shown = str(again["body"])
    assert "A whole number" in shown and "Use a date like" in shown
    assert await count_updates(db) == 0

    done = await server.post(
        invoke(
            connector,
            "composeExtension/submitAction",
            {"commandId": "logWardActivity", "data": values, "messagePayload": MESSAGE},
        )
    )
    assert done.status == 200
    confirmation = str(done.body["task"]["value"]["card"]["content"]["body"])
    assert "Logged for Sitwell" in confirmation
    [update] = await list_updates(db)
    assert update.author == "Sam Partner"  # who wrote the message, not who filed it
    assert update.author_key == "teams:aad-sam"
    assert update.people_reached == 40
    assert update.source_link == MESSAGE["linkToMessage"]
    assert update.channel_id == CHANNEL
    assert connector.calls == []  # all of it happened in the dialog

    # Filing the same message again does not store it twice.
    await server.post(
        invoke(
            connector,
            "composeExtension/submitAction",
            {"commandId": "logWardActivity", "data": values, "messagePayload": MESSAGE},
        )
    )
    assert await count_updates(db) == 1


async def test_from_the_compose_box_the_form_is_empty_and_the_filer_is_the_author(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    opened = await server.post(
        invoke(
            connector,
            "composeExtension/fetchTask",
            {"commandId": "logWardActivity", "commandContext": "compose"},
        )
    )
    form = opened.body["task"]["value"]["card"]["content"]
    inputs = {e["id"]: e for e in form["body"] if "id" in e}
    assert "value" not in inputs["text"] and "value" not in inputs["ward"]
    values = {"action": "log_form", "ward": "sitwell", "text": "Coffee morning at the library"}
    await server.post(
        invoke(
            connector,
            "composeExtension/submitAction",
            {"commandId": "logWardActivity", "data": values},
        )
    )
    [update] = await list_updates(db)
    assert (update.author, update.author_key) == ("Jo Officer", "teams:29:jo")


async def test_who_files_a_message_must_be_allowed_to_log(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    """The message's author (an officer) is not the one acting: a Board member filing it
    logs nothing, whoever wrote it."""
    await set_role(db, key="teams:29:jo", role="board", actor="test")
    values = {"action": "log_form", "ward": "sitwell", "text": "Great turnout, 40 attended"}
    refused = await server.post(
        invoke(
            connector,
            "composeExtension/submitAction",
            {"commandId": "logWardActivity", "data": values, "messagePayload": MESSAGE},
        )
    )
    assert refused.status == 200
    assert "`log` is for" in refused.body["task"]["value"]
    assert await count_updates(db) == 0
    [audited] = await recent_audit(db, action="access.refused")
    assert audited.actor == "teams:29:jo"
