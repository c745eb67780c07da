"""A logged Teams message edited or deleted: its update follows, as a Slack message's does.

The activities are Teams' own messageUpdate (channelData.eventType "editMessage") and
messageDelete ("softDeleteMessage"): the message's id, the conversation it is in, who
changed it, and for an edit the message's new text.
"""

from __future__ import annotations

from typing import Any

from storage.audit import recent_audit
from storage.db import Database
from storage.updates import count_updates, get_update, list_updates
from tests.bot.teams.conftest import Server, ServerFactory
from tests.support.teams_connector import TENANT, TeamsConnector, activity

CHANNEL = "19:neighbourhoods@thread.tacv2"
THREAD = f"{CHANNEL};messageid=1700000000101"


def changed(
    kind: str, connector: TeamsConnector, *, message_id: str, **fields: Any
) -> dict[str, Any]:
    """Teams' notice that message `message_id` was edited ("editMessage") or deleted."""
    event = "editMessage" if kind == "messageUpdate" else "softDeleteMessage"
    body = activity(kind, service_url=connector.url, id=message_id, **fields)
    body["timestamp"] = "2025-10-12T10:05:00.000Z"
    body["channelData"] = {"eventType": event, "tenant": {"id": TENANT}}
    return body


async def test_editing_a_logged_message_changes_its_update_and_deleting_it_removes_it(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    where = {"conversation": THREAD, "conversation_type": "channel"}
    await server.post(
        activity(
            service_url=connector.url,
            text="log Wath: litter pick, 10 volunteers",
            mention=True,
            id="1700000000101",
            **where,
        )
    )
    [update] = await list_updates(db)
    assert update.ward_slug == "wath"

    edit = changed(
        "messageUpdate",
        connector,
        message_id="1700000000101",
        text="log Sitwell: litter pick, 25 volunteers #environment",
        mention=True,
        **where,
    )
    assert (await server.post(edit)).status == 200
    now = await get_update(db, update_id=update.id)
    assert now is not None and now.edited_at is not None
    assert (now.ward_slug, now.volunteers) == ("sitwell", 25)
    assert now.text == "litter pick, 25 volunteers #environment"
    assert now.themes == ("environment",)

    gone = changed("messageDelete", connector, message_id="1700000000101", **where)
    assert (await server.post(gone)).status == 200
    assert await count_updates(db) == 0
    deleted = await get_update(db, update_id=update.id)
    assert deleted is not None and deleted.deleted_at is not None
    actions = [a.action for a in await recent_audit(db, limit=10)]
    assert actions[:3] == ["update.delete", "update.change", "update.create"]
    assert [c.conversation_id for c in connector.calls] == [THREAD]  # no answer to an edit


async def test_a_one_to_one_message_edited_twice_keeps_the_last_text(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    await server.post(
        activity(service_url=connector.url, text="log Hoober: walk and talk, 8 came", id="77")
    )
    for text in ("log Hoober: walk and talk, 12 came", "log Hoober: walk and talk, 14 came"):
        edit = changed("messageUpdate", connector, message_id="77", text=text)
        assert (await server.post(edit)).status == 200
    [update] = await list_updates(db)
    assert update.people_reached == 14 and update.text == "walk and talk, 14 came"


async def test_edits_and_deletions_of_messages_never_logged_change_nothing(
    server: Server, connector: TeamsConnector, db: Database
) -> None:
    await server.post(activity(service_url=connector.url, text="log Wath: coffee morning", id="5"))
    await server.post(activity(service_url=connector.url, text="show Wath", id="6"))
    for notice in (
        changed("messageUpdate", connector, message_id="6", text="log Sitwell: something"),
        changed("messageDelete", connector, message_id="6"),
        # The same message id in another conversation is another message.
        changed("messageDelete", connector, message_id="5", conversation="a:1on1-sam"),
    ):
        assert (await server.post(notice)).status == 200
    [update] = await list_updates(db)
    assert update.ward_slug == "wath" and update.edited_at is None and update.deleted_at is None


async def test_an_edit_from_another_tenant_changes_nothing(
    start_server: ServerFactory, connector: TeamsConnector, db: Database
) -> None:
    async with start_server(allowed_teams_tenants=TENANT) as server:
        await server.post(
            activity(service_url=connector.url, text="log Wath: gala, 40 came", id="9")
        )
        edit = changed("messageUpdate", connector, message_id="9", text="log Wath: gala, 4 came")
        edit["conversation"]["tenantId"] = "another-tenant"
        edit["channelData"]["tenant"]["id"] = "another-tenant"
        await server.post(edit)
    [update] = await list_updates(db)
    assert update.people_reached == 40 and update.edited_at is None
