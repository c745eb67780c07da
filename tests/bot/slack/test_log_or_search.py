"""Slack: a post that could be an update or a question asks with two buttons and stores
nothing until one is pressed (issue 15)."""

from __future__ import annotations

from storage.updates import count_updates, list_updates
from tests.bot.slack.conftest import Stack
from tests.bot.slack.test_held_posts import answer_to, buttons, click
from tests.support.slack_requests import mention


async def test_log_it_logs_the_post_that_could_be_either(stack: Stack) -> None:
    post = "Did a litter pick on Ferham Rd, 9 vols, anyone free next time?"
    await stack.slack.event(mention(post, ts="1710000800.000200"))
    [prompt] = await stack.api.wait_for("chat.postEphemeral")
    assert "Nothing is stored yet" in prompt.params["text"]
    assert await count_updates(stack.ctx.db) == 0
    choices = buttons(prompt.json("blocks"))
    assert set(choices) == {"Log it", "Search"}
    logged = await answer_to(stack, click(stack, choices["Log it"]))
    assert "Logged for Rotherham West" in logged, logged
    [update] = await list_updates(stack.ctx.db)
    assert update.text == post and update.volunteers == 9
    assert update.source_message_id == "C1:1710000800.000200"


async def test_a_notice_is_not_logged_until_log_it_is_pressed(stack: Stack) -> None:
    post = "coffee morning at Ferham Rd community centre tues 10-12, all welcome"
    await stack.slack.event(mention(post, ts="1710000900.000300"))
    [prompt] = await stack.api.wait_for("chat.postEphemeral")
    assert "Not logged" in prompt.params["text"]
    assert await count_updates(stack.ctx.db) == 0
    choices = buttons(prompt.json("blocks"))
    assert set(choices) == {"Log it"}
    logged = await answer_to(stack, click(stack, choices["Log it"]))
    assert "Logged for Rotherham West" in logged, logged
    [update] = await list_updates(stack.ctx.db)
    assert update.text == post and update.source_message_id == "C1:1710000900.000300"
