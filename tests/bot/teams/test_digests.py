"""A Board digest subscribed in a Teams channel and delivered through the connector stand-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.teams.render import MAX_MESSAGE_BYTES
from handlers.chat.context import Context
from handlers.digests.delivery import deliver_due
from tests.bot.teams.conftest import ServerFactory
from tests.support.teams_connector import TeamsConnector, activity

CHANNEL = "19:board@thread.tacv2"
PUBLIC_URL = "https://wardbot.rotherham.gov.uk"


async def test_a_subscribed_channel_gets_the_digest_card_and_chart_once(
    start_server: ServerFactory, connector: TeamsConnector, ctx: Context
) -> None:
    async with start_server(public_url=PUBLIC_URL) as server:
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
        # The chart by URL, in the card: Teams loads it from wardbot.
        [image] = [e for card in cards for e in card["body"] if e["type"] == "Image"]
        assert image["url"].startswith(f"{PUBLIC_URL}/charts/") and image["altText"]
        async with server.http.get(image["url"].replace(PUBLIC_URL, server.url)) as served:
            assert served.status == 200 and served.content_type == "image/png"
            assert (await served.read()).startswith(b"\x89PNG")
    # Every message well inside Teams' ~100 KB, within the one budget for the whole message.
    sizes = connector.size[-len(delivered) :]
    assert max(sizes) < MAX_MESSAGE_BYTES + 2_000, sizes  # + the activity's own envelope
    assert not [
        a
        for call in delivered
        for a in call.body.get("attachments", [])
        if "image" in a["contentType"]
    ]
