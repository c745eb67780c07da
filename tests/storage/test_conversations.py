"""Stored conversation references: one per conversation, refreshed, listed, forgotten."""

from __future__ import annotations

import pytest

from storage.conversations import (
    delete_conversation,
    get_conversation,
    list_conversations,
    save_conversation,
)
from storage.db import Database


async def test_a_reference_is_kept_once_refreshed_and_forgotten(db: Database) -> None:
    first = {"serviceUrl": "https://smba.example/emea/", "conversation": {"id": "19:a"}}
    await save_conversation(db, platform="teams", conversation_id="19:a", reference=first)
    moved = {**first, "serviceUrl": "https://smba.example/uk/"}
    await save_conversation(db, platform="teams", conversation_id="19:a", reference=moved)
    await save_conversation(db, platform="teams", conversation_id="19:b", reference=first)
    await save_conversation(db, platform="slack", conversation_id="19:a", reference={})

    kept = await get_conversation(db, platform="teams", conversation_id="19:a")
    assert kept is not None and kept.reference["serviceUrl"] == "https://smba.example/uk/"
    assert kept.updated_at is not None
    assert [c.conversation_id for c in await list_conversations(db, platform="teams")] == [
        "19:a",
        "19:b",
    ]
    assert await delete_conversation(db, platform="teams", conversation_id="19:a")
    assert not await delete_conversation(db, platform="teams", conversation_id="19:a")
    assert await get_conversation(db, platform="teams", conversation_id="19:a") is None
    assert await get_conversation(db, platform="slack", conversation_id="19:a") is not None


async def test_an_id_too_long_to_keep_is_refused(db: Database) -> None:
    with pytest.raises(ValueError):
        await save_conversation(db, platform="teams", conversation_id="x" * 401, reference={})
    assert await list_conversations(db, platform="teams") == []
