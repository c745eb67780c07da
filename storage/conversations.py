"""Where the bot may post unprompted: one stored conversation reference per conversation.

The reference is the platform's own (for Teams, a serialized ConversationReference);
storage keeps it as it is and never looks inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from storage import models
from storage.db import Database

MAX_ID_LENGTH = 400  # the column's width


@dataclass(frozen=True, slots=True)
class ConversationRef:
    platform: str
    conversation_id: str
    reference: dict[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None


def _to_ref(row: models.ConversationRef) -> ConversationRef:
    return ConversationRef(
        platform=row.platform,
        conversation_id=row.conversation_id,
        reference=dict(row.reference or {}),
        updated_at=row.updated_at,
    )


async def save_conversation(
    db: Database, *, platform: str, conversation_id: str, reference: dict[str, Any]
) -> ConversationRef:
    """Store or refresh the reference for a conversation."""
    if not conversation_id or len(conversation_id) > MAX_ID_LENGTH:
        raise ValueError(f"a conversation id must be 1 to {MAX_ID_LENGTH} characters")
    row = models.ConversationRef(
        platform=platform,
        conversation_id=conversation_id,
        reference=reference,
        updated_at=datetime.now(UTC),
    )
    for attempt in range(2):
        try:
            async with db.transaction() as session:
                merged = await session.merge(row)
                return _to_ref(merged)
        except IntegrityError:
            # Another replica inserted the same conversation between our read and write.
            if attempt:
                raise
    raise AssertionError("unreachable")


async def get_conversation(
    db: Database, *, platform: str, conversation_id: str
) -> ConversationRef | None:
    async with db.transaction() as session:
        row = await session.get(models.ConversationRef, (platform, conversation_id))
        return _to_ref(row) if row is not None else None


async def delete_conversation(db: Database, *, platform: str, conversation_id: str) -> bool:
    """Forget a conversation (the bot was removed). True if there was one to forget."""
    async with db.transaction() as session:
        result = await session.execute(
            delete(models.ConversationRef).where(
                models.ConversationRef.platform == platform,
                models.ConversationRef.conversation_id == conversation_id,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


async def list_conversations(db: Database, *, platform: str) -> list[ConversationRef]:
    async with db.transaction() as session:
        rows = await session.scalars(
            select(models.ConversationRef)
            .where(models.ConversationRef.platform == platform)
            .order_by(models.ConversationRef.conversation_id)
        )
        return [_to_ref(row) for row in rows]
