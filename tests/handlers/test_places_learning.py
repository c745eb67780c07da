"""Places learned from answers to "which ward?", through the chat driver."""

from __future__ import annotations

import pytest

from handlers.chat.context import PLACES_SECONDS, Context
from handlers.chat.messages import Reply
from storage.audit import recent_audit
from storage.gdpr import erase_person, find_person, person_data
from storage.places import place_memory
from tests.support.chat import ChatDriver

ADMIN = "UADMIN"


async def _answer(chat: ChatDriver, text: str, ward: str, *, user: str) -> Reply:
    asked = await chat.say(text, user=user)
    assert asked.card is not None and "Which ward" in asked.text, asked.text
    button = next(b for b in asked.card.buttons if b.label == ward)
    return await chat.press(button.action, button.value, user=user)


async def test_two_people_choosing_the_same_ward_teach_the_place(chat: ChatDriver) -> None:
    first = await _answer(
        chat, "log litter pick in Wickersley, 9 volunteers", "Wickersley North", user="U1"
    )
    assert first.ok and "Learned" not in first.text
    waiting = await chat.say("places", user="U1")
    assert "Waiting for a second answer" in waiting.text
    assert "'Wickersley': Wickersley North (you" in waiting.text

    again = await _answer(chat, "log bulb planting in Wickersley", "Wickersley North", user="U1")
    assert "Learned" not in again.text  # the same person twice is one answer

    second = await _answer(
        chat, "log coffee morning in Wickersley, 12 came", "Wickersley North", user="U2"
    )
    assert "Learned: 'Wickersley' is in Wickersley North" in second.text

    logged = await chat.say("log bench painted in Wickersley", user="U3")
    assert logged.ok and "Logged for Wickersley North" in logged.text
    assert logged.card is not None and "from 'Wickersley' (learned)" in logged.card.footer
    listed = await chat.say("places", user="U3")
    assert "'Wickersley': Wickersley North — two people agreed" in listed.text
    entries = await recent_audit(chat.ctx.db, limit=20)
    learned = [e for e in entries if e.action == "places.learned"]
    assert learned and learned[0].detail["by"] == ["slack:U1", "slack:U2"]


async def test_people_who_disagree_teach_nothing(chat: ChatDriver) -> None:
    await _answer(chat, "log litter pick in Wickersley", "Wickersley North", user="U1")
    await _answer(
        chat, "log litter pick in Wickersley", "Thurcroft and Wickersley South", user="U2"
    )
    third = await _answer(
        chat, "log dog fouling patrol in Wickersley", "Wickersley North", user="U3"
    )
    assert "Learned" not in third.text
    still = await chat.say("log hedge trimmed in Wickersley", user="U4")
    assert "Which ward" in still.text


async def test_an_admin_confirms_and_forgets_a_place(chat: ChatDriver) -> None:
    refused = await chat.say("places confirm Wickersley Wickersley North", user="U1")
    assert not refused.ok
    assert "Which ward" in (await chat.say("log litter pick in Wickersley", user="U1")).text

    bad = await chat.say("places confirm Wickersley Nowhere", user=ADMIN)
    assert not bad.ok and "Which ward?" in bad.text and "Nothing was changed" in bad.text

    done = await chat.say("places confirm Wickersley Wickersley North", user=ADMIN)
    assert done.ok and "Confirmed: 'Wickersley' is in Wickersley North" in done.text
    logged = await chat.say("log litter pick in wickersley, 6 volunteers", user="U1")
    assert "Logged for Wickersley North" in logged.text
    assert "confirmed by an admin" in (await chat.say("places", user="U1")).text

    assert not (await chat.say("places forget Wickersley", user="U1")).ok
    forgot = await chat.say("places forget Wickersley", user=ADMIN)
    assert forgot.ok and "Forgotten: 'Wickersley'" in forgot.text
    assert "Which ward" in (await chat.say("log litter pick in Wickersley", user="U1")).text
    unknown = await chat.say("places forget Wickersley", user=ADMIN)
    assert not unknown.ok and "I haven't learned 'Wickersley'" in unknown.text

    actions = [e.action for e in await recent_audit(chat.ctx.db, limit=20)]
    assert "places.confirm" in actions and "places.forget" in actions


async def test_places_with_nothing_learned_says_how_learning_works(chat: ChatDriver) -> None:
    reply = await chat.say("places", user="U1")
    assert reply.ok and "No places learned yet" in reply.text
    wrong = await chat.say("places teach Wickersley", user="U1")
    assert not wrong.ok and "places confirm PHRASE WARD" in wrong.text


