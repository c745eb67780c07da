"""Shortcuts, buttons and the Log activity modal, as Slack posts them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from storage.updates import count_updates, get_update, list_updates
from tests.bot.slack.conftest import Stack
from tests.support.slack_api import APP_TEAM

USER = {"id": "U1", "name": "jo", "team_id": APP_TEAM}


def submission(
    view: dict[str, Any], values: dict[str, dict[str, Any]], user: str = "U1"
) -> dict[str, Any]:
    """A view_submission of `view` (as wardbot opened it) with the given element states."""
    by_field = {
        b["block_id"].split(".")[0]: b["block_id"] for b in view["blocks"] if "block_id" in b
    }
    state = {by_field[name]: {name: element} for name, element in values.items()}
    return {
        "type": "view_submission",
        "team": {"id": APP_TEAM},
        "user": {**USER, "id": user},
        "api_app_id": "A1",
        "trigger_id": "trigger-submit",
        "view": {
            **view,
            "id": "V100",
            "hash": "h1",
            "state": {"values": state},
        },
    }


def select(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def typed(value: str, kind: str = "plain_text_input") -> dict[str, Any]:
    return {"type": kind, "value": value}


async def test_message_shortcut_logs_someone_elses_message_with_a_link(stack: Stack) -> None:
    payload = {
        "type": "message_action",
        "callback_id": "log_message",
        "trigger_id": "trigger-1",
        "response_url": stack.api.response_url("shortcut"),
        "team": {"id": APP_TEAM, "domain": "council"},
        "channel": {"id": "C7", "name": "wath-ward"},
        "user": {"id": "U2", "name": "sam", "team_id": APP_TEAM},
        "message": {
            "type": "message",
            "user": "U1",
            "text": "Wath: Santa's grotto at the library, 85 children came &amp; loved it",
            "ts": "1710000200.000300",
        },
        "message_ts": "1710000200.000300",
        "action_ts": "1710000201.1",
    }
    answer = await stack.slack.interaction(payload)
    assert answer.status == 200
    [update] = await list_updates(stack.ctx.db, ward_slug="wath")
    assert update.author == "Jo Officer" and update.author_key == "slack:U1"  # the message's author
    assert update.text == "Santa's grotto at the library, 85 children came & loved it"
    assert update.people_reached == 85
    assert update.source_message_id == "C7:1710000200.000300"
    assert update.source_link == "https://council.slack.com/archives/C7/p1710000200000300"
    [reply] = await stack.api.wait_for("response_url")
    assert reply.params["response_type"] == "in_channel"
    assert "Logged for Wath" in reply.params["text"]
    # The same message shortcut twice stores it once.
    await stack.slack.interaction(payload)
    assert await count_updates(stack.ctx.db) == 1


async def test_log_modal_validates_then_stores(stack: Stack) -> None:
    answer = await stack.slack.command("log", channel="C9")
    assert answer.status == 200 and answer.text == ""
    [opened] = stack.api.calls_to("views.open")
    view = opened.json("view")
    assert view["type"] == "modal" and len(view["title"]["text"]) <= 24
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    assert kinds == {
        "ward": "static_select",
        "priority": "static_select",
        "themes": "multi_static_select",
        "text": "plain_text_input",
        "occurred_on": "datepicker",
        "people_reached": "number_input",
        "volunteers": "number_input",
        "partners": "plain_text_input",
        "evidence_link": "url_text_input",
        "case_study": "checkboxes",
    }
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    values = {
        "ward": select("sitwell"),
        "text": typed("Flood resilience drop-in at the community centre"),
        "occurred_on": {"type": "datepicker", "selected_date": tomorrow},
        "people_reached": typed("35", "number_input"),
        "evidence_link": typed("not a link", "url_text_input"),
        "themes": {"type": "multi_static_select", "selected_options": [{"value": "environment"}]},
        "case_study": {"type": "checkboxes", "selected_options": [{"value": "true"}]},
    }
    refused = await stack.slack.interaction(submission(view, values))
    assert refused.status == 200
    body = refused.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"occurred_on", "evidence_link"}
    assert "future" in body["errors"]["occurred_on"]
    assert await count_updates(stack.ctx.db) == 0

    values["occurred_on"] = {"type": "datepicker", "selected_date": date.today().isoformat()}
    values["evidence_link"] = typed("https://rotherham.gov.uk/flood", "url_text_input")
    accepted = await stack.slack.interaction(submission(view, values))
    assert accepted.status == 200 and accepted.text == ""  # the modal closes
    [update] = await list_updates(stack.ctx.db, ward_slug="sitwell")
    assert update.people_reached == 35 and update.case_study
    assert update.evidence_link == "https://rotherham.gov.uk/flood"
    assert update.themes == ("environment",)
    [post] = await stack.api.wait_for("chat.postMessage")
    assert post.params["channel"] == "C9" and "Logged for Sitwell" in post.params["text"]


async def test_choosing_a_ward_narrows_the_priorities(stack: Stack) -> None:
    await stack.slack.command("log")
    view = stack.api.calls_to("views.open")[0].json("view")
    every = next(b for b in view["blocks"] if b.get("block_id") == "priority")
    sitwell = [p for p in stack.ctx.plan.priorities_of("sitwell")]
    assert len(every["element"]["options"]) > len(sitwell)
    picked = {
        "type": "block_actions",
        "team": {"id": APP_TEAM},
        "user": USER,
        "api_app_id": "A1",
        "trigger_id": "trigger-ward",
        "container": {"type": "view", "view_id": "V100"},
        "view": {
            **view,
            "id": "V100",
            "hash": "h1",
            "state": {"values": {"text": {"text": typed("drop-in")}}},
        },
        "actions": [
            {
                "type": "static_select",
                "action_id": "ward",
                "block_id": "ward",
                "selected_option": {"value": "sitwell"},
                "action_ts": "1.2",
            }
        ],
    }
    assert (await stack.slack.interaction(picked)).status == 200
    [updated] = stack.api.calls_to("views.update")
    assert updated.params["view_id"] == "V100" and updated.params["hash"] == "h1"
    new_view = updated.json("view")
    narrowed = next(b for b in new_view["blocks"] if b.get("block_id", "").startswith("priority"))
    assert [o["value"] for o in narrowed["element"]["options"]] == [str(p.id) for p in sitwell]
    text = next(b for b in new_view["blocks"] if b.get("block_id") == "text")
    assert text["element"]["initial_value"] == "drop-in"  # what was typed is kept


async def test_undo_button_removes_the_update(stack: Stack) -> None:
    logged = (await stack.slack.command("log Wath: bulb planting, 8 volunteers")).json()
    [update] = await list_updates(stack.ctx.db)
    undo = next(
        e
        for b in logged["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "undo"
    )
    click = {
        "type": "block_actions",
        "team": {"id": APP_TEAM},
        "user": {**USER, "id": "U2"},
        "api_app_id": "A1",
        "trigger_id": "trigger-undo",
        "container": {"type": "message", "message_ts": "1710000300.1", "channel_id": "C1"},
        "channel": {"id": "C1"},
        "response_url": stack.api.response_url("undo"),
        "actions": [{**undo, "block_id": "b1", "action_ts": "1.3"}],
    }
    assert (await stack.slack.interaction(click)).status == 200
    [refusal] = await stack.api.wait_for("response_url")
    assert refusal.params["response_type"] == "ephemeral"
    assert "Only the person who logged" in refusal.params["text"]
    assert await count_updates(stack.ctx.db) == 1
    click["user"] = USER
    assert (await stack.slack.interaction(click)).status == 200
    await stack.api.wait_for("response_url", count=2)
    gone = await get_update(stack.ctx.db, update_id=update.id)
    assert gone is not None and gone.deleted_at is not None


async def test_change_button_opens_the_form_filled_in(stack: Stack) -> None:
    await stack.slack.command("log Wath: bulb planting, 8 volunteers")
    [update] = await list_updates(stack.ctx.db)
    click = {
        "type": "block_actions",
        "team": {"id": APP_TEAM},
        "user": USER,
        "api_app_id": "A1",
        "trigger_id": "trigger-change",
        "container": {"type": "message", "message_ts": "1710000301.1", "channel_id": "C1"},
        "channel": {"id": "C1"},
        "response_url": stack.api.response_url("change"),
        "actions": [
            {
                "type": "button",
                "action_id": "change",
                "value": str(update.id),
                "block_id": "b",
                "action_ts": "1",
            }
        ],
    }
    assert (await stack.slack.interaction(click)).status == 200
    [opened] = stack.api.calls_to("views.open")
    view = opened.json("view")
    assert json.loads(view["private_metadata"])["submit"] == f"log_form:{update.id}"
    ward = next(b for b in view["blocks"] if b.get("block_id") == "ward")
    assert ward["element"]["initial_option"]["value"] == "wath"
    values = {
        "ward": select("wath"),
        "text": typed("bulb planting, 12 volunteers"),
        "volunteers": typed("12", "number_input"),
    }
    assert (await stack.slack.interaction(submission(view, values))).status == 200
    changed = await get_update(stack.ctx.db, update_id=update.id)
    assert changed is not None and changed.volunteers == 12 and changed.edited_at is not None
    assert await count_updates(stack.ctx.db) == 1


async def test_home_search_shows_results_in_the_modal(stack: Stack) -> None:
    await stack.slack.command("log Hoober: speedwatch on Main Street")
    click = {
        "type": "block_actions",
        "team": {"id": APP_TEAM},
        "user": USER,
        "api_app_id": "A1",
        "trigger_id": "trigger-search",
        "container": {"type": "view", "view_id": "VHOME"},
        "view": {"id": "VHOME", "type": "home"},
        "actions": [
            {
                "type": "button",
                "action_id": "open_search_form",
                "block_id": "b",
                "value": "",
                "action_ts": "1",
            }
        ],
    }
    assert (await stack.slack.interaction(click)).status == 200
    view = stack.api.calls_to("views.open")[0].json("view")
    empty = (await stack.slack.interaction(submission(view, {"words": typed(" ")}))).json()
    assert empty["response_action"] == "errors" and "words" in empty["errors"]
    found = (await stack.slack.interaction(submission(view, {"words": typed("speedwatch")}))).json()
    assert found["response_action"] == "update"
    assert "speedwatch on Main Street" in str(found["view"]["blocks"])


async def test_choose_the_ward_opens_every_ward_and_logs_in_the_one_chosen(stack: Stack) -> None:
    asked = (await stack.slack.command("log litter pick on Brecks Lane, 6 volunteers")).json()
    choose = next(
        e
        for b in asked["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "choose_ward"
    )
    click = {
        "type": "block_actions",
        "team": {"id": APP_TEAM},
        "user": USER,
        "api_app_id": "A1",
        "trigger_id": "trigger-choose",
        "container": {"type": "message", "message_ts": "1710000302.1", "channel_id": "C1"},
        "channel": {"id": "C1"},
        "response_url": stack.api.response_url("choose"),
        "actions": [{**choose, "block_id": "b", "action_ts": "1"}],
    }
    assert (await stack.slack.interaction(click)).status == 200
    [opened] = stack.api.calls_to("views.open")
    view = opened.json("view")
    assert json.loads(view["private_metadata"])["submit"].startswith("log_in_ward:")
    assert (await stack.slack.interaction(submission(view, {"ward": select("wath")}))).status == 200
    [update] = await list_updates(stack.ctx.db)
    assert update.ward_slug == "wath" and update.volunteers == 6
