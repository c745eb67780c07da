"""A Board digest subscribed in Slack and delivered through the Slack Web API stand-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.digests.delivery import deliver_due
from tests.bot.slack.conftest import Stack


async def test_a_subscribed_channel_gets_the_digest_and_its_chart_once(stack: Stack) -> None:
    stack.api.add_user("UADMIN", "Ada Admin")
    made = await stack.slack.command("digest subscribe weekly", user="UADMIN", channel="CBOARD")
    assert "digest" in made.json()["text"].lower(), made.json()
    await stack.slack.command(
        "log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers"
    )
    senders = {"slack": stack.channel.sender}
    now = datetime.now(UTC).replace(hour=12)
    monday = now + timedelta(days=7 - now.weekday())  # the next Monday, after its 09:00 send
    first = await deliver_due(stack.ctx, senders, at=monday, worker="one")
    again = await deliver_due(stack.ctx, senders, at=monday, worker="two")
    assert len(first.sent) == 1 and not again.sent

    [posted] = [
        c for c in stack.api.calls_to("chat.postMessage") if c.params["channel"] == "CBOARD"
    ]
    blocks = posted.json("blocks")
    assert blocks[0]["type"] == "header" and len(blocks) <= 50
    assert "updates" in str(blocks).lower()
    assert stack.api.calls_to("files.getUploadURLExternal"), "the chart is uploaded"
    [complete] = stack.api.calls_to("files.completeUploadExternal")
    assert complete.params.get("channel_id") == "CBOARD"
    assert any(png.startswith(b"\x89PNG") for png in stack.api.uploads.values())
