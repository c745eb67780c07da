"""A message Teams refuses (an invalid card: 400; too big: 413) is logged, sent again once as
text only, and counted; a digest that did not arrive even so is not marked sent."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from handlers.chat.context import Context
from handlers.digests.delivery import DeliveryPolicy, deliver_due
from tests.bot.teams.conftest import Server
from tests.support.teams_connector import TeamsConnector, activity

CHANNEL = "19:board@thread.tacv2"
NO_WAIT = DeliveryPolicy(retry_after=timedelta(0))


def refusals(status: int, fallback: str) -> float:
    labels = {"platform": "teams", "error": str(status), "fallback": fallback}
    return REGISTRY.get_sample_value("wardbot_platform_refusals_total", labels) or 0.0


def next_monday() -> datetime:
    now = datetime.now(UTC).replace(hour=12)
    return now + timedelta(days=7 - now.weekday())


async def subscribe(server: Server, connector: TeamsConnector) -> int:
    """wardbot installed in CHANNEL with a weekly digest; how many messages it sent there."""
    common = {"service_url": connector.url, "conversation": CHANNEL, "conversation_type": "channel"}
    await server.post(activity("installationUpdate", action="add", **common))
    subscribed = await server.post(
        activity(
            text="digest subscribe weekly",
            mention=True,
            user="29:admin",
            user_name="Ada Admin",
            **common,
        )
    )
    assert subscribed.status == 200
    return len(connector.sent_to(CHANNEL))


async def test_a_refused_digest_arrives_once_as_text_and_is_sent(
    server: Server,
    connector: TeamsConnector,
    ctx: Context,
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = await subscribe(server, connector)
    counted = refusals(400, "delivered")
    connector.fail(400, retry_after=None)
    with caplog.at_level(logging.WARNING):
        report = await deliver_due(
            ctx, {"teams": server.teams.sender}, at=next_monday(), worker="w"
        )
    assert report.sent == [1]
    [refused] = connector.refused
    assert refused.cards  # the card, refused
    [text] = connector.sent_to(CHANNEL)[before:]
    assert not text.cards and "Ward priorities with no activity" in text.text
    assert "400" in caplog.text and "text only" in caplog.text
    assert refusals(400, "delivered") == counted + 1


async def test_a_digest_nothing_of_which_arrived_is_not_marked_sent(
    server: Server, connector: TeamsConnector, ctx: Context
) -> None:
    before = await subscribe(server, connector)
    counted = refusals(413, "failed")
    connector.fail(413, times=2, retry_after=None)
    senders = {"teams": server.teams.sender}
    first = await deliver_due(ctx, senders, at=next_monday(), worker="w", policy=NO_WAIT)
    assert not first.sent and [sid for sid, _ in first.failed] == [1]
    assert len(connector.refused) == 2  # once as built, once as text: no more
    assert connector.sent_to(CHANNEL)[before:] == []
    assert refusals(413, "failed") == counted + 1
    later = await deliver_due(ctx, senders, at=next_monday(), worker="w", policy=NO_WAIT)
    assert later.sent == [1]  # still owed, so sent when Teams takes it
    assert connector.sent_to(CHANNEL)[before:][0].cards


async def test_a_refused_reply_arrives_as_text(server: Server, connector: TeamsConnector) -> None:
    counted = refusals(413, "delivered")
    connector.fail(413, retry_after=None)
    answer = await server.post(
        activity(service_url=connector.url, text="log Sitwell: litter pick, 23 volunteers")
    )
    assert answer.status == 200
    [refused] = connector.refused
    [text] = connector.calls
    assert refused.cards and not text.cards and "Sitwell" in text.text
    assert refusals(413, "delivered") == counted + 1
