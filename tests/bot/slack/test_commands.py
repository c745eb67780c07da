"""The /ward slash command, over real HTTP into the real bolt app."""

from __future__ import annotations

from storage.updates import count_updates, list_updates
from tests.bot.slack.conftest import Stack


async def test_log_by_slash_command_is_stored_and_answered_in_channel(stack: Stack) -> None:
    answer = await stack.slack.command(
        "log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers #environment"
    )
    assert answer.status == 200
    body = answer.json()
    assert body["response_type"] == "in_channel"
    assert "Logged for Sitwell" in body["text"]
    actions = next(b for b in body["blocks"] if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == ["change", "undo", "case"]
    [update] = await list_updates(stack.ctx.db, ward_slug="sitwell")
    assert update.volunteers == 23
    assert update.author == "Jo Officer" and update.author_key == "slack:U1"
    assert update.channel_id == "C1" and update.platform == "slack"


async def test_queries_answer_only_the_asker(stack: Stack) -> None:
    await stack.slack.command("log Hoober: speedwatch on Main Street, 6 volunteers")
    shown = (await stack.slack.command("show Hoober")).json()
    assert shown["response_type"] == "ephemeral"
    assert any("speedwatch on Main Street" in str(b) for b in shown["blocks"])
    found = (await stack.slack.command("find speedwatch")).json()
    assert found["response_type"] == "ephemeral" and "speedwatch" in str(found["blocks"])
    wards = (await stack.slack.command("wards")).json()
    assert len(wards["blocks"]) <= 50
    assert "Hoober" in str(wards["blocks"])


async def test_unknown_subcommand_gets_brief_help_and_stores_nothing(stack: Stack) -> None:
    body = (await stack.slack.command("frobnicate Sitwell")).json()
    assert body["response_type"] == "ephemeral"
    assert "I don't know 'frobnicate'" in body["text"]
    assert await count_updates(stack.ctx.db) == 0


async def test_user_text_cannot_broadcast_or_inject_links(stack: Stack) -> None:
    text = "log Sitwell: <!channel> read <https://evil.example|this> 🎉 مرحبا"
    body = (await stack.slack.command(text)).json()
    [update] = await list_updates(stack.ctx.db, ward_slug="sitwell")
    # Stored as the person typed it (Slack's markup unwrapped) ...
    assert update.text == "@channel read this (https://evil.example) 🎉 مرحبا"
    # ... and shown so that Slack renders it as text: no broadcast, no disguised link.
    rendered = str(body)
    assert "<!channel>" not in rendered and "<https://evil" not in rendered
    assert "مرحبا" in rendered and "🎉" in rendered
