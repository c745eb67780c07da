"""A message Slack refuses as built (invalid_blocks, ...) is logged, sent again once as text only,
and counted; a digest that did not arrive even so is not marked sent."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from bot.slack.api import web_client
from bot.slack.outbound import SlackSender
from handlers.chat.ports import DeliveryError
from handlers.digests.delivery import DeliveryPolicy, deliver_due
from tests.bot.slack.conftest import Stack, slack_settings
from tests.bot.slack.test_sender import DIGEST
from tests.support.slack_api import APP_TEAM, SlackApi
from tests.support.slack_requests import mention


def refusals(error: str, fallback: str) -> float:
    labels = {"platform": "slack", "error": error, "fallback": fallback}
    return REGISTRY.get_sample_value("wardbot_platform_refusals_total", labels) or 0.0


async def test_a_refused_digest_arrives_once_as_text_and_is_counted(
    api: SlackApi, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    sender = SlackSender(web_client(slack_settings(api, database_url)))
    before = refusals("invalid_blocks", "delivered")
    api.fail("chat.postMessage", error="invalid_blocks")
    with caplog.at_level(logging.WARNING):
        ts = await sender.send("C5", DIGEST)
    refused, again = api.calls_to("chat.postMessage")
    assert refused.json("blocks") and again.json("blocks") is None
    assert again.params["text"] == DIGEST.text and ts
    assert "invalid_blocks" in caplog.text and "text only" in caplog.text
    assert refusals("invalid_blocks", "delivered") == before + 1


async def test_a_digest_refused_even_as_text_is_a_delivery_failure(
    api: SlackApi, database_url: str
) -> None:
    sender = SlackSender(web_client(slack_settings(api, database_url)))
    before = refusals("msg_too_long", "failed")
    api.fail("chat.postMessage", error="msg_too_long", times=2)
    with pytest.raises(DeliveryError) as failed:
        await sender.send("C5", DIGEST)
    assert not failed.value.gone and "msg_too_long" in failed.value.reason
    assert len(api.calls_to("chat.postMessage")) == 2  # once as built, once as text: no more
    assert refusals("msg_too_long", "failed") == before + 1


async def test_a_digest_nothing_of_which_arrived_is_not_marked_sent(stack: Stack) -> None:
    stack.api.add_user("UADMIN", "Ada Admin")
    await stack.slack.command("digest subscribe weekly", user="UADMIN", channel="CBOARD")
    senders = {"slack": stack.channel.sender}
    monday = datetime.now(UTC).replace(hour=12)
    monday += timedelta(days=7 - monday.weekday())
    stack.api.fail("chat.postMessage", error="invalid_blocks", times=2)
    policy = DeliveryPolicy(retry_after=timedelta(0))
    first = await deliver_due(stack.ctx, senders, at=monday, worker="one", policy=policy)
    assert not first.sent and [sid for sid, _ in first.failed] == [1]
    later = await deliver_due(stack.ctx, senders, at=monday, worker="one", policy=policy)
    assert later.sent == [1]  # still owed, so sent when Slack takes it
    to_board = [
        c for c in stack.api.calls_to("chat.postMessage") if c.params["channel"] == "CBOARD"
    ]
    assert len(to_board) == 3 and to_board[-1].json("blocks")


async def test_a_refused_reply_in_a_thread_arrives_as_text(stack: Stack) -> None:
    before = refusals("invalid_blocks", "delivered")
    stack.api.fail("chat.postMessage", error="invalid_blocks")
    await stack.slack.event(mention("log Wath: gala planning meeting, 40 attended"))
    refused, again = await stack.api.wait_for("chat.postMessage", count=2)
    await stack.channel.listeners.drain()
    assert refused.json("blocks") and again.json("blocks") is None
    assert "Logged for Wath" in again.params["text"]
    assert again.params["thread_ts"] == refused.params["thread_ts"]
    assert refusals("invalid_blocks", "delivered") == before + 1


async def test_a_refused_reply_by_response_url_arrives_as_text(stack: Stack) -> None:
    before = refusals("invalid_blocks", "delivered")
    stack.api.fail("response_url", status=400, error="invalid_blocks")
    await stack.slack.interaction(
        {
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
                "text": "Wath: gala, 40 came",
                "ts": "1.2",
            },
            "message_ts": "1.2",
            "action_ts": "1.3",
        }
    )
    refused, again = await stack.api.wait_for("response_url", count=2)
    await stack.channel.listeners.drain()
    assert refused.json("blocks") and again.json("blocks") is None
    assert "Logged for Wath" in again.params["text"]
    assert refusals("invalid_blocks", "delivered") == before + 1
