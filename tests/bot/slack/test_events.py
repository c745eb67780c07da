"""Mentions, direct messages, edits and deletions, retries: Events API over real HTTP."""

from __future__ import annotations

from storage.audit import recent_audit
from storage.updates import count_updates, get_update, list_updates
from tests.bot.slack.conftest import Stack
from tests.support.faults import connection_drops
from tests.support.slack_requests import mention


async def test_a_mention_logs_the_update_and_replies_in_thread(stack: Stack) -> None:
    event = mention("log Wath: gala planning meeting, 40 attended", ts="1710000001.000100")
    answer = await stack.slack.event(event)
    assert answer.status == 200
    # Committed before the 200 went back.
    [update] = await list_updates(stack.ctx.db, ward_slug="wath")
    assert update.text == "gala planning meeting, 40 attended"
    assert update.source_message_id == "C1:1710000001.000100"
    assert update.people_reached == 40
    [post] = await stack.api.wait_for("chat.postMessage")
    assert post.params["channel"] == "C1" and post.params["thread_ts"] == "1710000001.000100"
    assert "Logged for Wath" in post.params["text"]
    assert post.token == "xoxb-test"


async def test_a_direct_message_is_a_conversation(stack: Stack) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "U2",
        "text": "show Wath",
        "ts": "1710000002.000100",
    }
    assert (await stack.slack.event(event)).status == 200
    [post] = await stack.api.wait_for("chat.postMessage")
    assert post.params["channel"] == "D1" and "Wath" in post.params["text"]
    assert "thread_ts" not in post.params or post.params["thread_ts"] is None


async def test_channel_chatter_without_a_mention_is_left_alone(stack: Stack) -> None:
    event = {
        "type": "message",
        "channel_type": "channel",
        "channel": "C1",
        "user": "U1",
        "text": "log Wath: not for the bot",
        "ts": "1710000003.000100",
    }
    assert (await stack.slack.event(event)).status == 200
    await stack.channel.listeners.drain()
    assert await count_updates(stack.ctx.db) == 0
    assert stack.api.calls_to("chat.postMessage") == []


async def test_one_event_delivered_three_times_is_stored_and_answered_once(stack: Stack) -> None:
    event = mention("log Keppel: community clean-up, 12 volunteers", ts="1710000004.000100")
    first = await stack.slack.event(event, event_id="EvSAME")
    again = await stack.slack.event(event, event_id="EvSAME", retry_num=1)
    third = await stack.slack.event(event, event_id="EvSAME", retry_num=2)
    assert [first.status, again.status, third.status] == [200, 200, 200]
    # Slack has sent one message under a new event id too: the source message keys it.
    other = await stack.slack.event(event, event_id="EvOTHER")
    assert other.status == 200
    await stack.channel.listeners.drain()
    assert await count_updates(stack.ctx.db) == 1
    posts = stack.api.calls_to("chat.postMessage")
    assert len(posts) == 2  # the first delivery, and the re-sent one saying "Already logged"
    assert "Already logged" in posts[1].params["text"]


async def test_an_event_that_stored_nothing_is_handled_when_slack_sends_it_again(
    stack: Stack,
) -> None:
    """The same order as Teams: handled and committed, then marked answered. An event whose
    update could not be stored is refused (503), and Slack's retry stores and answers it."""
    event = mention("log Wath: gala planning meeting, 40 attended", ts="1710000004.000900")
    with connection_drops(stack.ctx.db, before="INSERT INTO ward_update") as dropped:
        first = await stack.slack.event(event, event_id="EvDROPPED")
    assert dropped and first.status == 503
    assert await count_updates(stack.ctx.db) == 0
    again = await stack.slack.event(event, event_id="EvDROPPED", retry_num=1)
    assert again.status == 200
    [post] = await stack.api.wait_for("chat.postMessage")
    assert "Logged for Wath" in post.params["text"]
    assert await count_updates(stack.ctx.db) == 1


async def test_editing_the_message_updates_the_record_and_deleting_it_removes_it(
    stack: Stack,
) -> None:
    ts = "1710000005.000100"
    await stack.slack.event(mention("log Wath: litter pick, 10 volunteers", ts=ts))
    [update] = await list_updates(stack.ctx.db, ward_slug="wath")
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C1",
        "channel_type": "channel",
        "hidden": True,
        "ts": "1710000099.000100",
        "message": {
            "type": "message",
            "user": "U1",
            "text": "<@UWARDBOT> log Sitwell: litter pick, 25 volunteers #environment",
            "ts": ts,
            "edited": {"user": "U1", "ts": "1710000099.000000"},
        },
        "previous_message": {"user": "U1", "text": "<@UWARDBOT> log Wath: litter pick", "ts": ts},
    }
    assert (await stack.slack.event(edited)).status == 200
    changed = await get_update(stack.ctx.db, update_id=update.id)
    assert changed is not None
    assert changed.ward_slug == "sitwell" and changed.volunteers == 25
    assert changed.text == "litter pick, 25 volunteers #environment"
    assert changed.themes == ("environment",) and changed.edited_at is not None

    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": "C1",
        "channel_type": "channel",
        "hidden": True,
        "deleted_ts": ts,
        "ts": "1710000100.000100",
        "previous_message": {"user": "U1", "text": "...", "ts": ts},
    }
    assert (await stack.slack.event(deleted)).status == 200
    assert await count_updates(stack.ctx.db) == 0
    gone = await get_update(stack.ctx.db, update_id=update.id)
    assert gone is not None and gone.deleted_at is not None
    actions = [a.action for a in await recent_audit(stack.ctx.db, limit=10)]
    assert actions[:3] == ["update.delete", "update.change", "update.create"]


async def test_edits_of_messages_never_logged_change_nothing(stack: Stack) -> None:
    await stack.slack.event(mention("log Wath: coffee morning", ts="1710000006.000100"))
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C1",
        "message": {"user": "U1", "text": "log Sitwell: something else", "ts": "1710000007.0001"},
        "previous_message": {"user": "U1", "text": "hello", "ts": "1710000007.0001"},
    }
    assert (await stack.slack.event(edited)).status == 200
    [update] = await list_updates(stack.ctx.db)
    assert update.ward_slug == "wath" and update.edited_at is None


async def test_app_home_shows_the_persons_updates(stack: Stack) -> None:
    await stack.slack.command("log Boston Castle: park clean-up in Clifton Park, 30 residents")
    opened = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    assert (await stack.slack.event(opened)).status == 200
    [publish] = await stack.api.wait_for("views.publish")
    view = publish.json("view")
    assert publish.params["user_id"] == "U1" and view["type"] == "home"
    shown = str(view["blocks"])
    assert "park clean-up in Clifton Park" in shown and "Boston Castle" in shown
    actions = next(b for b in view["blocks"] if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == ["open_log_form", "open_search_form"]


async def test_other_bots_mentioning_wardbot_are_ignored(stack: Stack) -> None:
    event = {**mention("log Wath: posted by a workflow"), "bot_id": "BOTHER"}
    assert (await stack.slack.event(event)).status == 200
    await stack.channel.listeners.drain()
    assert await count_updates(stack.ctx.db) == 0
    assert stack.api.calls_to("chat.postMessage") == []
