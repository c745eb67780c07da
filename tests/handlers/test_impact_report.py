"""The Board report lists the good practice shared in the period and where it went."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.chat.context import Context
from handlers.digests.build import build_digest, gather
from handlers.digests.periods import parse_period
from handlers.digests.report import report_html
from storage.channels import link_channel
from storage.updates import list_updates
from tests.support.chat import ChatDriver
from tests.support.senders import RecordingSender


async def test_the_report_lists_good_practice_shared_and_where(
    chat: ChatDriver, ctx: Context
) -> None:
    sender = RecordingSender(platform="slack")
    ctx.senders["slack"] = sender
    await link_channel(ctx.db, platform="slack", channel_id="CHOOBER", ward_slug="hoober", actor="t")
    await chat.say("log Boston Castle: lunch club for isolated older residents, 25 came")
    [update] = await list_updates(ctx.db, ward_slug="boston-castle")
    told = await chat.say(
        f"case {update.id} what: a weekly lunch club; difference: fewer people alone at home; "
        "quote: It got me out of the house"
    )
    assert told.ok, told.text
    shared = await chat.say(f"share {update.id}")
    assert "with 1 channel(s): Hoober" in shared.text, shared.text
    assert "no linked channel: Sitwell" in shared.text
    assert sender.targets() == ["CHOOBER"]
    period = parse_period("this-month", today=ctx.today())
    digest = build_digest(await gather(ctx, period=period, ward_slug=None, every_update=True))
    html = report_html(digest, png=b"", generated=datetime.now(UTC))
    section = html.split("<h2>Good practice shared with other wards</h2>")[1].split("<h2>")[0]
    assert f"#{update.id}" in section and "Boston Castle" in section and "Hoober (slack)" in section
    assert "It got me out of the house" in section
