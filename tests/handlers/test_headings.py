"""A heading before a colon is a ward only when it names one (issue 15)."""

from __future__ import annotations

from handlers.chat.context import Context
from storage.updates import list_updates
from tests.support.chat import ChatDriver


async def test_a_heading_over_a_post_that_names_its_place_is_not_a_ward(
    chat: ChatDriver, ctx: Context
) -> None:
    for text in (
        "log Update to Cabinet: Brinsworth T&V project, new benches and planters done",
        "log Quick one: litter pick in Brinsworth, 9 vols",
    ):
        reply = await chat.say(text)
        assert reply.ok, reply.text
        assert "I don't know a ward" not in reply.text
    assert len(await list_updates(ctx.db, ward_slug="brinsworth")) == 2


async def test_a_misspelt_ward_heading_is_still_refused(chat: ChatDriver, ctx: Context) -> None:
    reply = await chat.say("log Brinswerthy Parkside: litter pick, 9 vols")
    assert not reply.ok and "I don't know a ward called 'Brinswerthy Parkside'" in reply.text
