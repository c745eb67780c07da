"""Buttons that log a post (which ward? personal data?) log it whole, however long it is.

Slack keeps at most 2,000 characters in a button's value; a post may have 4,000.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from storage.updates import count_updates, list_updates
from tests.bot.slack.conftest import Stack
from tests.support.slack_api import APP_TEAM
from tests.support.slack_requests import mention

FILLER = (
    " The group met at the usual spot, shared out gloves and grabbers, and worked along"
    " the verges until lunch."
)


def long_post(start: str, size: int = 3000) -> str:
    post = start
    while len(post) < size:
        post += FILLER
    return post[:size].rstrip()


def buttons(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        e["text"]["text"]: e
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "button"
    }


def click(stack: Stack, button: dict[str, Any], *, user: str = "U1") -> dict[str, Any]:
    """A block_actions payload: `user` pressing `button` on an ephemeral prompt in C1."""
    return {
        "type": "block_actions",
        "team": {"id": APP_TEAM},
        "user": {"id": user, "name": user.lower(), "team_id": APP_TEAM},
        "api_app_id": "A1",
        "trigger_id": "trigger-held",
        "container": {
            "type": "message",
            "message_ts": "1710000900.1",
            "channel_id": "C1",
            "is_ephemeral": True,
        },
        "channel": {"id": "C1"},
        "response_url": stack.api.response_url("held"),
        "actions": [{**button, "block_id": "b1", "action_ts": "1710000901.1"}],
    }


async def answer_to(stack: Stack, payload: dict[str, Any]) -> str:
    """Press, and the text of the reply that comes back on the response_url."""
    before = len(stack.api.calls_to("response_url"))
    assert (await stack.slack.interaction(payload)).status == 200
    replies = await stack.api.wait_for("response_url", count=before + 1)
    return str(replies[-1].params["text"])


async def test_a_long_post_with_no_ward_is_logged_whole_from_the_ward_button(
    stack: Stack,
) -> None:
    post = long_post("litter pick in Wickersley today, 9 volunteers.")
    assert len(post) > 2900
    await stack.slack.event(mention(f"log {post}", ts="1710000800.000100"))
    [prompt] = await stack.api.wait_for("chat.postEphemeral")
    assert "Which ward is this for?" in prompt.params["text"]
    assert await count_updates(stack.ctx.db) == 0
    choices = buttons(prompt.json("blocks"))
    assert set(choices) == {"Wickersley North", "Thurcroft and Wickersley South", "Another ward…"}

    logged = await answer_to(stack, click(stack, choices["Wickersley North"]))
    assert "Logged for Wickersley North" in logged, logged
    [update] = await list_updates(stack.ctx.db)
    assert update.text == post  # every character, not the first 2,000
    assert update.author_key == "slack:U1" and update.volunteers == 9
    assert update.source_message_id == "C1:1710000800.000100"  # the post, so edits follow it

    # Pressing again, or pressing the other ward, stores nothing more.
    again = await answer_to(stack, click(stack, choices["Wickersley North"]))
    other = await answer_to(stack, click(stack, choices["Thurcroft and Wickersley South"]))
    assert "Already logged for Wickersley North" in again
    assert "Already logged for Wickersley North" in other
    assert await count_updates(stack.ctx.db) == 1


async def test_log_as_written_logs_a_long_post_with_personal_data_whole(stack: Stack) -> None:
    post = long_post(
        "welfare visit to Mrs Jean Holloway at 14 Elm Road, lives alone, has dementia, "
        "call her daughter on 07700 900123."
    )
    warned = (await stack.slack.command(f"log Sitwell: {post}")).json()
    assert "looks like it holds personal data" in warned["text"]
    assert warned["response_type"] == "ephemeral"
    choices = buttons(warned["blocks"])
    assert await count_updates(stack.ctx.db) == 0

    kept = await answer_to(stack, click(stack, choices["Log as written"]))
    assert "Logged for Sitwell" in kept, kept
    [update] = await list_updates(stack.ctx.db)
    assert update.text == post
    # Redact and log after Log as written: it was dealt with; nothing more is stored.
    again = await answer_to(stack, click(stack, choices["Redact and log"]))
    assert "Already logged for Sitwell" in again
    assert await count_updates(stack.ctx.db) == 1


async def test_someone_else_pressing_the_buttons_is_refused(stack: Stack) -> None:
    post = long_post("coffee morning, 15 came.")
    warned = await stack.slack.command(f"log Wath: {post} Ring Mrs Jean Holloway on 07700 900123")
    choices = buttons(warned.json()["blocks"])
    refused = await answer_to(stack, click(stack, choices["Log as written"], user="U2"))
    assert "Only the person who posted this update" in refused
    assert await count_updates(stack.ctx.db) == 0
    # ...and it is still there for the person who posted it.
    kept = await answer_to(stack, click(stack, choices["Redact and log"]))
    assert "Logged for Wath" in kept, kept


async def test_log_this_message_on_someone_elses_long_post_is_theirs(stack: Stack) -> None:
    """The message shortcut's person gets the ward buttons; the update is the author's."""
    post = long_post("litter pick in Wickersley today, 6 volunteers.")
    shortcut = {
        "type": "message_action",
        "callback_id": "log_message",
        "trigger_id": "trigger-shortcut",
        "response_url": stack.api.response_url("shortcut"),
        "team": {"id": APP_TEAM, "domain": "council"},
        "channel": {"id": "C7", "name": "wath-ward"},
        "user": {"id": "U2", "name": "sam", "team_id": APP_TEAM},
        "message": {"type": "message", "user": "U1", "text": post, "ts": "1710000950.000300"},
        "message_ts": "1710000950.000300",
        "action_ts": "1710000951.1",
    }
    assert (await stack.slack.interaction(shortcut)).status == 200
    [prompt] = await stack.api.wait_for("response_url")
    choices = buttons(prompt.params["blocks"])
    logged = await answer_to(stack, click(stack, choices["Wickersley North"], user="U2"))
    assert "Logged for Wickersley North" in logged, logged
    [update] = await list_updates(stack.ctx.db)
    assert update.text == post
    assert update.author_key == "slack:U1"  # Jo wrote it; Sam filed it
    assert update.source_link.endswith("p1710000950000300")


@pytest.mark.parametrize(
    ("action", "value"),
    [
        ("log_in_ward", {"ward": "wath", "text": "gala planning meeting, 40 attended"}),
        ("pd_keep", {"text": "Wath: coffee morning, 15 came", "m": "C1:1710000800.000100"}),
    ],
    ids=["ward", "personal data"],
)
async def test_a_button_from_before_posts_were_held_has_expired(
    stack: Stack, action: str, value: dict[str, str]
) -> None:
    old = {"type": "button", "action_id": action, "value": json.dumps(value)}
    answer = await answer_to(stack, click(stack, old))
    assert "That button has expired" in answer
    assert await count_updates(stack.ctx.db, include_deleted=True) == 0
