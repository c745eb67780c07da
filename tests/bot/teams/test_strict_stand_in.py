"""The fake Bot Framework connector refuses what Teams refuses: invalid cards (400), big messages (413)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from tests.support.adaptive_card import ADAPTIVE_CARD
from tests.support.teams_connector import TeamsConnector


def card(*body: dict[str, Any], **root: Any) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": list(body) or [{"type": "TextBlock", "text": "Sitwell", "wrap": True}],
        "msteams": {"width": "Full"},
        **root,
    }


def message(*cards: dict[str, Any], text: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {"type": "message"}
    if text:
        body["text"] = text
    if cards:
        body["attachments"] = [{"contentType": ADAPTIVE_CARD, "content": c} for c in cards]
    return body


async def send(connector: TeamsConnector, body: dict[str, Any]) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{connector.url}v3/conversations/19:c/activities", json=body) as answer,
    ):
        return answer.status, await answer.json()


@pytest.fixture
async def strict() -> Any:
    async with TeamsConnector() as connector:
        connector.expect_refusals = True
        yield connector


async def test_a_valid_card_with_the_msteams_extension_is_taken(strict: TeamsConnector) -> None:
    status, _ = await send(strict, message(card()))
    assert status == 200 and len(strict.calls) == 1 and strict.refusals == []


INVALID: dict[str, Callable[[], dict[str, Any]]] = {
    "unknown element": lambda: card({"type": "TextBlok", "text": "x"}),
    "unknown property": lambda: card({"type": "TextBlock", "text": "x", "colour": "red"}),
    "a fact without a value": lambda: card({"type": "FactSet", "facts": [{"title": "Ward"}]}),
    "a wrong enum": lambda: card({"type": "TextBlock", "text": "x", "weight": "Heavy"}),
    "an unknown root property": lambda: card(teams={"width": "Full"}),
    "no version": lambda: {k: v for k, v in card().items() if k != "version"},
    "an image without a url": lambda: card({"type": "Image", "altText": "chart"}),
}


@pytest.mark.parametrize("make", INVALID.values(), ids=INVALID.keys())
async def test_an_invalid_card_is_answered_400(
    strict: TeamsConnector, make: Callable[[], dict[str, Any]]
) -> None:
    status, answer = await send(strict, message(make()))
    assert status == 400 and answer["error"]["code"] == "BadArgument"
    assert strict.calls == [] and len(strict.refused) == 1


async def test_a_message_past_100_kb_is_answered_413(strict: TeamsConnector) -> None:
    big = card(*[{"type": "TextBlock", "text": "x" * 5000, "wrap": True}] * 21)
    status, answer = await send(strict, message(big))
    assert status == 413 and answer["error"]["code"] == "MessageSizeTooBig"
    status, _ = await send(strict, message(text="y" * 101_000))
    assert status == 413
    assert strict.calls == []


async def test_an_unexpected_refusal_fails_the_test_that_caused_it() -> None:
    with pytest.raises(AssertionError, match="Teams would refuse what wardbot sent"):
        async with TeamsConnector() as connector:
            await send(connector, message(card({"type": "TextBlok"})))
