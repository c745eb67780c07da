"""Each role against each command; foreign workspaces; the role and audit commands."""

from __future__ import annotations

import pytest

from handlers.chat.access import Role
from handlers.chat.context import Context
from handlers.chat.messages import Action, Actor, Incoming, Reply
from handlers.commands.router import REGISTRY, handle
from storage.audit import recent_audit
from storage.channels import linked_ward
from storage.people import get_person, set_role
from storage.updates import count_updates, list_updates

ADMIN = Actor(platform="slack", user_id="UADMIN", name="Ada Admin", team_id="T1")

# What each command says when it is allowed, for a user with nothing special set up.
COMMAND_TEXT = {
    "log": "log Sitwell: litter pick at Herringthorpe Valley Park, 12 volunteers",
    "show": "show Sitwell",
    "find": "find litter",
    "wards": "wards",
    "priorities": "priorities Sitwell",
    "coverage": "coverage",
    "undo": "undo 1",
    "change": "change 1 priority 1",
    "link": "link Sitwell",
    "unlink": "unlink",
    "help": "help",
    "role": "role slack:UOTHER board",
    "audit": "audit",
    "digest": "digest subscribe weekly",
    "measure": "measure Sitwell: lonely 3",
    "case": "case 1 what: a coffee morning",
    "share": "share 1",
    "review": "review Sitwell",
    "places": "places confirm Wickersley Wickersley North",  # admins; `places` alone: anyone
}
ALLOWED = {
    Role.OFFICER: {
        "log",
        "show",
        "find",
        "wards",
        "priorities",
        "coverage",
        "undo",
        "change",
        "help",
        "measure",
        "case",
        "share",
        "review",
    },
    Role.PARTNER: {
        "log",
        "show",
        "find",
        "wards",
        "priorities",
        "coverage",
        "undo",
        "change",
        "help",
        "case",  # their own updates only
    },
    Role.BOARD: {"show", "find", "wards", "priorities", "coverage", "help", "review"},
    Role.ADMIN: set(COMMAND_TEXT),
}


def test_the_table_covers_every_registered_command() -> None:
    assert set(COMMAND_TEXT) == set(REGISTRY.words())


async def say(ctx: Context, actor: Actor, text: str, *, message_id: str = "") -> Reply:
    return await handle(
        ctx, Incoming(actor=actor, channel_id="C1", text=text, message_id=message_id or text)
    )


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("command", sorted(COMMAND_TEXT))
async def test_each_role_against_each_command(ctx: Context, role: Role, command: str) -> None:
    user = Actor(platform="slack", user_id=f"U{role.value}", name=f"Jo {role.value}", team_id="T1")
    # an update of the user's own, so undo/change have something they may touch
    own = Actor(platform="slack", user_id=user.user_id, name=user.name, team_id="T1")
    await say(ctx, ADMIN, f"role slack:{user.user_id} officer")
    first = await say(ctx, own, "log Sitwell: coffee morning, 9 came", message_id="seed")
    assert first.ok, first.text
    await say(ctx, ADMIN, f"role slack:{user.user_id} {role.value}")
    assert (await get_person(ctx.db, key=user.key)).role == role.value  # type: ignore[union-attr]
    before = len(await recent_audit(ctx.db, limit=500, action="access.refused"))

    reply = await say(ctx, user, COMMAND_TEXT[command])

    refusals = await recent_audit(ctx.db, limit=500, action="access.refused")
    if command in ALLOWED[role]:
        assert "Sorry, `" not in reply.text, reply.text
        assert len(refusals) == before
    else:
        assert not reply.ok
        found = REGISTRY.command(COMMAND_TEXT[command])
        assert found is not None
        key = found[0].permission.key
        assert reply.text.startswith(f"Sorry, `{key}` is for"), reply.text
        assert "Nothing was changed" in reply.text
        assert len(refusals) == before + 1
        assert refusals[0].actor == user.key and refusals[0].target == key


async def test_buttons_need_the_same_permission_as_their_command(ctx: Context) -> None:
    board = Actor(platform="slack", user_id="UB", name="Bo Board")
    await set_role(ctx.db, key=board.key, role="board", actor="test")
    pressed = await handle(
        ctx, Incoming(actor=board, channel_id="C1", action=Action(name="open_log_form"))
    )
    assert not pressed.ok and "`log` is for" in pressed.text


