"""Requests Teams should never send, and some it does: a clear 4xx or a polite reply, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.chat.context import Context
from storage.audit import recent_audit
from storage.conversations import list_conversations
from storage.db import Database
from storage.updates import count_updates
from tests.bot.teams.conftest import Server, ServerFactory
from tests.support.teams_connector import TENANT, TeamsConnector, activity

APP_ID = "3f1c1f0e-4b5a-4c4e-9d8a-1a2b3c4d5e6f"


async def nothing_stored(db: Database) -> bool:
    return await count_updates(db) == 0 and not await list_conversations(db, platform="teams")


async def test_without_a_valid_token_nothing_gets_in_when_an_app_id_is_set(
    start_server: ServerFactory, connector: TeamsConnector, db: Database
) -> None:
    async with start_server(microsoft_app_id=APP_ID, microsoft_app_password="secret") as server:
        message = activity(service_url=connector.url, text="log Sitwell: litter pick")
        for headers in ({}, {"Authorization": "Bearer not-a-jwt"}, {"Authorization": "Basic x"}):
            answer = await server.post(message, headers=headers)
            assert answer.status == 401, headers
    assert connector.calls == []
    assert await nothing_stored(db)


def _without(body: dict[str, Any], *path: str) -> dict[str, Any]:
    node = body
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return body


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (lambda a: _without(a, "type"), 400),
        (lambda a: {**a, "type": "somethingNew"}, 400),
        (lambda a: _without(a, "conversation"), 400),
        (lambda a: _without(a, "conversation", "id"), 400),
        (lambda a: _without(a, "from"), 400),
        (lambda a: _without(a, "serviceUrl"), 400),
        (lambda a: {**a, "serviceUrl": "ftp://nowhere"}, 400),
        (lambda a: {**a, "type": "invoke", "name": "composeExtension/query"}, 400),
    ],
    ids=[
        "no type",
        "unknown type",
        "no conversation",
        "no conversation id",
        "no sender",
        "no serviceUrl",
        "odd serviceUrl",
        "unknown invoke",
    ],
)
async def test_malformed_activities_get_a_4xx_and_change_nothing(
    server: Server, connector: TeamsConnector, db: Database, change: Any, status: int
) -> None:
    body = change(activity(service_url=connector.url, text="log Sitwell: litter pick"))
    answer = await server.post(body)
    assert answer.status == status
    assert isinstance(answer.body, dict) and answer.body.get("error")
    assert await nothing_stored(db)


async def test_bodies_that_are_not_activities_get_a_4xx(server: Server, db: Database) -> None:
    assert (await server.post(None, raw=b"{not json", headers=_json())).status == 400
    assert (await server.post([1, 2])).status == 400
    assert (await server.post({"type": "message", "text": 5, "from": "x"})).status == 400
    assert (
        await server.post(None, raw=b"hello", headers={"Content-Type": "text/plain"})
    ).status == 415
    too_big = b'{"type": "message", "text": "' + b"x" * (1024**2 + 10) + b'"}'
    assert (await server.post(None, raw=too_big, headers=_json())).status == 413
    assert await nothing_stored(db)


def _json() -> dict[str, str]:
    return {"Content-Type": "application/json"}


async def test_oversized_or_empty_text_gets_a_polite_reply(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    long_post = "log Sitwell: " + "litter pick and more. " * 300
    answer = await server.post(activity(service_url=connector.url, text=long_post))
    assert answer.status == 200
    assert "characters" in connector.calls[-1].shown
    assert "Nothing was stored" in connector.calls[-1].shown
    await server.post(activity(service_url=connector.url, text="<at>wardbot</at> ", mention=True))
    assert "log" in connector.calls[-1].shown  # an empty mention gets the help
    await server.post(activity(service_url=connector.url, value={"action": "no-such-button"}))
    assert "no longer in use" in connector.calls[-1].shown
    assert await count_updates(db) == 0
    assert "Traceback" not in "".join(c.shown for c in connector.calls)


async def test_other_organisations_are_refused_politely_and_nothing_is_kept(
    start_server: ServerFactory, connector: TeamsConnector, db: Database
) -> None:
    async with start_server(allowed_teams_tenants="another-council-tenant") as server:
        message = activity(
            service_url=connector.url, text="log Sitwell: litter pick, 23 volunteers"
        )
        assert (await server.post(message)).status == 200
        [refusal] = connector.calls
        assert "serves its own council" in refusal.shown
        await server.post(
            activity(
                "installationUpdate",
                service_url=connector.url,
                conversation="19:x@thread.tacv2",
                action="add",
            )
        )
    assert await nothing_stored(db)

    async with start_server(allowed_teams_tenants=f"another-council-tenant, {TENANT}") as server:
        await server.post(activity(service_url=connector.url, text="log Sitwell: litter pick"))
    assert await count_updates(db) == 1


async def test_other_tenants_are_audited_once_a_minute(
    start_server: ServerFactory, connector: TeamsConnector, db: Database
) -> None:
    async with start_server(allowed_teams_tenants="another-council-tenant") as server:
        for i in range(6):
            text = f"log Sitwell: litter pick {i}"
            assert (await server.post(activity(service_url=connector.url, text=text))).status == 200
    assert len(connector.calls) == 6  # each one told, politely
    [refusal] = await recent_audit(db, action="access.refused")
    assert refusal.actor == "teams:29:jo"
    assert refusal.detail == {
        "reason": "organisation not allowed",
        "role": None,
        "team": TENANT,
        "external": False,
    }
    assert await count_updates(db) == 0


async def test_a_tenant_id_is_the_same_tenant_in_any_case(
    start_server: ServerFactory, connector: TeamsConnector, ctx: Context, db: Database
) -> None:
    """Tenant ids are GUIDs, written upper or lower case: the tenant gate and the router's
    check compare them the same way, so one setting lets the council in everywhere."""
    ctx.allowed_teams_tenants = frozenset({TENANT.upper()})  # as bot.app.services sets it
    async with start_server(allowed_teams_tenants=TENANT.upper()) as server:
        message = activity(service_url=connector.url, text="log Sitwell: litter pick, 9 bags")
        assert (await server.post(message)).status == 200
    [reply] = connector.calls
    assert "Logged for Sitwell" in reply.shown, reply.shown
    assert await count_updates(db) == 1
    assert await recent_audit(db, action="access.refused") == []
