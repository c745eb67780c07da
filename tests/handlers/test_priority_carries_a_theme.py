"""The priority chosen carries one of the post's themes, or none is chosen (issue 15)."""

from __future__ import annotations

from handlers.chat.context import Context
from storage.updates import list_updates
from tests.support.chat import ChatDriver


async def test_a_title_sharing_a_word_is_not_enough(chat: ChatDriver, ctx: Context) -> None:
    # Sitwell's "Improve the environment, housing land and key local sites" shares "sites",
    # but carries no community safety.
    reply = await chat.say("log Sitwell: CCTV checks at the sites #community_safety")
    assert reply.ok, reply.text
    [update] = await list_updates(ctx.db, ward_slug="sitwell")
    assert update.priority is None
    assert "title shares" not in (update.explanation or "")


async def test_a_priority_carrying_the_theme_is_still_chosen(
    chat: ChatDriver, ctx: Context
) -> None:
    await chat.say("log Sitwell: litter pick at the key local sites #environment")
    [update] = await list_updates(ctx.db, ward_slug="sitwell")
    assert update.priority is not None and "environment" in update.priority.themes
