"""Posts held until their person presses a button ("which ward?", "log as written?").

A button carries only the held post's key: Slack keeps 2,000 characters of a value and a
post may have 4,000. A held post may hold personal data, so it is tied to its author's
person row (erasure deletes it), it expires (the retention purge deletes it), and once
taken its text is emptied; the row stays until it expires, so a second press can be told
it was already dealt with.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from handlers import domain
from storage import models
from storage.db import Database
from storage.people import ensure_person

KEPT_FOR = timedelta(days=7)
KEY_LENGTH = 32  # the column's width; a longer "key" is a forged button


async def hold_post(
    db: Database,
    *,
    text: str,
    author_key: str,
    author_name: str = "",
    author_organisation: str = "",
    asker_key: str = "",
    channel_id: str = "",
    source_message_id: str = "",
    source_link: str = "",
    now: datetime | None = None,
) -> str:
    """Keep `text` for KEPT_FOR; returns the key a button can carry."""
    key = secrets.token_urlsafe(16)  # 22 characters, 128 random bits: not guessable
    now = now or datetime.now(UTC)
    async with db.transaction() as session:
        author = await ensure_person(
            session, key=author_key, name=author_name, organisation=author_organisation
        )
        await session.flush()
        session.add(
            models.HeldPost(
                key=key,
                author_id=author.id,
                asker_key=asker_key or author_key,
                channel_id=channel_id,
                # The post's own message keys the update, so two presses log it once.
                source_message_id=source_message_id or f"held:{key}",
                source_link=source_link,
                text=text,
                created_at=now,
                expires_at=now + KEPT_FOR,
            )
        )
    return key


async def held_post(db: Database, *, key: str) -> domain.HeldPost | None:
    """The held post with this key, taken or not, expired or not; None when there is none."""
    if not key or len(key) > KEY_LENGTH:
        return None
    async with db.transaction() as session:
        found = (
            await session.execute(
                select(models.HeldPost, models.Person)
                .join(models.Person, models.Person.id == models.HeldPost.author_id)
                .where(models.HeldPost.key == key)
            )
        ).first()
    if found is None:
        return None
    row, person = found
    return domain.HeldPost(
        key=row.key,
        author_key=f"{person.platform}:{person.platform_user_id}",
        author_name=person.name,
        author_organisation=person.organisation,
        asker_key=row.asker_key,
        channel_id=row.channel_id,
        source_message_id=row.source_message_id,
        source_link=row.source_link,
        text=row.text,
        created_at=_utc(row.created_at),
        expires_at=_utc(row.expires_at),
        taken_at=_utc(row.taken_at) if row.taken_at else None,
    )


async def settle_held(db: Database, *, key: str, now: datetime | None = None) -> None:
    """The held post was dealt with: forget its text; a later press is told so."""
    async with db.transaction() as session:
        await session.execute(
            update(models.HeldPost)
            .where(models.HeldPost.key == key, models.HeldPost.taken_at.is_(None))
            .values(taken_at=now or datetime.now(UTC), text="")
        )


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
