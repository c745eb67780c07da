"""Where the bot is installed, posting there later, and sends that Teams throttles."""

from __future__ import annotations

import base64
import time

import pytest

from handlers.chat.messages import Card, Fact, Image, Reply, Section
from handlers.chat.ports import DeliveryError
from storage.conversations import get_conversation, list_conversations
from storage.db import Database
from storage.updates import count_updates
from tests.bot.teams.conftest import Server, ServerFactory
from tests.support.teams_connector import BOT, TeamsConnector, activity

CHANNEL = "19:general@thread.tacv2"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PUBLIC_URL = "https://wardbot.example.gov.uk"
CHART_REPLY = Reply(
    text="Weekly digest: 3 updates",
    card=Card(
        title="Weekly digest",
        facts=(Fact("Updates", "3"),),
        image=Image(
            alt="Activity by ward",
            png=PNG,
            data=(Section(title="Updates by ward", facts=(Fact("Sitwell", "3"),)),),
        ),
    ),
)


async def install(server: Server, connector: TeamsConnector) -> None:
    await server.post(
        activity(
            "installationUpdate",
            service_url=connector.url,
            conversation=CHANNEL,
            conversation_type="channel",
            action="add",
        )
    )
    added = await server.post(
        activity(
            "conversationUpdate",
            service_url=connector.url,
            conversation=CHANNEL,
            conversation_type="channel",
            membersAdded=[dict(BOT)],
        )
    )
    assert added.status == 200


async def test_install_keeps_a_reference_and_uninstall_forgets_it(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    await install(server, connector)
    stored = await get_conversation(db, platform="teams", conversation_id=CHANNEL)
    assert stored is not None
    assert stored.reference["serviceUrl"] == connector.url
    assert stored.reference["conversation"]["id"] == CHANNEL
    assert stored.reference["bot"]["id"] == BOT["id"]
    [welcome] = connector.calls  # said hello once, on being added
    assert "@mention me" in welcome.shown

    # A message in a thread refreshes the channel's reference, not a new one per thread.
    await server.post(
        activity(
            service_url=connector.url,
            text="help",
            mention=True,
            conversation=f"{CHANNEL};messageid=99",
            conversation_type="channel",
        )
    )
    assert [c.conversation_id for c in await list_conversations(db, platform="teams")] == [CHANNEL]

    removed = await server.post(
        activity(
            "installationUpdate",
            service_url=connector.url,
            conversation=CHANNEL,
            conversation_type="channel",
            action="remove",
        )
    )
    assert removed.status == 200
    assert await get_conversation(db, platform="teams", conversation_id=CHANNEL) is None


async def test_removing_the_bot_from_a_chat_forgets_it(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    chat = "19:groupchat@unq.gbl.spaces"
    await server.post(
        activity(
            "conversationUpdate",
            service_url=connector.url,
            conversation=chat,
            conversation_type="groupChat",
            membersAdded=[dict(BOT)],
        )
    )
    assert await get_conversation(db, platform="teams", conversation_id=chat) is not None
    await server.post(
        activity(
            "conversationUpdate",
            service_url=connector.url,
            conversation=chat,
            conversation_type="groupChat",
            membersRemoved=[dict(BOT)],
        )
    )
    assert await get_conversation(db, platform="teams", conversation_id=chat) is None


async def test_sender_posts_a_card_with_its_chart_by_url_where_installed(
    start_server: ServerFactory, connector: TeamsConnector, db: Database
) -> None:
    async with start_server(public_url=PUBLIC_URL) as server:
        await install(server, connector)
        connector.calls.clear()
        message_id = await server.teams.sender.send(CHANNEL, CHART_REPLY)
        [card_post] = connector.calls  # the chart is in the card, not a second message
        assert message_id == "reply-1001"
        # A new post in the channel, not a reply to anything.
        assert card_post.path == f"/v3/conversations/{CHANNEL}/activities"
        assert "Weekly digest" in card_post.shown and "Updates" in card_post.shown
        [card] = card_post.cards
        [image] = [e for e in card["body"] if e["type"] == "Image"]
        assert image["url"].startswith(f"{PUBLIC_URL}/charts/") and image["altText"]
        assert "Sitwell" in card_post.shown  # the chart's figures, for those who can't see it
        async with server.http.get(image["url"].replace(PUBLIC_URL, server.url)) as served:
            assert served.status == 200 and served.content_type == "image/png"
            assert await served.read() == PNG

        with pytest.raises(DeliveryError) as unknown:
            await server.teams.sender.send("19:never-installed@thread.tacv2", CHART_REPLY)
        assert unknown.value.gone


async def test_without_a_public_url_the_card_says_where_to_see_the_chart(
    server: Server, connector: TeamsConnector
) -> None:
    await install(server, connector)
    connector.calls.clear()
    await server.teams.sender.send(CHANNEL, CHART_REPLY)
    [card_post] = connector.calls
    [card] = card_post.cards
    assert not [e for e in card["body"] if e["type"] == "Image"]
    assert "wardbot digest preview --chart" in card_post.shown
    assert "wardbot report" in card_post.shown
    assert "Sitwell" in card_post.shown


async def test_sender_reports_a_removed_bot_as_gone(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    await install(server, connector)
    connector.fail(403, times=1, retry_after=None)
    with pytest.raises(DeliveryError) as failed:
        await server.teams.sender.send(CHANNEL, Reply(text="digest"))
    assert failed.value.gone
    assert await get_conversation(db, platform="teams", conversation_id=CHANNEL) is None


async def test_a_throttled_reply_is_retried_after_the_wait_teams_asks_for(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    connector.fail(429, times=2, retry_after=1)
    started = time.monotonic()
    answer = await server.post(
        activity(service_url=connector.url, text="log Sitwell: litter pick, 23 volunteers")
    )
    waited = time.monotonic() - started
    assert answer.status == 200
    assert len(connector.refused) == 2
    [delivered] = connector.calls
    assert "Logged for Sitwell" in delivered.shown
    assert waited >= 2  # two Retry-After: 1 pauses
    assert await count_updates(db) == 1


async def test_a_gateway_error_is_retried_too(server: Server, connector: TeamsConnector) -> None:
    connector.fail(502, times=1, retry_after=None)
    await server.post(activity(service_url=connector.url, text="wards"))
    assert len(connector.refused) == 1
    assert len(connector.calls) == 1
