"""Every shape a signed Slack payload can take is answered, ignored or 400: never a 5xx.

A 5xx makes Slack send an event again and again, and logs a traceback each time. Each
payload below is one Slack really sends; every field in it, at any depth, is replaced in
turn by each other JSON shape (or left out), and the answer must still be below 500.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.slack.render import FORM_CALLBACK
from storage.updates import count_updates, list_updates
from tests.bot.slack.conftest import Stack
from tests.support.slack_api import APP_TEAM, BOT_USER

USER = {"id": "U1", "name": "jo", "team_id": APP_TEAM}
LEFT_OUT = object()
SHAPES: tuple[Any, ...] = (LEFT_OUT, None, "x", 7, ["x"], {"x": "y"})
FORM_METADATA = json.dumps({"channel": "C1", "home": "", "submit": "log_form"})


def event(inner: dict[str, Any]) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": APP_TEAM,
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": "EvShape",
        "event_time": 1710000000,
        "authorizations": [{"team_id": APP_TEAM, "user_id": BOT_USER, "is_bot": True}],
        "event": inner,
    }


EDITED = {
    "type": "message",
    "subtype": "message_changed",
    "channel": "C1",
    "channel_type": "channel",
    "ts": "1710000001.000200",
    "message": {
        "type": "message",
        "user": "U1",
        "text": f"<@{BOT_USER}> log Wath: bulb planting, 12 volunteers",
        "ts": "1710000000.000100",
        "edited": {"user": "U1", "ts": "1710000001.000000"},
    },
    "previous_message": {
        "type": "message",
        "user": "U1",
        "text": f"<@{BOT_USER}> log Wath: bulb planting, 8 volunteers",
        "ts": "1710000000.000100",
    },
}
DELETED = {
    "type": "message",
    "subtype": "message_deleted",
    "channel": "C1",
    "ts": "1710000002.000200",
    "deleted_ts": "1710000000.000100",
    "previous_message": {"type": "message", "user": "U1", "text": "log Wath: x", "ts": "1"},
}
MENTION = {
    "type": "app_mention",
    "user": "U1",
    "text": f"<@{BOT_USER}> wards",
    "ts": "1710000003.000200",
    "channel": "C1",
    "event_ts": "1710000003.000200",
}
DIRECT = {
    "type": "message",
    "channel_type": "im",
    "user": "U1",
    "text": "help",
    "ts": "1710000004.000200",
    "channel": "D1",
}
HOME = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
SHORTCUT = {
    "type": "message_action",
    "callback_id": "log_message",
    "trigger_id": "trigger-shortcut",
    "response_url": "RESPONSE_URL",
    "team": {"id": APP_TEAM, "domain": "council"},
    "channel": {"id": "C7", "name": "wath-ward"},
    "user": USER,
    "message": {"type": "message", "user": "U2", "text": "Wath: grotto", "ts": "1710000200.3"},
    "message_ts": "1710000200.3",
}
BUTTON = {
    "type": "block_actions",
    "team": {"id": APP_TEAM},
    "user": USER,
    "api_app_id": "A1",
    "trigger_id": "trigger-undo",
    "container": {"type": "message", "message_ts": "1710000300.1", "channel_id": "C1"},
    "channel": {"id": "C1"},
    "response_url": "RESPONSE_URL",
    "actions": [
        {
            "type": "static_select",
            "action_id": "undo",
            "block_id": "b1",
            "value": "1",
            "selected_option": {"value": "1"},
        }
    ],
}
FORM_VIEW = {
    "id": "V100",
    "hash": "h1",
    "type": "modal",
    "callback_id": FORM_CALLBACK,
    "private_metadata": FORM_METADATA,
    "title": {"type": "plain_text", "text": "Log activity"},
    "blocks": [{"type": "input", "block_id": "ward", "element": {"type": "static_select"}}],
    "state": {
        "values": {
            "ward": {"ward": {"type": "static_select", "selected_option": {"value": "wath"}}},
            "themes": {
                "themes": {"type": "multi_static_select", "selected_options": [{"value": "x"}]}
            },
            "text": {"text": {"type": "plain_text_input", "value": "bulb planting"}},
        }
    },
}
WARD_PICKED = {
    "type": "block_actions",
    "team": {"id": APP_TEAM},
    "user": USER,
    "api_app_id": "A1",
    "trigger_id": "trigger-ward",
    "container": {"type": "view", "view_id": "V100"},
    "view": FORM_VIEW,
    "actions": [
        {
            "type": "static_select",
            "action_id": "ward",
            "block_id": "ward",
            "selected_option": {"value": "wath"},
        }
    ],
}
SUBMITTED = {
    "type": "view_submission",
    "team": {"id": APP_TEAM},
    "user": USER,
    "api_app_id": "A1",
    "trigger_id": "trigger-submit",
    "view": FORM_VIEW,
}

EVENTS = {"edited": EDITED, "deleted": DELETED, "mention": MENTION, "direct": DIRECT, "home": HOME}
INTERACTIONS = {
    "shortcut": SHORTCUT,
    "button": BUTTON,
    "ward picked": WARD_PICKED,
    "submitted": SUBMITTED,
}


def variants(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path, shape) for every place in `node` and every shape it does not have already."""
    children: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        children = list(node.items())
    elif isinstance(node, list):
        children = list(enumerate(node))
    for key, child in children:
        here = (*path, key)
        for shape in SHAPES:
            if shape is LEFT_OUT or type(shape) is not type(child):
                yield here, shape
        yield from variants(child, here)