async def test_external_users_are_partners_unless_granted_more(ctx: Context) -> None:
    guest = Actor(platform="slack", user_id="UEXT", name="Pat Partner", external=True)
    officer = Actor(platform="slack", user_id="UOFF", name="Olly Officer", organisation="RMBC")
    assert (await say(ctx, officer, "log Sitwell: bulb planting with 8 volunteers")).ok
    assert (await say(ctx, guest, "log Sitwell: food bank open, 30 families")).ok
    shown = await say(ctx, guest, "show Sitwell")
    assert "Olly Officer" not in str(shown.card)  # partners don't see other people's names
    assert "someone at RMBC" in str(shown.card)
    assert "Pat Partner" in str(shown.card)  # ... but do see their own
    refused = await say(ctx, guest, "link Sitwell")
    assert not refused.ok and "you're set up as a partner" in refused.text
    await say(ctx, ADMIN, "role <@UEXT> admin")
    assert (await say(ctx, guest, "link Sitwell")).ok
    assert await linked_ward(ctx.db, platform="slack", channel_id="C1") == "sitwell"
    admin_view = await say(ctx, ADMIN, "show Sitwell")
    assert "Olly Officer" in str(admin_view.card)


async def test_foreign_slack_team_and_teams_tenant_are_refused(ctx: Context) -> None:
    ctx.allowed_slack_teams = frozenset({"TCOUNCIL"})
    ctx.allowed_teams_tenants = frozenset({"tenant-council"})
    visitors = [
        Actor(platform="slack", user_id="UX", name="Far Away", team_id="TELSEWHERE"),
        Actor(platform="teams", user_id="29:x", name="Far Away", team_id="tenant-other"),
        Actor(platform="slack", user_id="UY", name="No Team"),
    ]
    for visitor in visitors:
        reply = await say(ctx, visitor, "log Sitwell: litter pick", message_id=visitor.key)
        assert not reply.ok
        if visitor.team_id:
            assert "only works with its council's own workspace" in reply.text
        else:  # the platform did not say where they are from
            assert "couldn't check which organisation you are from" in reply.text
    assert await count_updates(ctx.db) == 0
    refusals = await recent_audit(ctx.db, action="access.refused")
    assert {r.actor for r in refusals} == {v.key for v in visitors}
    assert {r.detail["reason"] for r in refusals} == {"organisation not allowed"}
    home = [
        Actor(platform="slack", user_id="U1", name="Jo", team_id="TCOUNCIL"),
        Actor(platform="teams", user_id="29:1", name="Jo", team_id="tenant-council"),
    ]
    for actor in home:
        assert (await say(ctx, actor, "log Sitwell: litter pick", message_id=actor.key)).ok
    assert await count_updates(ctx.db) == 2


async def test_role_command_takes_mentions_names_and_keys(ctx: Context) -> None:
    jo = Actor(platform="teams", user_id="29:jo", name="Jo Bloggs")
    assert (await say(ctx, jo, "log Sitwell: litter pick")).ok  # now known by name
    teams_admin = Actor(platform="teams", user_id="29:admin", name="Ada")
    granted = await say(ctx, teams_admin, "role <at>Jo Bloggs</at> board")
    assert granted.ok and "Jo Bloggs is now board" in granted.text
    assert (await get_person(ctx.db, key="teams:29:jo")).role == "board"  # type: ignore[union-attr]
    assert "Jo Bloggs is board" in (await say(ctx, ADMIN, "role @Jo Bloggs")).text
    assert (await say(ctx, ADMIN, "role teams:29:jo none")).ok
    assert (await get_person(ctx.db, key="teams:29:jo")).role is None  # type: ignore[union-attr]

    unknown = await say(ctx, ADMIN, "role @Nobody Known partner")
    assert not unknown.ok and "I don't know anyone called 'Nobody Known'" in unknown.text
    bad = await say(ctx, ADMIN, "role teams:29:jo boss")
    assert not bad.ok and "officer, partner, board, admin" in bad.text
    settings_admin = await say(ctx, ADMIN, "role slack:UADMIN officer")
    assert not settings_admin.ok and "ADMINS setting" in settings_admin.text
    listed = await say(ctx, ADMIN, "role")
    assert "slack:UADMIN: admin (ADMINS setting)" in listed.text


async def test_audit_lists_who_did_what_for_admins(ctx: Context) -> None:
    officer = Actor(platform="slack", user_id="U7", name="Olly")
    await say(ctx, officer, "log Sitwell: skip day, 40 residents")
    await say(ctx, officer, "audit")  # refused, and that is audited too
    await say(ctx, ADMIN, "role slack:U7 partner")
    everything = await say(ctx, ADMIN, "audit")
    assert "slack:U7 update.create" in everything.text
    assert "slack:U7 access.refused audit" in everything.text
    assert "slack:UADMIN role.set slack:U7" in everything.text
    by_person = await say(ctx, ADMIN, "audit 5 slack:U7")
    assert "role.set" not in by_person.text and "update.create" in by_person.text
    by_action = await say(ctx, ADMIN, "audit role")
    assert "role.set" in by_action.text and "update.create" not in by_action.text
    [update] = await list_updates(ctx.db)
    assert update.author == "Olly"
