"""Many updates at once (imports): one transaction, inserted in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import insert, select

from handlers import domain
from storage import models, rollup
from storage.audit import write_audit
from storage.db import Database
from storage.people import ensure_person

BATCH = 500
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BulkResult:
    inserted: int
    already_held: int


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def held_sources(db: Database, *, platform: str, source_ids: Sequence[str]) -> set[str]:
    """Which of these source message ids are already stored for the platform."""
    held: set[str] = set()
    async with db.transaction() as session:
        for chunk in _chunks(list(dict.fromkeys(source_ids)), BATCH):
            held.update(
                await session.scalars(
                    select(models.Update.source_message_id).where(
                        models.Update.platform == platform,
                        models.Update.source_message_id.in_(chunk),
                    )
                )
            )
    return held


async def insert_updates(
    db: Database,
    rows: Sequence[domain.NewUpdate],
    *,
    actor: str,
    audit_detail: dict[str, Any] | None = None,
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> BulkResult:
    """Insert every row not already held, all in one transaction: all of them or none.

    Rows already held (same platform and source message id) are skipped, so a re-run of
    the same import adds nothing. `progress` is called with the number of rows dealt with
    after each batch.
    """
    now = datetime.now(UTC)
    async with db.transaction() as session:
        wards = dict((await session.execute(select(models.Ward.slug, models.Ward.id))).all())
        held: set[tuple[str, str]] = set()
        by_platform: dict[str, list[str]] = {}
        for row in rows:
            by_platform.setdefault(row.platform, []).append(row.source_message_id)
        for platform, ids in by_platform.items():
            for chunk in _chunks(list(dict.fromkeys(ids)), batch_size):
                found = await session.scalars(
                    select(models.Update.source_message_id).where(
                        models.Update.platform == platform,
                        models.Update.source_message_id.in_(chunk),
                    )
                )
                held.update((platform, s) for s in found)
        authors: dict[str, int] = {}
        for row in rows:
            if row.author_key not in authors:
                person = await ensure_person(
                    session,
                    key=row.author_key,
                    name=row.author_name,
                    organisation=row.author_organisation,
                )
                await session.flush()
                authors[row.author_key] = person.id
        inserted = skipped = 0
        for batch in _chunks(rows, batch_size):
            fresh = []
            seen: set[tuple[str, str]] = set()
            for row in batch:
                source = (row.platform, row.source_message_id)
                if source in held or source in seen:
                    skipped += 1
                    continue
                seen.add(source)
                fresh.append(row)
            if fresh:
                returned = await session.execute(
                    insert(models.Update).returning(
                        models.Update.id, models.Update.source_message_id
                    ),
                    [
                        _values(
                            row,
                            ward_id=wards[row.ward_slug],
                            author_id=authors[row.author_key],
                            now=now,
                        )
                        for row in fresh
                    ],
                )
                id_of = {source: update_id for update_id, source in returned.all()}
                themes = [
                    {"update_id": id_of[row.source_message_id], "theme_key": key, "position": i}
                    for row in fresh
                    for i, key in enumerate(dict.fromkeys(row.themes))
                ]
                if themes:
                    await session.execute(insert(models.UpdateTheme), themes)
                await rollup.add_new(
                    session,
                    [
                        rollup.New(
                            wards[r.ward_slug],
                            r.occurred_on,
                            r.themes,
                            r.people_reached,
                            r.volunteers,
                            r.priority_id,
                        )
                        for r in fresh
                    ],
                )
                inserted += len(fresh)
                held |= seen
            if progress is not None:
                progress(len(batch))
        await write_audit(
            session,
            actor=actor,
            action="update.import",
            target="",
            detail={**(audit_detail or {}), "inserted": inserted, "already_held": skipped},
        )
    if inserted:
        await db.refresh_statistics(*models.HISTORY_TABLES)
    return BulkResult(inserted=inserted, already_held=skipped)


def _values(
    row: domain.NewUpdate, *, ward_id: int, author_id: int, now: datetime
) -> dict[str, Any]:
    return {
        "ward_id": ward_id,
        "priority_id": row.priority_id,
        "text": row.text,
        "author_id": author_id,
        "platform": row.platform,
        "channel_id": row.channel_id,
        "source_message_id": row.source_message_id,
        "source_link": row.source_link,
        "occurred_on": row.occurred_on,
        "created_at": now,
        "people_reached": row.people_reached,
        "volunteers": row.volunteers,
        "quantities": dict(row.quantities),
        "partners": list(row.partners),
        "evidence_link": row.evidence_link,
        "case_study": row.case_study,
        "explanation": row.explanation,
        "place_name": row.place_name,
        "place_kind": row.place_kind,
        "organisation": row.author_organisation,
        "internal": row.internal,
    }
