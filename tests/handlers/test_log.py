from __future__ import annotations

import json

import pytest

from handlers.chat.context import Context
from handlers.chat.messages import Incoming
from handlers.commands.sources import message_edited
from storage.updates import count_updates, list_updates
from tests.support.chat import ChatDriver


async def test_log_stores_ward_numbers_and_offers_undo(chat: ChatDriver, ctx: Context) -> None:
    reply = await chat.say(
        "log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers #environment"
    )
    assert reply.ok, reply.text
    assert "Logged for Sitwell" in reply.text
    assert reply.card is not None
    assert [b.action for b in reply.card.buttons] == ["change", "undo", "case"]
    [update] = await list_updates(ctx.db, ward_slug="sitwell")
    assert update.volunteers == 23
    assert update.themes == ("environment",)
    assert update.priority is not None and "environment" in update.priority.themes
    assert update.text == "litter pick at Herringthorpe Valley Park, 23 volunteers #environment"
    assert update.author == "Jo Officer" and update.author_key == "slack:U1"


async def test_forgiving_ward_names(chat: ChatDriver, ctx: Context) -> None:
    for said, slug in [
        ("log dalton & thrybergh: coffee morning", "dalton-thrybergh"),
        ("log Rotherham-East: food bank open", "rotherham-east"),
        ("log Swinton Rockinham: bulb planting", "swinton-rockingham"),
        ("log boston castle ward: park clean", "boston-castle"),
    ]:
        reply = await chat.say(said)
        assert reply.ok, (said, reply.text)
        assert len(await list_updates(ctx.db, ward_slug=slug)) == 1, said


async def test_unknown_ward_names_the_nearest_and_stores_nothing(
    chat: ChatDriver, ctx: Context
) -> None:
    reply = await chat.say("log Nowhere: x")
    assert not reply.ok
    assert "I don't know a ward called 'Nowhere'" in reply.text
    assert "Did you mean" in reply.text
    assert await count_updates(ctx.db) == 0


async def test_empty_and_overlong_updates_are_refused(chat: ChatDriver, ctx: Context) -> None:
    empty = await chat.say("log")
    assert not empty.ok and "nothing to log" in empty.text
    long = await chat.say("log Sitwell: " + "a" * 4001)
    assert not long.ok and "4,000" in long.text
    assert await count_updates(ctx.db) == 0


async def test_the_same_message_is_stored_once(chat: ChatDriver, ctx: Context) -> None:
    first = await chat.say("log Hoober: speedwatch on Main St", message_id="T1")
    again = await chat.say("log Hoober: speedwatch on Main St", message_id="T1")
    assert first.ok and again.ok
    assert "Already logged" in again.text
    assert await count_updates(ctx.db) == 1


async def test_place_in_the_text_finds_the_ward_and_says_why(
    chat: ChatDriver, ctx: Context
) -> None:
    reply = await chat.say("log litter pick in Clifton Park this morning, 14 residents")
    assert reply.ok, reply.text
    [update] = await list_updates(ctx.db, ward_slug="boston-castle")
    assert update.people_reached == 14
    assert "clifton park" in update.explanation.lower()


async def test_no_place_asks_and_the_answer_stores_it(chat: ChatDriver, ctx: Context) -> None:
    reply = await chat.say("log a lovely coffee morning, 15 came")
    assert not reply.ok and "Which ward" in reply.text
    assert await count_updates(ctx.db) == 0
    ambiguous = await chat.say("log litter pick in Wickersley today")
    assert ambiguous.card is not None
    slugs = {
        json.loads(b.value)["ward"] for b in ambiguous.card.buttons if b.action == "log_in_ward"
    }
    assert slugs == {"wickersley-north", "thurcroft-wickersley-south"}
    chosen = next(b for b in ambiguous.card.buttons if "wickersley-north" in b.value)
    stored = await chat.press(chosen.action, chosen.value)
    assert stored.ok and "Wickersley North" in stored.text
    assert await count_updates(ctx.db) == 1


async def test_undo_by_the_author_and_not_by_others(chat: ChatDriver, ctx: Context) -> None:
    await chat.say("log Wath: gala planning meeting")
    [update] = await list_updates(ctx.db, ward_slug="wath")
    refused = await chat.say(f"undo {update.id}", user="U2")
    assert not refused.ok and "Only the person" in refused.text
    assert await count_updates(ctx.db) == 1
    done = await chat.say(f"undo {update.id}")
    assert done.ok and await count_updates(ctx.db) == 0


async def test_change_ward_and_theme(chat: ChatDriver, ctx: Context) -> None:
    await chat.say("log Keppel: youth club session, 20 young people")
    [update] = await list_updates(ctx.db, ward_slug="keppel")
    moved = await chat.say(f"change {update.id} ward Hoober")
    assert moved.ok, moved.text
    retagged = await chat.say(f"change {update.id} #community_safety")
    assert retagged.ok, retagged.text
    [changed] = await list_updates(ctx.db, ward_slug="hoober")
    assert changed.themes == ("community_safety",)
    assert changed.priority is not None and changed.priority.number == 3


async def test_form_validation_then_store(chat: ChatDriver, ctx: Context) -> None:
    bad = await chat.press(
        "log_form", form={"ward": "", "text": "", "people_reached": "lots", "evidence_link": "x"}
    )
    assert not bad.ok and bad.card is not None
    assert set(bad.card.errors) == {"ward", "text", "people_reached", "evidence_link"}
    assert await count_updates(ctx.db) == 0
    good = await chat.press(
        "log_form",
        form={
            "ward": "rotherham-east",
            "text": "Food bank at Eastwood",
            "themes": "cost_of_living",
            "people_reached": "42",
            "occurred_on": "2026-10-12",
            "partners": "Voluntary Action Rotherham; South Yorkshire Police",
            "case_study": "true",
        },
    )
    assert good.ok, good.text
    [update] = await list_updates(ctx.db, ward_slug="rotherham-east")
    assert update.people_reached == 42
    assert update.partners == ("Voluntary Action Rotherham", "South Yorkshire Police")
    assert update.case_study and update.priority is not None and update.priority.number == 2
    assert str(update.occurred_on) == "2026-10-12"


async def test_unknown_command_gets_brief_help(chat: ChatDriver) -> None:
    reply = await chat.say("frobnicate everything")
    assert not reply.ok and "help" in reply.text


@pytest.mark.parametrize(
    "said",
    [
        "log Sitwell:",
        "log Sitwell",
        "log Sitwell:   \t ",
        "log sitwell ward -",
        "log Sitwell: #environment",
    ],
)
async def test_a_ward_name_alone_is_not_an_update(
    chat: ChatDriver, ctx: Context, said: str
) -> None:
    reply = await chat.say(said)
    assert not reply.ok
    assert "nothing to log for Sitwell" in reply.text
    assert "e.g. `log Sitwell: litter pick" in reply.text  # an example of a good one
    assert "Nothing was stored" in reply.text
    assert await count_updates(ctx.db) == 0
    assert "Sitwell: 0 update(s)" in (await chat.say("wards")).text


async def test_an_edit_down_to_the_ward_name_keeps_the_update(
    chat: ChatDriver, ctx: Context
) -> None:
    await chat.say("log Wath: bulb planting, 8 volunteers", message_id="C1:9")
    emptied = Incoming(
        actor=ChatDriver.actor(), channel_id="C1", text="log Wath:", message_id="C1:9"
    )
    assert await message_edited(ctx, emptied) is None
    [update] = await list_updates(ctx.db)
    assert update.text == "bulb planting, 8 volunteers"
