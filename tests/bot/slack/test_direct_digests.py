"""Digests that respect attention, through the Slack Web API stand-in: a ward digest to a
councillor's direct messages, and empty periods skipped or said in one line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from handlers.digests.delivery import deliver_due
from tests.bot.slack.conftest import Stack


def next_monday_noon() -> datetime:
    now = datetime.now(UTC).replace(hour=12)
    return now + timedelta(days=7 - now.weekday())


async def test_a_ward_digest_goes_to_a_councillors_direct_messages(stack: Stack) -> None:
    stack.api.add_user("UADMIN", "Ada Admin")
    made = await stack.slack.command(
        "digest subscribe weekly Sitwell to <@UJOBLOGGS>", user="UADMIN", channel="CBOARD"
    )
    said = made.json()["text"]
    assert "direct messages" in said and "Sitwell" in said, said
    await stack.slack.command(
        "log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers"
    )

    report = await deliver_due(
        stack.ctx, {"slack": stack.channel.sender}, at=next_monday_noon(), worker="one"
    )
    assert len(report.sent) == 1, report
    [opened] = stack.api.calls_to("conversations.open")
    assert opened.params["users"] == "UJOBLOGGS"
    dm = [c for c in stack.api.calls_to("chat.postMessage") if c.params["channel"] == "DUJOBLOGGS"]
    assert len(dm) == 1 and "Sitwell" in str(dm[0].json("blocks"))
    board = [c for c in stack.api.calls_to("chat.postMessage") if c.params["channel"] == "CBOARD"]
    assert not any("digest:" in str(c.params).lower() for c in board)  # not the channel


async def test_an_empty_period_sends_one_line_or_nothing_as_each_subscription_says(
    stack: Stack,
) -> None:
    stack.api.add_user("UADMIN", "Ada Admin")
    line = await stack.slack.command(
        "digest subscribe weekly Sitwell one-line", user="UADMIN", channel="CSITWELL"
    )
    assert "one line" in line.json()["text"], line.json()
    skip = await stack.slack.command(
        "digest subscribe weekly Wath, skip empty", user="UADMIN", channel="CWATH"
    )
    assert "sends nothing" in skip.json()["text"], skip.json()
    full = await stack.slack.command("digest subscribe weekly Keppel", user="UADMIN", channel="CK")
    assert "posted too" in full.json()["text"], full.json()
    before = len(stack.api.calls_to("chat.postMessage"))

    senders = {"slack": stack.channel.sender}
    first = await deliver_due(stack.ctx, senders, at=next_monday_noon(), worker="one")
    again = await deliver_due(stack.ctx, senders, at=next_monday_noon(), worker="two")
    assert len(first.sent) == 2 and len(first.skipped) == 1, first
    assert not again.sent and not again.skipped  # the skipped period is settled, not owed

    posts = stack.api.calls_to("chat.postMessage")[before:]
    by_channel = {c.params["channel"]: c for c in posts}
    assert "CWATH" not in by_channel
    sitwell = by_channel["CSITWELL"]
    assert "nothing was logged for Sitwell" in sitwell.params["text"]
    assert not sitwell.params.get("blocks")  # one line, no card, no chart
    assert by_channel["CK"].params.get("blocks")  # as before: the digest, zeros and all
