"""A Board digest subscribed in a Teams channel and delivered through the connector stand-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.context import Context
from handlers.digest_delivery import deliver_due
from tests.bot.teams.conftest import ServerFactory
from tests.support.teams_connector import TeamsConnector, activity

CHANNEL = "19:board@thread.tacv2"


async def test_a_subscribed_channel_gets_the_digest_card_and_chart_once(
    start_server: ServerFactory, connector: TeamsConnector, ctx: Context
) -> None:
    async with start_server() as server:
        installed = await server.post(
            activity(
                "installationUpdate",
                service_url=connector.url,
                conversation=CHANNEL,
                conversation_type="channel",
                action="add",
            )
        )
        assert installed.status == 200
        subscribed = await server.post(
            activity(
                service_url=connector.url,
                text="digest subscribe weekly",
                mention=True,
                conversation=CHANNEL,
                conversation_type="channel",
                user="29:admin",
                user_name="Ada Admin",
            )
        )
        assert subscribed.status == 200
        assert "weekly" in connector.sent_to(CHANNEL)[-1].shown.lower()
        before = len(connector.sent_to(CHANNEL))

        senders = {"teams": server.teams.sender}
        now = datetime.now(UTC).replace(hour=12)
        monday = now + timedelta(days=7 - now.weekday())
        first = await deliver_due(ctx, senders, at=monday, worker="one")
        again = await deliver_due(ctx, senders, at=monday, worker="two")
    assert len(first.sent) == 1 and not again.sent
    delivered = connector.sent_to(CHANNEL)[before:]
    cards = [card for call in delivered for card in call.cards]
    assert any("digest" in str(card).lower() for card in cards)
    images = [
        attachment
        for call in delivered
        for attachment in call.body.get("attachments", [])
        if attachment.get("contentType", "").startswith("image/png")
    ]
    assert images, "the chart goes as an image attachment"
