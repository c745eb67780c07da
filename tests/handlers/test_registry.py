"""One registry of commands and buttons: every button wardbot shows answers, help lists every
command, anything else gets a polite reply, and a permission is refused the same way from a
command, a button or a form."""

from __future__ import annotations

from bot.teams.manifest import CHANNELS_ONLY, EVERYWHERE
from handlers.chat.context import Context
from handlers.chat.messages import Card, Reply
from handlers.commands.home import home
from handlers.commands.router import REGISTRY
from storage.people import set_role
from storage.updates import count_updates, list_updates
from tests.support.chat import ChatDriver

NO_WARD = "log litter pick in Wickersley today, 9 volunteers"
PERSONAL = "log Wath: coffee morning, ask Mrs Jean Holloway at 14 Elm Road, call 07700 900123"
# What the platforms send of their own accord (bot/slack, bot/teams, handlers/commands/sources)
FROM_PLATFORMS = ("open_log_form", "log_form", "log_message")
EVERY_COMMAND = (
    "log",
    "show",
    "find",
    "wards",
    "priorities",
    "coverage",
    "undo",
    "change",
    "link",
    "unlink",
    "role",
    "audit",
    "digest",
    "places",
    "help",
)
NOT_IN_USE = "That button is no longer in use."


def actions(card: Card | None) -> set[str]:
    """The action names a card's buttons and form submit send back."""
    if card is None:
        return set()
    return {b.action for b in card.buttons} | ({card.submit} if card.submit else set())


async def test_every_button_and_form_wardbot_shows_is_answered(
    chat: ChatDriver, ctx: Context
) -> None:
    logged = await chat.say("log Sitwell: litter pick at the park, 23 volunteers")
    [update] = await list_updates(ctx.db)
    shown: list[Reply] = [
        logged,
        await chat.say(NO_WARD),  # which ward?
        await chat.say(PERSONAL),  # personal data?
        await chat.say(f"change {update.id}"),  # the change form
        await chat.press("open_log_form"),  # the log form
        await chat.press("open_search_form"),  # the search form
    ]
    seen = set().union(*(actions(r.card) for r in shown))
    seen |= actions(await home(ctx, chat.actor()))  # Slack's App Home
    assert {"change", "undo", "log_in_ward", "pd_redact", "pd_keep", "pd_cancel"} <= seen
    assert {"open_log_form", "open_search_form", "search", "log_form"} <= seen
    for name in sorted(seen | set(FROM_PLATFORMS)):
        # A press with nothing in it: the answer may be a polite refusal, but never "not in use".
        pressed = await chat.press(name.partition(":")[0])
        assert NOT_IN_USE not in pressed.text, name
        assert "something went wrong" not in pressed.text, (name, pressed.text)


async def test_help_lists_every_command_and_brief_help_names_them(chat: ChatDriver) -> None:
    helped = await chat.say("help")
    assert helped.ok and helped.card is not None
    names = [*EVERY_COMMAND, "digest subscribe", "digest unsubscribe", "digest preview"]
    assert set(names) <= set(REGISTRY.commands)
    for name, command in REGISTRY.commands.items():
        assert any(f.label == command.usage for f in helped.card.facts), name
        assert command.usage.startswith(name) and f"\n  {command.usage}" in helped.text, name
    brief = await chat.say("frobnicate the widgets")
    assert not brief.ok
    assert brief.text.startswith("I don't know 'frobnicate'. I understand: ")
    assert f"I understand: {', '.join(REGISTRY.words())}." in brief.text
    assert all(f" {word}," in brief.text or f" {word}." in brief.text for word in EVERY_COMMAND)


def test_the_commands_teams_suggests_are_registered() -> None:
    suggested = {title for title, _ in [*EVERYWHERE, *CHANNELS_ONLY]}
    assert suggested <= set(REGISTRY.words())


async def test_an_unknown_button_or_command_gets_a_polite_reply_and_changes_nothing(
    chat: ChatDriver, ctx: Context
) -> None:
    for name, value in [("frobnicate", ""), ("undo_everything", "1"), (":", ""), ("", "")]:
        pressed = await chat.press(name, value)
        assert not pressed.ok and pressed.text == NOT_IN_USE, name
    said = await chat.say("frobnicate 12")
    assert not said.ok and "Type `help` for examples" in said.text
    assert await count_updates(ctx.db) == 0


async def test_a_board_member_may_not_log_by_command_button_form_or_free_text(
    chat: ChatDriver, ctx: Context
) -> None:
    held = await chat.say(NO_WARD)  # an officer's post, waiting for a ward
    assert held.card is not None
    ward_button = held.card.buttons[0]
    await set_role(ctx.db, key="slack:U1", role="board", actor="test")
    refusals = [
        await chat.say("log Sitwell: litter pick at the park, 23 volunteers"),
        await chat.say("Litter pick on Doncaster Rd in Sitwell this morning, 14 residents"),
        await chat.press(ward_button.action, ward_button.value),
        await chat.press("open_log_form"),
        await chat.press(
            "log_form", form={"ward": "sitwell", "text": "litter pick", "volunteers": "3"}
        ),
        await chat.press("log_message"),
    ]
    for refused in refusals:
        assert not refused.ok
        assert refused.text.startswith("Sorry, `log` is for admin and officer and partner users")
        assert "Nothing was changed" in refused.text
    assert await count_updates(ctx.db) == 0
