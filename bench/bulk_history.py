"""Generated history at speed for `bench.data`: batched executemany inserts, a transaction per batch.

Unlike storage.bulk (imports: all or nothing, repeats skipped) nothing is checked per row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import islice
from typing import Any, cast

from sqlalchemy import Table, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import domain
from storage import models, rollup
from storage.audit import write_audit
from storage.db import Database
from storage.people import split_key

BATCH = 5000


async def insert_history(
    db: Database, rows: Iterable[domain.NewUpdate], *, actor: str = "system:bulk"
) -> int:
    """Store updates in batches of executemany inserts, one transaction per batch.

    For history that has no chat message behind it: no per-row repeat check (a source
    message id already held fails the batch), one audit entry per batch.
    """
    stored = 0
    it = iter(rows)
    while batch := list(islice(it, BATCH)):
        async with db.transaction() as session:
            await _insert_batch(session, batch)
            await write_audit(
                session, actor=actor, action="update.bulk_insert", detail={"count": len(batch)}
            )
        stored += len(batch)
    await db.refresh_statistics(*models.HISTORY_TABLES)
    return stored


async def _insert_batch(session: AsyncSession, batch: Sequence[domain.NewUpdate]) -> None:
    slugs = {r.ward_slug for r in batch}
    ward_ids = dict(
        (
            await session.execute(
                select(models.Ward.slug, models.Ward.id).where(models.Ward.slug.in_(slugs))
            )
        ).all()
    )
    missing = slugs - ward_ids.keys()
    if missing:
        raise LookupError(f"no ward {sorted(missing)[0]}")
    people = await _people(session, batch)
    now = datetime.now(UTC)
    await session.execute(
        insert(models.Update),
        [
            _update_row(r, ward_id=ward_ids[r.ward_slug], author_id=people[r.author_key], at=now)
            for r in batch
        ],
    )
    # Read the new ids back by source message rather than RETURNING: far faster for big batches.
    found = (
        await session.execute(
            select(models.Update.platform, models.Update.source_message_id, models.Update.id).where(
                models.Update.platform.in_({r.platform for r in batch}),
                models.Update.source_message_id.in_({r.source_message_id for r in batch}),
            )
        )
    ).all()
    held = {(platform, source): update_id for platform, source, update_id in found}
    ids = [held[r.platform, r.source_message_id] for r in batch]
    themes = [
        {"update_id": update_id, "theme_key": key, "position": i}
        for update_id, r in zip(ids, batch, strict=True)
        for i, key in enumerate(dict.fromkeys(r.themes))
    ]
    if themes:
        await session.execute(insert(models.UpdateTheme), themes)
    await rollup.add_new(
        session,
        [
            rollup.New(
                ward_ids[r.ward_slug],
                r.occurred_on,
                r.themes,
                r.people_reached,
                r.volunteers,
                r.priority_id,
            )
            for r in batch
        ],
    )


async def _people(session: AsyncSession, batch: Sequence[domain.NewUpdate]) -> dict[str, int]:
    """Person ids by platform:user_id, adding the people not seen before."""
    wanted = {r.author_key: r for r in batch}
    found: dict[str, int] = {}
    for key in wanted:
        platform, user_id = split_key(key)
        person_id = await session.scalar(
            select(models.Person.id).where(
                models.Person.platform == platform, models.Person.platform_user_id == user_id
            )
        )
        if person_id is None:
            first = wanted[key]
            person_id = await session.scalar(
                insert(models.Person)
                .values(
                    platform=platform,
                    platform_user_id=user_id,
                    name=first.author_name,
                    organisation=first.author_organisation,
                )
                .returning(models.Person.id)
            )
        assert person_id is not None
        found[key] = person_id
    return found


def _update_row(
    r: domain.NewUpdate, *, ward_id: int, author_id: int, at: datetime
) -> dict[str, Any]:
    return {
        "ward_id": ward_id,
        "priority_id": r.priority_id,
        "text": r.text,
        "author_id": author_id,
        "platform": r.platform,
        "channel_id": r.channel_id,
        "source_message_id": r.source_message_id,
        "source_link": r.source_link,
        "occurred_on": r.occurred_on,
        "created_at": at,
        "people_reached": r.people_reached,
        "volunteers": r.volunteers,
        "quantities": dict(r.quantities),
        "partners": list(r.partners),
        "evidence_link": r.evidence_link,
        "case_study": r.case_study,
        "explanation": r.explanation,
        "place_name": r.place_name,
        "place_kind": r.place_kind,
        "organisation": r.author_organisation,
        "internal": r.internal,
    }


async def copy_history(db: Database, *, copies: int) -> int:
    """Copy every update held `copies` times in SQL (with its themes), then count afresh: a
    big table for benchmarks in minutes, with the same spread over days, wards and themes
    (generating 3,000,000 in Python takes half an hour). The updates now held."""
    update = cast(Table, models.Update.__table__)
    themes = cast(Table, models.UpdateTheme.__table__)
    copied = [c for c in update.c if c.name != "id"]
    async with db.transaction() as session:
        original = await session.scalar(select(func.max(update.c.id)))
    if original is None:
        return 0
    for copy in range(1, copies + 1):
        suffix = f"~{copy}"
        async with db.transaction() as session:
            await session.execute(
                insert(update).from_select(
                    [c.name for c in copied],
                    select(
                        *[
                            (c + literal(suffix)).label(c.name)
                            if c.name == "source_message_id"
                            else c
                            for c in copied
                        ]
                    )
                    .where(update.c.id <= original)
                    .order_by(update.c.id),
                )
            )
            new = update.alias("new")
            old = update.alias("old")
            await session.execute(
                insert(themes).from_select(
                    ["update_id", "theme_key", "position"],
                    select(new.c.id, themes.c.theme_key, themes.c.position)
                    .select_from(
                        new.join(
                            old,
                            (new.c.platform == old.c.platform)
                            & (
                                new.c.source_message_id == old.c.source_message_id + literal(suffix)
                            ),
                        ).join(themes, themes.c.update_id == old.c.id)
                    )
                    .where(new.c.id > original, old.c.id <= original),
                )
            )
    async with db.transaction() as session:
        await rollup.rebuild(session)
        await write_audit(
            session, actor="system:bulk", action="update.bulk_copy", detail={"copies": copies}
        )
    await db.refresh_statistics(*models.HISTORY_TABLES)
    async with db.transaction() as session:
        held = await session.scalar(select(func.count()).select_from(update))
    return int(held or 0)
