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
    """As Slack's shortcut does: the message is logged at once, its author's, linked back."""
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
    logged = task["value"]["card"]["content"]
    assert "Logged for Sitwell" in str(logged["body"])  # the park is in Sitwell
    [update] = await list_updates(db)
    assert update.author == "Sam Partner"  # who wrote the message, not who filed it
    assert update.author_key == "teams:aad-sam"
    assert update.text == "Great turnout at Herringthorpe Valley Park today: 40 attended"
    assert update.people_reached == 40
    assert update.source_link == MESSAGE["linkToMessage"]
    assert update.channel_id == CHANNEL
    assert connector.calls == []  # all of it happened in the dialog

    # Filing the same message again does not store it twice.
    again = await server.post(
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
    assert "Already logged for Sitwell" in str(again.body["task"]["value"]["card"]["content"])
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
    wrong = {**values, "people_reached": "forty", "occurred_on": "next week"}
    refused = await server.post(
        invoke(
            connector,
            "composeExtension/submitAction",
            {"commandId": "logWardActivity", "data": wrong},
        )
    )
    assert refused.status == 200
    again = refused.body["task"]["value"]["card"]["content"]
    shown = str(again["body"])
    assert "A whole number" in shown and "Use a date like" in shown
    assert await count_updates(db) == 0
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
    filed = await server.post(
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
    assert filed.status == 200
    assert "`log` is for" in filed.body["task"]["value"]
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


async def test_a_bots_message_is_not_logged(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    """As in Slack: an update is what a person did; an app's post is nobody's."""
    posted_by_app = {
        **MESSAGE,
        "from": {"application": {"id": "app-1", "displayName": "Workflows"}},
    }
    answer = await server.post(
        invoke(
            connector,
            "composeExtension/fetchTask",
            {
                "commandId": "logWardActivity",
                "commandContext": "message",
                "messagePayload": posted_by_app,
            },
        )
    )
    assert answer.status == 200
    assert (
        answer.body["task"]["value"] == "I can only log messages that a person wrote, not a bot's."
    )
    assert await count_updates(db) == 0


async def test_which_ward_is_answered_in_the_dialog_and_the_update_is_the_authors(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    """A message that names no ward: the dialog asks the person filing it, as Slack asks."""
    post = "Litter pick in Wickersley today, 6 volunteers."
    unsure = {**MESSAGE, "body": {"contentType": "html", "content": f"<p>{post}</p>"}}
    asked = await server.post(
        invoke(
            connector,
            "composeExtension/fetchTask",
            {"commandId": "logWardActivity", "commandContext": "message", "messagePayload": unsure},
        )
    )
    card = asked.body["task"]["value"]["card"]["content"]
    assert "Which ward is this for?" in str(card["body"])
    choices = {a["title"]: a["data"] for a in card["actions"]}
    assert await count_updates(db) == 0
    chosen = await server.post(
        invoke(
            connector,
            "composeExtension/submitAction",
            {
                "commandId": "logWardActivity",
                "data": choices["Wickersley North"],
                "messagePayload": unsure,
            },
        )
    )
    assert "Logged for Wickersley North" in str(chosen.body["task"]["value"]["card"]["content"])
    [update] = await list_updates(db)
    assert (update.text, update.author_key) == (post, "teams:aad-sam")
    assert update.source_link == MESSAGE["linkToMessage"]
