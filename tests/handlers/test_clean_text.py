"""Control characters are taken out where text comes in: chat, forms, imports, plans.

BEL (0x07) in one chat message once made every XLSX export fail; nothing stored may hold
a control character other than a newline or a tab.
"""

from __future__ import annotations

from pathlib import Path

from handlers.chat.context import Context
from handlers.chat.messages import Action, Actor, Incoming
from handlers.commands.forms import LOG_FORM
from handlers.commands.router import handle
from handlers.commands.sources import message_edited
from handlers.data.imports import read_import
from storage.plans import parse_plan
from storage.updates import list_updates
from tests.support.chat import ChatDriver
from tests.support.plans import dump, seed_plan


async def test_a_chat_message_is_stored_without_its_control_characters(
    chat: ChatDriver, ctx: Context
) -> None:
    reply = await chat.say("log Sitwell: litter\x07 pick\x1b[1m at the park,\r\n23 volunteers")
    assert reply.ok, reply.text
    [update] = await list_updates(ctx.db)
    assert update.text == "litter pick[1m at the park,\n23 volunteers"
    assert update.volunteers == 23


async def test_names_and_form_fields_are_cleaned_too(ctx: Context) -> None:
    who = Actor(
        platform="teams", user_id="29:x\x00", name="Sam\x07 Partner", organisation="NHS\x1b"
    )
    form = {"ward": "wath", "text": "Coffee\x07 morning", "partners": "Police\x08, VAR"}
    reply = await handle(
        ctx, Incoming(actor=who, channel_id="19:c", action=Action(LOG_FORM, form=form))
    )
    assert reply.ok, reply.text
    [update] = await list_updates(ctx.db)
    assert update.text == "Coffee morning"
    assert (update.author, update.author_organisation) == ("Sam Partner", "NHS")
    assert update.author_key == "teams:29:x"
    assert update.partners == ("Police", "VAR")


async def test_an_edit_is_cleaned_like_a_new_message(chat: ChatDriver, ctx: Context) -> None:
    await chat.say("log Wath: bulb planting, 8 volunteers", message_id="C1:1")
    edited = Incoming(
        actor=ChatDriver.actor(),
        channel_id="C1",
        text="log Wath: bulb\x07 planting, 12 volunteers",
        message_id="C1:1",
    )
    changed = await message_edited(ctx, edited)
    assert changed is not None and changed.text == "bulb planting, 12 volunteers"


def test_an_imported_row_is_cleaned(ctx: Context, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text(
        "date,ward,text,author\n2025-01-02,Wath,Skip day\x07 on the estate,Jo\x1b Bloggs\n"
    )
    plan = read_import(ctx, path)
    [row] = plan.rows
    assert (row.text, row.author_name) == ("Skip day on the estate", "Jo Bloggs")


def test_a_plan_is_cleaned() -> None:
    plan = seed_plan()
    plan["wards"][0]["name"] = "Ward\x07 One"  # type: ignore[index]
    text = dump(plan)
    assert '"Ward\\a One"' in text  # as YAML writes it: an escape in a quoted string
    loaded = parse_plan(text)
    assert loaded.wards[0].name == "Ward One"


def test_a_message_with_nothing_to_clean_is_kept_as_it_is() -> None:
    from handlers.commands.router import cleaned

    clean = Incoming(actor=Actor(platform="slack", user_id="U1", name="Sam"), channel_id="C1")
    assert cleaned(clean) is clean
    dirty = Incoming(
        actor=Actor(platform="slack", user_id="U1", name="Sam\x07"),
        channel_id="C1",
        action=Action("log_form", "v\x1b", form={"text\x07": "a\x00b"}),
        asked_by=Actor(platform="slack", user_id="U2\x08"),
    )
    done = cleaned(dirty)
    assert done.actor.name == "Sam" and done.asked_by is not None
    assert done.asked_by.user_id == "U2"
    assert done.action == Action("log_form", "v", form={"text": "ab"})
