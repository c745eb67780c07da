"""Partners in Teams: people of the council's own tenant, of a named partner's tenant (in a
shared channel), of anyone else's, and guests in the council's tenant, through every way
in (a mention in a channel, a 1:1 chat, a card's button, "Log as ward activity" on a
message, the compose box's form).

The real CloudAdapter over HTTP; the stand-in connector says who each member is (their
home tenant, and "guest"), as Teams' conversation members API does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from handlers.chat.context import Context
from storage.audit import recent_audit
from storage.conversations import list_conversations
from storage.db import Database
from storage.people import get_person
from storage.updates import count_updates, list_updates
from tests.bot.teams.conftest import Server, ServerFactory
from tests.support.teams_connector import TENANT, TeamsConnector, activity

COUNCIL = "Rotherham Metropolitan Borough Council"
POLICE_TENANT, POLICE = "5b2c0f4e-1111-4a4a-9b9b-00000000d0d0", "South Yorkshire Police"
STRANGE_TENANT = "0e0e0e0e-2222-4b4b-8c8c-00000000e0e0"
CHANNEL = "19:sitwell-partners@thread.tacv2"
NOT_SERVED = "only works with its council's own workspace and the partner organisations"
PEOPLE = {
    "own": ("29:jo", "Jo Officer"),
    "partner": ("29:pat", "Pat Police"),
    "stranger": ("29:sid", "Sid Stranger"),
}
ORGANISATION = {"own": COUNCIL, "partner": POLICE}
TEXT = "Sitwell: litter pick by the brook, 23 volunteers"


@pytest.fixture
async def partnered(
    start_server: ServerFactory, connector: TeamsConnector, ctx: Context
) -> AsyncIterator[Server]:
    connector.add_member("29:pat", tenant=POLICE_TENANT, name="Pat Police")
    connector.add_member("29:sid", tenant=STRANGE_TENANT, name="Sid Stranger")
    connector.add_member("29:gus", role="guest", name="Gus Guest")
    partners = f"{POLICE_TENANT}={POLICE}"
    # as bot.app.services builds the Context from the settings
    ctx.allowed_teams_tenants = frozenset({TENANT})
    ctx.partner_teams_tenants = {POLICE_TENANT: POLICE}
    async with start_server(allowed_teams_tenants=TENANT, partner_teams_tenants=partners) as s:
        yield s


def in_channel(
    connector: TeamsConnector, user: str, user_name: str, kind: str = "message", **extra: Any
) -> dict[str, Any]:
    """A shared channel hosted by the council: the conversation's tenant is the council's,
    whoever writes in it."""
    return activity(
        kind,
        service_url=connector.url,
        conversation=CHANNEL,
        conversation_type="channel",
        user=user,
        user_name=user_name,
        **extra,
    )


async def by_mention(server: Server, connector: TeamsConnector, user: str, name: str) -> Any:
    return await server.post(in_channel(connector, user, name, text=f"log {TEXT}", mention=True))


async def by_chat(server: Server, connector: TeamsConnector, user: str, name: str) -> Any:
    return await server.post(
        activity(
            service_url=connector.url,
            conversation=f"a:1on1-{user}",
            user=user,
            user_name=name,
            text=f"log {TEXT}",
        )
    )


async def by_button(server: Server, connector: TeamsConnector, user: str, name: str) -> Any:
    return await server.post(in_channel(connector, user, name, value={"action": "open_log_form"}))


async def by_message_action(server: Server, connector: TeamsConnector, user: str, name: str) -> Any:
    message = {
        "id": "1700000000777",
        "messageType": "message",
        "linkToMessage": f"https://teams.example/l/message/{CHANNEL}/1700000000777",
        "from": {"user": {"id": f"aad-{user}", "displayName": name}},
        "body": {"contentType": "html", "content": f"<p>{TEXT}</p>"},
    }
    return await server.post(
        in_channel(
            connector,
            user,
            name,
            "invoke",
            name="composeExtension/fetchTask",
            value={
                "commandId": "logWardActivity",
                "commandContext": "message",
                "messagePayload": message,
            },
        )
    )


async def by_form(server: Server, connector: TeamsConnector, user: str, name: str) -> Any:
    return await server.post(
        in_channel(
            connector,
            user,
            name,
            "invoke",
            name="composeExtension/submitAction",
            value={
                "commandId": "logWardActivity",
                "commandContext": "compose",
                "data": {"action": "log_form", "ward": "sitwell", "text": TEXT},
            },
        )
    )


WAYS: dict[str, Callable[[Server, TeamsConnector, str, str], Awaitable[Any]]] = {
    "mention in a channel": by_mention,
    "1:1 chat": by_chat,
    "card button": by_button,
    "message action": by_message_action,
    "compose form": by_form,
}


def said(connector: TeamsConnector, answer: Any) -> str:
    return "\n".join([str(answer.body or "")] + [c.shown for c in connector.calls])


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("who", list(PEOPLE))
async def test_who_is_served_through_every_way_in(
    partnered: Server, connector: TeamsConnector, db: Database, who: str, way: str
) -> None:
    user, name = PEOPLE[who]
    answer = await WAYS[way](partnered, connector, user, name)
    assert answer.status == 200
    told = said(connector, answer)
    key = f"teams:{user}"
    if who == "stranger":
        assert NOT_SERVED in told
        assert await count_updates(db) == 0
        assert await get_person(db, key=key) is None
        assert await list_conversations(db, platform="teams") == []  # nothing kept
        [refused] = await recent_audit(db, action="access.refused")
        assert refused.actor == key and refused.detail["team"] == STRANGE_TENANT
        return
    assert NOT_SERVED not in told
    if way == "card button":
        [form] = connector.calls
        assert any(e.get("id") == "ward" for e in form.cards[0]["body"])
        return
    [update] = await list_updates(db)
    assert update.author_key == key and update.ward_slug == "sitwell"
    assert update.author_organisation == ORGANISATION[who]


async def test_a_guest_is_served_once_an_admin_says_who_they_are(
    partnered: Server, connector: TeamsConnector, db: Database, ctx: Context
) -> None:
    first = await by_mention(partnered, connector, "29:gus", "Gus Guest")
    assert first.status == 200
    assert "you are a guest here" in said(connector, first)
    assert await count_updates(db) == 0
    [refused] = await recent_audit(db, action="access.refused")
    assert refused.actor == "teams:29:gus"  # what the admin needs to name them

    ctx.admins = frozenset({"teams:29:jo"})
    granted = await by_chat_text(partnered, connector, "role teams:29:gus partner Age UK Rotherham")
    assert granted.status == 200
    assert "is now a partner from Age UK Rotherham" in connector.calls[-1].shown

    again = await by_mention(partnered, connector, "29:gus", "Gus Guest")
    assert again.status == 200
    [update] = await list_updates(db)
    assert update.author_key == "teams:29:gus"
    assert update.author_organisation == "Age UK Rotherham"
    refused_audit = await by_chat_text(partnered, connector, "audit", user="29:gus")
    assert refused_audit.status == 200
    assert "you're set up as a partner" in connector.calls[-1].shown


async def by_chat_text(
    server: Server, connector: TeamsConnector, text: str, *, user: str = "29:jo"
) -> Any:
    return await server.post(
        activity(service_url=connector.url, conversation=f"a:1on1-{user}", user=user, text=text)
    )


async def test_members_are_asked_about_once_an_hour_not_every_message(
    partnered: Server, connector: TeamsConnector, db: Database
) -> None:
    for n in range(3):
        await by_chat_text(partnered, connector, f"log Sitwell: litter pick number {n}")
    assert connector.member_lookups == ["29:jo"]
    assert await count_updates(db) == 3


async def test_without_lists_no_one_is_looked_up_and_everyone_is_served(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    connector.add_member("29:sid", tenant=STRANGE_TENANT)
    answer = await by_mention(server, connector, "29:sid", "Sid Stranger")
    assert answer.status == 200
    assert connector.member_lookups == []
    [update] = await list_updates(db)
    assert update.author_organisation == COUNCIL  # as before: the conversation's tenant


async def test_someone_teams_will_not_describe_is_asked_to_try_again(
    partnered: Server, connector: TeamsConnector, db: Database
) -> None:
    connector.members["29:who"] = None
    answer = await by_mention(partnered, connector, "29:who", "Who Knows")
    assert answer.status == 200
    assert "couldn't check which organisation you are from" in said(connector, answer)
    assert await count_updates(db) == 0
    assert await get_person(db, key="teams:29:who") is None
