"""A ward digest to a councillor's Teams 1:1 chat, through the stored conversation
reference and the connector stand-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.chat.context import Context
from handlers.digests.delivery import deliver_due
from tests.bot.teams.conftest import ServerFactory
from tests.support.teams_connector import TeamsConnector, activity

CHANNEL = "19:board@thread.tacv2"
JO_CHAT = "a:1on1-jo-bloggs"


async def test_a_ward_digest_goes_to_a_councillors_teams_chat(
    start_server: ServerFactory, connector: TeamsConnector, ctx: Context
) -> None:
    async with start_server() as server:

        async def say(text: str, *, channel: bool = False, **where: str) -> None:
            if channel:
                where = {
                    "conversation": CHANNEL,
                    "conversation_type": "channel",
                    "user": "29:admin",
                    "user_name": "Ada Admin",
                }
            done = await server.post(
                activity(service_url=connector.url, text=text, mention=channel, **where)
            )
            assert done.status == 200

        # Before Jo has used wardbot, there is no one to write to and nowhere to write.
        await say("digest subscribe weekly Sitwell to @Jo Bloggs", channel=True)
        assert "need to have used wardbot" in connector.sent_to(CHANNEL)[-1].shown
        # Known from a channel, but Teams lets a bot write to her only once she has chatted 1:1.
        await say(
            "log Sitwell: coffee morning at St Mary's church hall",
            conversation=CHANNEL,
            conversation_type="channel",
            user="29:jo-bloggs",
            user_name="Jo Bloggs",
        )
        await say("digest subscribe weekly Sitwell to @Jo Bloggs", channel=True)
        assert "chatted with it 1:1" in connector.sent_to(CHANNEL)[-1].shown
        await say("help", conversation=JO_CHAT, user="29:jo-bloggs", user_name="Jo Bloggs")
        await say("digest subscribe weekly Sitwell to @Jo Bloggs", channel=True)
        assert "Jo Bloggs will get the digest for Sitwell in their direct messages" in (
            connector.sent_to(CHANNEL)[-1].shown
        )
        await say(
            "log Sitwell: litter pick at Herringthorpe Valley Park",
            conversation=JO_CHAT,
            user="29:jo-bloggs",
            user_name="Jo Bloggs",
        )
        before = len(connector.sent_to(JO_CHAT))

        now = datetime.now(UTC).replace(hour=12)
        monday = now + timedelta(days=7 - now.weekday())
        report = await deliver_due(ctx, {"teams": server.teams.sender}, at=monday, worker="one")
        assert len(report.sent) == 1, report
        delivered = connector.sent_to(JO_CHAT)[before:]
        assert delivered and any("Sitwell" in str(call.cards) for call in delivered)
