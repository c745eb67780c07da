"""Corrections correct everything: the Why line, the audit's from and to, and themes added
or removed one at a time (issue 15)."""

from __future__ import annotations

from handlers.chat.context import Context
from storage.audit import recent_audit
from storage.updates import get_update, list_updates
from tests.support.chat import ChatDriver


async def _logged(chat: ChatDriver, ctx: Context, text: str, ward: str) -> int:
    reply = await chat.say(text)
    assert reply.ok, reply.text
    [update] = await list_updates(ctx.db, ward_slug=ward)
    return update.id


async def test_change_priority_recomputes_the_why_line(chat: ChatDriver, ctx: Context) -> None:
    n = await _logged(chat, ctx, "log Sitwell: litter pick at Herringthorpe Valley Park", "sitwell")
    before = await get_update(ctx.db, update_id=n)
    assert before is not None and before.priority is not None and before.priority.number == 3
    reply = await chat.say(f"change {n} priority 1")
    assert reply.ok, reply.text
    after = await get_update(ctx.db, update_id=n)
    assert after is not None and after.priority is not None and after.priority.number == 1
    assert "priority 1 'Keep working with partners to reduce flooding impacts'" in (
        after.explanation
    )
    assert "chosen by Jo Officer" in after.explanation
    assert f"priority {before.priority.number} '" not in after.explanation
    assert "Why: " + after.explanation in str(reply.card)


async def test_change_ward_says_who_moved_it(chat: ChatDriver, ctx: Context) -> None:
    n = await _logged(chat, ctx, "log Keppel: youth club session, 20 young people", "keppel")
    await chat.say(f"change {n} ward Hoober")
    after = await get_update(ctx.db, update_id=n)
    assert after is not None and after.explanation.startswith("Hoober — changed by Jo Officer")


async def test_the_audit_records_from_and_to(chat: ChatDriver, ctx: Context) -> None:
    n = await _logged(chat, ctx, "log Keppel: youth club session, 20 young people", "keppel")
    await chat.say(f"change {n} ward Hoober")
    await chat.say(f"change {n} #community_safety")
    changes = [e.detail for e in await recent_audit(ctx.db, action="update.change")]
    assert {"from": "keppel", "to": "hoober"} in [c.get("ward") for c in changes]
    assert {"from": "children_young_people", "to": "community_safety"} in [
        c.get("themes") for c in changes
    ]
    listing = await chat.say("audit", user="UADMIN")
    assert "ward: keppel → hoober" in listing.text


async def test_plus_adds_minus_removes_and_bare_replaces_saying_so(
    chat: ChatDriver, ctx: Context
) -> None:
    n = await _logged(chat, ctx, "log Keppel: youth club session, 20 young people", "keppel")
    added = await chat.say(f"change {n} +#community_safety")
    assert added.ok and "added #community_safety" in added.text, added.text
    update = await get_update(ctx.db, update_id=n)
    assert update is not None
    assert update.themes == ("children_young_people", "community_safety")
    removed = await chat.say(f"change {n} -#children_young_people")
    assert "removed #children_young_people" in removed.text
    update = await get_update(ctx.db, update_id=n)
    assert update is not None and update.themes == ("community_safety",)
    replaced = await chat.say(f"change {n} #environment")
    assert "The themes are replaced by #environment" in replaced.text
    update = await get_update(ctx.db, update_id=n)
    assert update is not None and update.themes == ("environment",)
    assert "theme Environment, street scene, parks and green spaces — set by Jo Officer" in (
        update.explanation
    )


async def test_an_unknown_theme_changes_nothing(chat: ChatDriver, ctx: Context) -> None:
    n = await _logged(chat, ctx, "log Keppel: youth club session, 20 young people", "keppel")
    refused = await chat.say(f"change {n} +#nonsense")
    assert not refused.ok and "I don't know the theme #nonsense" in refused.text
    update = await get_update(ctx.db, update_id=n)
    assert update is not None and update.themes == ("children_young_people",)
