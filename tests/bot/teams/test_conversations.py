"""Teams end to end: real activities over HTTP into our server, replies into a stand-in connector."""

from __future__ import annotations

import json

import pytest

from handlers.chat.context import Context
from handlers.commands.router import NOT_SAVED
from storage.db import Database
from storage.updates import count_updates, list_updates
from tests.bot.teams.conftest import Server
from tests.support.faults import connection_drops
from tests.support.teams_connector import TeamsConnector, activity

CHANNEL = "19:neighbourhoods@thread.tacv2"
PARK_POST = "litter pick at Herringthorpe Valley Park, 23 volunteers"


async def test_log_and_query_by_mention_in_a_channel_thread(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    thread = f"{CHANNEL};messageid=1700000000001"
    logged = await server.post(
        activity(
            service_url=connector.url,
            text=f"  log Sitwell: {PARK_POST}  ",
            mention=True,
            conversation=thread,
            conversation_type="channel",
            id="1700000000001",
        )
    )
    assert logged.status == 200
    [reply] = connector.calls
    # A reply in the thread the message started, as a card with Change and Undo.
    assert reply.conversation_id == thread
    assert reply.path.endswith("/activities/1700000000001")
    assert "Logged for Sitwell" in reply.shown
    assert "23" in reply.shown
    [card] = reply.cards
    assert card["version"] == "1.5"
    buttons = {a["title"]: a["data"] for a in card["actions"]}
    [update] = await list_updates(db)
    assert buttons["Undo"] == {"action": "undo", "value": str(update.id)}
    assert buttons["Change"] == {"action": "change", "value": str(update.id)}
    assert update.text == PARK_POST  # the mention and the spaces around it are gone
    assert update.author == "Jo Officer"
    assert update.author_key == "teams:29:jo"
    assert update.channel_id == CHANNEL  # the channel, not the thread
    assert update.volunteers == 23

    shown = await server.post(
        activity(
            service_url=connector.url,
            text="show   Sitwell ",
            mention=True,
            conversation=f"{CHANNEL};messageid=1700000000002",
            conversation_type="channel",
        )
    )
    assert shown.status == 200
    answer = connector.calls[-1]
    assert "Sitwell" in answer.shown
    assert "Herringthorpe Valley Park" in answer.shown


async def test_one_to_one_messages_need_no_mention(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    await server.post(activity(service_url=connector.url, text=f"log Sitwell: {PARK_POST}"))
    await server.post(activity(service_url=connector.url, text="wards"))
    logged, wards = connector.calls
    assert logged.conversation_id == "a:1on1-jo"
    assert "Logged for Sitwell" in logged.shown
    assert "Sitwell" in wards.shown and "1 update" in wards.shown
    assert await count_updates(db) == 1


async def test_a_repeated_activity_is_stored_and_answered_once(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    message = activity(service_url=connector.url, text=f"log Sitwell: {PARK_POST}", id="42")
    first = await server.post(message)
    again = await server.post(message)
    assert (first.status, again.status) == (200, 200)
    assert await count_updates(db) == 1
    assert len(connector.calls) == 1
    # The same activity id in another conversation is another message.
    elsewhere = activity(
        service_url=connector.url, text=f"log Sitwell: {PARK_POST}", id="42", conversation="a:sam"
    )
    await server.post(elsewhere)
    assert await count_updates(db) == 2


async def test_a_delivery_that_stored_nothing_is_handled_when_it_comes_again(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    """The update is committed before the delivery is marked answered: when storing fails,
    the same activity sent again is handled (and stored once), not ignored as a repeat."""
    message = activity(service_url=connector.url, text=f"log Sitwell: {PARK_POST}", id="43")
    with connection_drops(db, before="INSERT INTO ward_update") as dropped:
        first = await server.post(message)
    assert dropped and first.status == 200
    [told] = connector.calls
    assert told.shown == NOT_SAVED
    assert await count_updates(db) == 0

    again = await server.post(message)
    assert again.status == 200
    assert await count_updates(db) == 1
    assert "Logged for Sitwell" in connector.calls[-1].shown
    await server.post(message)
    assert await count_updates(db) == 1 and len(connector.calls) == 2


async def test_the_log_form_shows_errors_then_stores_a_valid_submission(
    server: Server, connector: TeamsConnector, db: Database, ctx: Context
) -> None:
    await server.post(activity(service_url=connector.url, value={"action": "open_log_form"}))
    [form_message] = connector.calls
    [form] = form_message.cards
    inputs = {e["id"]: e for e in form["body"] if "id" in e}
    assert inputs["ward"]["type"] == "Input.ChoiceSet"
    assert len(inputs["ward"]["choices"]) == len(ctx.plan.wards)
    assert inputs["themes"]["isMultiSelect"] is True
    assert inputs["text"]["isMultiline"] is True and inputs["text"]["isRequired"] is True
    assert inputs["occurred_on"]["type"] == "Input.Date"
    assert inputs["people_reached"]["type"] == "Input.Number"
    assert inputs["evidence_link"]["style"] == "Url"
    assert inputs["case_study"]["type"] == "Input.Toggle"
    [submit] = form["actions"]
    assert submit["type"] == "Action.Submit" and submit["data"] == {"action": "log_form"}

    # Teams merges the inputs into the button's data and sends it as the message's value.
    bad = {
        "action": "log_form",
        "ward": "",
        "text": " ",
        "volunteers": "lots",
        "evidence_link": "x",
    }
    refused = await server.post(
        activity(service_url=connector.url, value=bad, replyToId="reply-1000")
    )
    assert refused.status == 200
    reshown = connector.calls[-1]
    [again] = reshown.cards
    assert "Please check" in reshown.shown
    for error in ("Choose a ward.", "Say what happened.", "A whole number", "A web link"):
        assert error in reshown.shown
    assert {e["id"] for e in again["body"] if "id" in e} == set(inputs)
    assert await count_updates(db) == 0

    good = {
        "action": "log_form",
        "ward": "sitwell",
        "text": "Community clean-up on Herringthorpe Valley Road",
        "themes": "environment,community_groups",
        "occurred_on": "2025-10-01",
        "volunteers": "12",
        "people_reached": "",
        "partners": "Police, NHS",
        "evidence_link": "https://example.org/photos",
        "case_study": "true",
    }
    stored = await server.post(
        activity(service_url=connector.url, value=good, replyToId="reply-1001")
    )
    assert stored.status == 200
    assert "Logged for Sitwell" in connector.calls[-1].shown
    [update] = await list_updates(db)
    assert (update.volunteers, update.case_study, update.partners) == (12, True, ("Police", "NHS"))
    assert update.themes == ("environment", "community_groups")
    assert update.occurred_on.isoformat() == "2025-10-01"

    # A second click on the same card's button does not log it twice.
    await server.post(activity(service_url=connector.url, value=good, replyToId="reply-1001"))
    assert await count_updates(db) == 1
    assert "Already logged" in connector.calls[-1].shown


async def test_undo_button_removes_the_update(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    await server.post(activity(service_url=connector.url, text=f"log Sitwell: {PARK_POST}"))
    [card] = connector.calls[-1].cards
    undo = next(a["data"] for a in card["actions"] if a["title"] == "Undo")
    await server.post(activity(service_url=connector.url, value=undo, replyToId="reply-1000"))
    assert "Undone" in connector.calls[-1].shown
    assert await count_updates(db) == 0
    # Someone else's button press on it is refused, politely.
    await server.post(activity(service_url=connector.url, text=f"log Sitwell: {PARK_POST}"))
    [card] = connector.calls[-1].cards
    undo = next(a["data"] for a in card["actions"] if a["title"] == "Undo")
    await server.post(
        activity(service_url=connector.url, value=undo, user="29:sam", user_name="Sam")
    )
    assert "Only the person who logged" in connector.calls[-1].shown
    assert await count_updates(db) == 1


async def test_a_long_post_with_no_ward_is_logged_whole_from_the_ward_button(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    post = "litter pick in Wickersley today, 9 volunteers."
    while len(post) < 3000:
        post += " The group met at the usual spot and worked along the verges until lunch."
    await server.post(activity(service_url=connector.url, text=f"log {post}"))
    asked = connector.calls[-1]
    assert "Which ward is this for?" in asked.shown
    [card] = asked.cards
    choices = {a["title"]: a["data"] for a in card["actions"]}
    assert set(choices) == {"Wickersley North", "Thurcroft and Wickersley South", "Another ward…"}
    assert await count_updates(db) == 0
    pressed = choices["Wickersley North"]
    await server.post(activity(service_url=connector.url, value=pressed, replyToId="reply-1000"))
    assert "Logged for Wickersley North" in connector.calls[-1].shown
    [update] = await list_updates(db)
    assert update.text == post and update.author_key == "teams:29:jo"
    # Someone else's press, and a second press, store nothing more.
    await server.post(
        activity(service_url=connector.url, value=pressed, user="29:sam", user_name="Sam")
    )
    assert "Only the person who posted this update" in connector.calls[-1].shown
    other = choices["Thurcroft and Wickersley South"]
    await server.post(activity(service_url=connector.url, value=other, replyToId="reply-1000"))
    assert "Already logged for Wickersley North" in connector.calls[-1].shown
    assert await count_updates(db) == 1


async def test_choose_the_ward_sends_every_ward_and_logs_in_the_one_chosen(
    server: Server, connector: TeamsConnector, db: Database, ctx: Context
) -> None:
    await server.post(activity(service_url=connector.url, text="log litter pick on Brecks Lane"))
    [card] = connector.calls[-1].cards
    [choose] = [a["data"] for a in card["actions"]]
    await server.post(activity(service_url=connector.url, value=choose, replyToId="reply-1000"))
    [form] = connector.calls[-1].cards
    [ward] = [e for e in form["body"] if e.get("id") == "ward"]
    assert len(ward["choices"]) == len(ctx.plan.wards)
    [submit] = form["actions"]
    chosen = {**submit["data"], "ward": "wath"}
    await server.post(activity(service_url=connector.url, value=chosen, replyToId="reply-1001"))
    assert "Logged for Wath" in connector.calls[-1].shown
    [update] = await list_updates(db)
    assert update.ward_slug == "wath" and update.text == "litter pick on Brecks Lane"


@pytest.mark.parametrize(
    "value",
    [
        {"action": "log_in_ward", "value": json.dumps({"ward": "wath", "text": "gala, 40 came"})},
        {"action": "pd_keep", "value": json.dumps({"text": "Wath: gala, 40 came", "m": "x"})},
    ],
    ids=["old ward button", "old personal-data button"],
)
async def test_a_button_carrying_a_post_has_expired_and_stores_nothing(
    server: Server, connector: TeamsConnector, db: Database, value: dict[str, str]
) -> None:
    answer = await server.post(activity(service_url=connector.url, value=value))
    assert answer.status == 200
    assert "That button has expired" in connector.calls[-1].shown
    assert await count_updates(db, include_deleted=True) == 0