def changed(payload: dict[str, Any], path: tuple[Any, ...], shape: Any) -> dict[str, Any]:
    out = copy.deepcopy(payload)
    node = out
    for key in path[:-1]:
        node = node[key]
    if shape is LEFT_OUT:
        del node[path[-1]]
    else:
        node[path[-1]] = copy.deepcopy(shape)
    return out


async def _logged(stack: Stack) -> None:
    """An update from the message the edits and deletes refer to, so they have work to do."""
    answer = await stack.slack.event(
        {**MENTION, "text": EDITED["previous_message"]["text"], "ts": "1710000000.000100"}
    )
    assert answer.status == 200
    assert await count_updates(stack.ctx.db) == 1


async def _answers(stack: Stack, body: dict[str, Any], *, interaction: bool) -> list[str]:
    """The requests among all variants of `body` that were answered 5xx."""
    text = json.dumps(body).replace("RESPONSE_URL", stack.api.response_url("shape"))
    body = json.loads(text)
    failed = []
    for path, shape in variants(body):
        sent = changed(body, path, shape)
        if interaction:
            answer = await stack.slack.interaction(sent)
        else:
            answer = await stack.slack.post(json.dumps(sent), content_type="application/json")
        if answer.status >= 500 or "Traceback" in answer.text:
            shown = "left out" if shape is LEFT_OUT else json.dumps(shape)
            failed.append(f"{'.'.join(map(str, path))} = {shown}: {answer.status}")
    await stack.channel.listeners.drain()
    return failed


@pytest.mark.parametrize("name", EVENTS)
async def test_every_shape_of_an_event_is_answered_below_500(stack: Stack, name: str) -> None:
    await _logged(stack)
    assert await _answers(stack, event(EVENTS[name]), interaction=False) == []


@pytest.mark.parametrize("name", INTERACTIONS)
async def test_every_shape_of_an_interaction_is_answered_below_500(stack: Stack, name: str) -> None:
    await _logged(stack)
    assert await _answers(stack, INTERACTIONS[name], interaction=True) == []


@pytest.mark.parametrize("message", ["an edit", 7, ["x"], None])
async def test_an_edit_whose_message_is_not_an_object_changes_nothing(
    stack: Stack, message: Any
) -> None:
    """Finding 8: `message` a string gave a 500, and Slack retried it for ever."""
    await _logged(stack)
    answer = await stack.slack.event({**EDITED, "message": message})
    assert answer.status in (200, 400), answer.text
    [update] = await list_updates(stack.ctx.db)
    assert update.volunteers == 8
