"""SlackSender: what digests post through, against the stand-in Web API."""

from __future__ import annotations

import logging

import pytest

from bot.slack.api import web_client
from bot.slack.outbound import SlackSender
from handlers.chat.messages import Card, Fact, Image, Reply
from handlers.chat.ports import DeliveryError
from tests.bot.slack.conftest import slack_settings
from tests.support.slack_api import SlackApi

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
DIGEST = Reply(
    text="Weekly digest: 3 updates in Sitwell",
    card=Card(
        title="Weekly digest",
        facts=tuple(Fact(f"Ward {i}", f"{i} updates") for i in range(25)),
        image=Image(alt="Updates by theme", png=PNG),
    ),
)


@pytest.fixture
def sender(api: SlackApi, database_url: str) -> SlackSender:
    return SlackSender(web_client(slack_settings(api, database_url)))


async def test_posts_the_card_and_uploads_the_chart(sender: SlackSender, api: SlackApi) -> None:
    ts = await sender.send("C5", DIGEST)
    [post] = api.calls_to("chat.postMessage")
    assert ts and post.params["channel"] == "C5"
    blocks = post.json("blocks")
    fields = [f for b in blocks if b["type"] == "section" for f in b.get("fields", [])]
    assert len(fields) == 25 and all(len(b.get("fields", [])) <= 10 for b in blocks)
    [complete] = api.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C5"
    assert list(api.uploads.values()) == [PNG]


async def test_rate_limits_and_server_errors_are_retried(
    sender: SlackSender, api: SlackApi
) -> None:
    api.fail("chat.postMessage", status=429, retry_after=0)
    api.fail("chat.postMessage", status=503)
    assert await sender.send("C5", Reply(text="hello"))
    assert len(api.calls_to("chat.postMessage")) == 3


async def test_a_channel_the_bot_left_is_gone(sender: SlackSender, api: SlackApi) -> None:
    api.fail("chat.postMessage", error="not_in_channel")
    with pytest.raises(DeliveryError) as failed:
        await sender.send("C5", Reply(text="hello"))
    assert failed.value.gone and "not_in_channel" in failed.value.reason


async def test_persistent_server_errors_are_a_delivery_error(
    sender: SlackSender, api: SlackApi
) -> None:
    api.fail("chat.postMessage", status=500, times=5)
    with pytest.raises(DeliveryError) as failed:
        await sender.send("C5", Reply(text="hello"))
    assert not failed.value.gone


async def test_a_chart_that_fails_does_not_repost_the_card(
    sender: SlackSender, api: SlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    api.fail("files.getUploadURLExternal", error="not_allowed_token_type")
    with caplog.at_level(logging.WARNING):
        assert await sender.send("C5", DIGEST)
    assert len(api.calls_to("chat.postMessage")) == 1
    assert "could not be uploaded" in caplog.text
