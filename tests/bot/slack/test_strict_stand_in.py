"""The fake Slack Web API refuses what Slack refuses: each documented limit, through the real SDK."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.support.slack_api import SlackApi


def section(text: str = "Litter pick, 23 volunteers") -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(*, text: str = "Undo", value: str = "1", action_id: str = "undo") -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": text},
                "value": value,
                "action_id": action_id,
            }
        ],
    }


def modal(**change: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "wardbot_form",
        "title": {"type": "plain_text", "text": "Log ward activity"},
        "submit": {"type": "plain_text", "text": "Log it"},
        "blocks": [section()],
        **change,
    }


@pytest.fixture
async def slack() -> Any:
    async with SlackApi() as api:
        api.expect_refusals = True
        yield api, AsyncWebClient(token="xoxb-test", base_url=api.base_url)


async def test_a_valid_message_and_modal_are_taken(slack: tuple[SlackApi, AsyncWebClient]) -> None:
    api, client = slack
    posted = await client.chat_postMessage(
        channel="C1", text="Logged", blocks=[section(), button()]
    )
    opened = await client.views_open(trigger_id="t", view=modal())
    assert posted["ok"] and opened["ok"] and api.refusals == []


MESSAGES: dict[str, Callable[[], dict[str, Any]]] = {
    "unknown block type": lambda: {"text": "x", "blocks": [{"type": "sektion", "text": "x"}]},
    "unknown block field": lambda: {"text": "x", "blocks": [{**section(), "colour": "red"}]},
    "text object of the wrong type": lambda: {
        "text": "x",
        "blocks": [{"type": "header", "text": {"type": "mrkdwn", "text": "Sitwell"}}],
    },
    "51 blocks": lambda: {"text": "x", "blocks": [section()] * 51},
    "section text of 3,001": lambda: {"text": "x", "blocks": [section("a" * 3001)]},
    "11 fields": lambda: {
        "text": "x",
        "blocks": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
    },
    "a field of 2,001": lambda: {
        "text": "x",
        "blocks": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
    },
    "header of 151": lambda: {
        "text": "x",
        "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
    },
    "button text of 76": lambda: {"text": "x", "blocks": [button(text="b" * 76)]},
    "button value of 2,001": lambda: {"text": "x", "blocks": [button(value="v" * 2001)]},
    "action_id of 256": lambda: {"text": "x", "blocks": [button(action_id="a" * 256)]},
    "block_id of 256": lambda: {"text": "x", "blocks": [{**section(), "block_id": "b" * 256}]},
}


@pytest.mark.parametrize("make", MESSAGES.values(), ids=MESSAGES.keys())
async def test_invalid_blocks_are_refused_as_slack_refuses_them(
    slack: tuple[SlackApi, AsyncWebClient], make: Callable[[], dict[str, Any]]
) -> None:
    api, client = slack
    for method in (client.chat_postMessage, client.chat_postEphemeral):
        with pytest.raises(SlackApiError) as refused:
            await method(channel="C1", user="U1", **make())
        assert refused.value.response.status_code == 200
        assert refused.value.response["error"] == "invalid_blocks"
    assert len(api.refusals) == 2


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
async def test_blocks_without_a_top_level_text_are_refused(
    slack: tuple[SlackApi, AsyncWebClient],
) -> None:
    _, client = slack
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel="C1", blocks=[section()])
    assert refused.value.response["error"] == "no_text"


async def test_invalid_attachments_are_refused(slack: tuple[SlackApi, AsyncWebClient]) -> None:
    _, client = slack
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(
            channel="C1", text="x", attachments=[{"blocks": [{"type": "sektion"}]}]
        )
    assert refused.value.response["error"] == "invalid_attachments"


VIEWS: dict[str, Callable[[], dict[str, Any]]] = {
    "101 blocks": lambda: modal(blocks=[section()] * 101),
    "modal title of 25": lambda: modal(title={"type": "plain_text", "text": "t" * 25}),
    "private_metadata of 3,001": lambda: modal(private_metadata="m" * 3001),
    "no title": lambda: {k: v for k, v in modal().items() if k != "title"},
    "an invalid block": lambda: modal(blocks=[section("a" * 3001)]),
}


@pytest.mark.parametrize("make", VIEWS.values(), ids=VIEWS.keys())
async def test_invalid_views_are_refused(
    slack: tuple[SlackApi, AsyncWebClient], make: Callable[[], dict[str, Any]]
) -> None:
    _, client = slack
    with pytest.raises(SlackApiError) as refused:
        await client.views_open(trigger_id="t", view=make())
    assert refused.value.response["error"] == "invalid_arguments"
    assert refused.value.response["response_metadata"]["messages"]


async def test_a_response_url_refuses_invalid_blocks(
    slack: tuple[SlackApi, AsyncWebClient],
) -> None:
    api, _ = slack
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            api.response_url(), json={"text": "x", "blocks": [section() for _ in range(51)]}
        ) as answer,
    ):
        assert answer.status == 400 and await answer.text() == "invalid_blocks"


async def test_an_unexpected_refusal_fails_the_test_that_caused_it() -> None:
    with pytest.raises(AssertionError, match="Slack would refuse what wardbot sent"):
        async with SlackApi() as api:
            client = AsyncWebClient(token="xoxb-test", base_url=api.base_url)
            with pytest.raises(SlackApiError):
                await client.chat_postMessage(channel="C1", text="x", blocks=[section("")])
