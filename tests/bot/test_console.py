"""The terminal channel: replies as plain text, and buttons pressed by number."""

from __future__ import annotations

import io

from bot.console.inbound import chat
from handlers.chat.context import Context
from storage.updates import count_updates, list_updates


async def converse(ctx: Context, *lines: str) -> str:
    out = io.StringIO()
    await chat(ctx, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    return out.getvalue()


async def test_a_question_answered_by_pressing_a_numbered_button(ctx: Context) -> None:
    shown = await converse(ctx, "log litter pick at Wickersley, 8 volunteers", "2")
    assert "[1: Thurcroft and Wickersley South]  [2: Wickersley North]" in shown
    [update] = await list_updates(ctx.db, ward_slug="wickersley-north")
    assert update.volunteers == 8
    assert "chosen by the person who logged it" in update.explanation


async def test_personal_data_buttons_are_shown_and_nothing_is_stored_until_pressed(
    ctx: Context,
) -> None:
    warned = await converse(ctx, "log Wath: visited Mrs Jones at 12 Oak Street, tel 07700 900123")
    assert "[1: Redact and log]" in warned and "[3: Don't log]" in warned
    assert await count_updates(ctx.db) == 0
    await converse(ctx, "log Wath: visited Mrs Jones at 12 Oak Street, tel 07700 900123", "1")
    [update] = await list_updates(ctx.db, ward_slug="wath")
    assert "07700" not in update.text and "Oak Street" not in update.text


async def test_a_number_with_no_buttons_on_screen_is_not_a_press(ctx: Context) -> None:
    shown = await converse(ctx, "wards", "1")
    assert "I don't know '1'" in shown
