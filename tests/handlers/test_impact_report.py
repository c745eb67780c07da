"""The Board report lists the good practice shared in the period and where it went."""

from __future__ import annotations

from handlers.chat.context import Context
from handlers.digests.paper.data import gather_paper
from handlers.digests.paper.html import paper_html
from handlers.digests.paper.sections import build_paper
from handlers.digests.periods import parse_period
from storage.channels import link_channel
from storage.updates import list_updates
from tests.support.chat import ChatDriver
from tests.support.senders import RecordingSender


async def test_the_report_lists_good_practice_shared_and_where(
    chat: ChatDriver, ctx: Context
) -> None:
    sender = RecordingSender(platform="slack")
    ctx.senders["slack"] = sender
    await link_channel(
        ctx.db, platform="slack", channel_id="CHOOBER", ward_slug="hoober", actor="t"
    )
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
    paper = build_paper(await gather_paper(ctx, period=period, ward_slug=None), draft=True)
    html = paper_html(paper)
    section = html.split('id="impact-good-practice"')[1].split("</section>")[0]
    assert f"#{update.id}" in section and "Boston Castle" in section and "Hoober (slack)" in section
    assert "It got me out of the house" in section
