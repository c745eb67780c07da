"""Subject access, erasure and the retention purge."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

from handlers.chat.context import Context
from handlers.data.gdpr import subject_access_csv, subject_access_json
from storage.audit import recent_audit
from storage.gdpr import erase_person, find_person, person_data, purge_expired
from storage.updates import count_updates, list_updates, ward_activity
from tests.support.chat import ChatDriver


async def test_export_erase_export_keeps_the_counts(chat: ChatDriver, ctx: Context) -> None:
    await chat.say(
        "log Sitwell: litter pick at Herringthorpe Valley Park, 23 volunteers", user="UJO"
    )
    await chat.say("log Wath: coffee morning, 31 came, thanks Jo Officer for organising", user="U2")
    await chat.say("log Keppel: youth club, 28 YP", user="UJO")
    [jo] = await find_person(ctx.db, ref="slack:UJO")
    assert [p.user_id for p in await find_person(ctx.db, ref="jo officer")] == ["UJO", "U2"]

    before = await person_data(ctx.db, person=jo)
    exported = json.loads(subject_access_json(before))
    assert exported["person"]["name"] == "Jo Officer"
    assert {u["ward_name"] for u in exported["updates"]} == {"Sitwell", "Keppel"}
    assert any(a["action"] == "update.create" for a in exported["audit"])
    csv_text = subject_access_csv(before)
    assert csv_text.splitlines()[0] == "kind,id,date,ward,text,detail"
    assert sum(line.startswith("update,") for line in csv_text.splitlines()) == 2
    counts = await ward_activity(ctx.db)

    done = await erase_person(ctx.db, person=jo, actor="cli:dpo")
    assert done.updates_anonymised == 2
    assert done.texts_changed == 1  # U2's post named Jo Officer

    assert await find_person(ctx.db, ref="slack:UJO") == []
    assert [p.user_id for p in await find_person(ctx.db, ref="Jo Officer")] == ["U2"]
    assert await ward_activity(ctx.db) == counts  # the Board's numbers are unchanged
    assert await count_updates(ctx.db) == 3
    updates = await list_updates(ctx.db, limit=None)
    assert {u.author for u in updates if u.ward_slug != "wath"} == {"(erased)"}
    [wath] = [u for u in updates if u.ward_slug == "wath"]
    assert "Jo Officer" not in wath.text and "[name removed]" in wath.text
    audit = await recent_audit(ctx.db, limit=100)
    assert all("UJO" not in f"{a.actor} {a.target}" for a in audit)
    assert audit[0].action == "person.erase" and audit[0].actor == "cli:dpo"


async def test_an_unknown_person_is_found_nowhere(ctx: Context) -> None:
    assert await find_person(ctx.db, ref="slack:UNOBODY") == []
    assert await find_person(ctx.db, ref="Nobody At All") == []


async def test_purge_removes_only_what_is_past_retention(chat: ChatDriver, ctx: Context) -> None:
    await chat.say("log Sitwell: litter pick on 2019-03-02, 5 volunteers")
    await chat.say("log Sitwell: litter pick yesterday, 6 volunteers")
    old = [u for u in await list_updates(ctx.db) if u.occurred_on < date(2020, 1, 1)]
    assert len(old) == 1, [u.occurred_on for u in await list_updates(ctx.db)]
    done = await purge_expired(ctx.db, retention_days=2190, now=datetime.now(UTC))
    assert done.updates == 1
    assert await count_updates(ctx.db) == 1
    later = await purge_expired(
        ctx.db, retention_days=2190, now=datetime.now(UTC) + timedelta(days=1)
    )
    assert later.updates == 0
    [entry, *_] = await recent_audit(ctx.db, action="retention.purge")
    assert entry.detail["retention_days"] == 2190


async def test_posts_held_for_a_button_are_exported_and_erased(
    chat: ChatDriver, ctx: Context
) -> None:
    asked = await chat.say("log litter pick in Wickersley today, 9 volunteers", user="UJO")
    warned = await chat.say(
        "log Wath: coffee morning, ask Mrs Jean Holloway at 14 Elm Road, call 07700 900123",
        user="UJO",
    )
    assert asked.card is not None and warned.card is not None
    # Nothing is logged yet, but what is held is theirs: found, exported, then erased.
    [jo] = await find_person(ctx.db, ref="slack:UJO")
    held = await person_data(ctx.db, person=jo)
    exported = json.loads(subject_access_json(held))
    assert [h["text"] for h in exported["held_posts"]] == [
        "litter pick in Wickersley today, 9 volunteers",
        "Wath: coffee morning, ask Mrs Jean Holloway at 14 Elm Road, call 07700 900123",
    ]
    # In the CSV a held post's text is in the text column, once.
    rows = [r for r in csv.reader(io.StringIO(subject_access_csv(held))) if r[0] == "held_post"]
    assert [r[4] for r in rows] == [h["text"] for h in exported["held_posts"]]
    assert all("Elm Road" not in r[5] for r in rows)
    done = await erase_person(ctx.db, person=jo, actor="cli:dpo")
    assert done.held_posts == 2
    assert (await person_data(ctx.db, person=jo)).held_posts == []
    for reply, label in ((asked, "Wickersley North"), (warned, "Log as written")):
        pressed = next(b for b in reply.card.buttons if b.label == label)
        gone = await chat.press(pressed.action, pressed.value, user="UJO")
        assert not gone.ok and "I no longer have that post" in gone.text
    assert await count_updates(ctx.db) == 0