async def test_answers_are_in_subject_access_and_erased_with_the_person(
    chat: ChatDriver,
) -> None:
    await _answer(chat, "log litter pick in Wickersley", "Wickersley North", user="U1")
    await _answer(chat, "log coffee morning in Wickersley", "Wickersley North", user="U2")
    db = chat.ctx.db
    [person] = await find_person(db, ref="slack:U1")
    held = await person_data(db, person=person)
    assert [(a["phrase"], a["ward"]) for a in held.place_answers] == [
        ("Wickersley", "wickersley-north")
    ]
    done = await erase_person(db, person=person, actor="test")
    memory = await place_memory(db, council=chat.ctx.plan.council)
    assert "slack:U1" not in memory.learned[0].by and done.pseudonym in memory.learned[0].by
    [still] = await find_person(db, ref="slack:U2")
    assert len((await person_data(db, person=still)).place_answers) == 1


async def test_a_street_nobody_listed_is_learned_through_the_ward_form(chat: ChatDriver) -> None:
    for user in ("U1", "U2"):
        asked = await chat.say("log litter pick on Brecks Lane, 6 volunteers", user=user)
        assert asked.card is not None and "Which ward" in asked.text
        [choose] = asked.card.buttons  # no ward to offer: every ward, in a form
        assert choose.label == "Choose the ward…"
        form = await chat.press(choose.action, choose.value, user=user)
        assert form.card is not None and [f.name for f in form.card.fields] == ["ward"]
        assert len(form.card.fields[0].choices) == 25
        wrong = await chat.press(form.card.submit, form={"ward": "atlantis"}, user=user)
        assert not wrong.ok and "choose one of the wards" in wrong.text
        other = await chat.press(form.card.submit, form={"ward": "sitwell"}, user="U9")
        assert not other.ok and "Only the person who posted" in other.text
        done = await chat.press(form.card.submit, form={"ward": "wickersley-north"}, user=user)
        assert done.ok and "Logged for Wickersley North" in done.text
    assert "Learned: 'Brecks Lane' is in Wickersley North" in done.text
    logged = await chat.say("log bulb planting along brecks ln", user="U3")
    assert logged.ok and "Logged for Wickersley North" in logged.text


async def test_another_ward_overrides_the_wards_offered(chat: ChatDriver) -> None:
    asked = await chat.say("log litter pick in Wickersley", user="U1")
    assert asked.card is not None
    another = next(b for b in asked.card.buttons if b.label == "Another ward…")
    form = await chat.press(another.action, another.value, user="U1")
    assert form.card is not None
    done = await chat.press(form.card.submit, form={"ward": "sitwell"}, user="U1")
    assert done.ok and "Logged for Sitwell" in done.text
    again = await chat.press(form.card.submit, form={"ward": "sitwell"}, user="U1")
    assert "Already logged" in again.text or "dealt with" in again.text


async def test_another_replica_reads_what_was_taught_here_within_a_minute(
    chat: ChatDriver,
) -> None:
    elsewhere = ChatDriver(await Context.start(chat.ctx.db))
    await chat.say("places confirm Wickersley Wickersley North", user=ADMIN)
    assert "Which ward" in (await elsewhere.say("log litter pick in Wickersley")).text
    elsewhere.ctx.places_checked -= PLACES_SECONDS  # a minute later
    logged = await elsewhere.say("log litter pick in Wickersley")
    assert "Logged for Wickersley North" in logged.text
    await chat.say("places confirm Wickersley Thurcroft and Wickersley South", user=ADMIN)
    elsewhere.ctx.places_checked -= PLACES_SECONDS
    moved = await elsewhere.say("log bulb planting in Wickersley")
    assert "Logged for Thurcroft and Wickersley South" in moved.text


@pytest.mark.parametrize(
    "text",
    [
        "places confirm",
        "places confirm    ",
        "places confirm Wath",
        "places confirm Wickersley North",
        "places confirm !!! Wath",
        "places confirm " + "x" * 300 + " Wath",
        "places forget",
        "places forget '''",
        "places forget nothing learned here",
    ],
)
async def test_bad_places_commands_get_a_clear_reply_and_change_nothing(
    chat: ChatDriver, text: str
) -> None:
    reply = await chat.say(text, user=ADMIN)
    assert not reply.ok and "went wrong" not in reply.text, reply.text
    memory = await place_memory(chat.ctx.db, council=chat.ctx.plan.council)
    assert memory.learned == () and memory.pending == ()
