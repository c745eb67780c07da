"""Activity updates: record, read, change, delete, and count them."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    Column,
    MetaData,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    distinct,
    func,
    insert,
    literal_column,
    or_,
    select,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import domain
from storage import models, rollup
from storage.arrays import arrays, unnest_insert
from storage.audit import write_audit
from storage.batches import Batches
from storage.db import Database, DatabaseUnavailable
from storage.memo import Author, WardRef
from storage.people import ensure_person, split_key

_NOT_DELETED = models.Update.deleted_at.is_(None)


async def record_update(db: Database, new: domain.NewUpdate) -> domain.Stored:
    """Store an update, once per source message: a repeat returns the one already held.

    Returns once the update is committed. Concurrent calls share a transaction (group
    commit, storage/batches.py). The stored record is built from what was inserted
    rather than read back.
    """
    ward = await _ward(db, new.ward_slug)
    priority = await _priority(db, new.priority_id) if new.priority_id else None
    batches = db.batches.get("updates")
    if batches is None:
        batches = db.batches["updates"] = Batches(
            functools.partial(_write_updates, db),
            alone=lambda exc: not isinstance(exc, DatabaseUnavailable),
        )
    prepared = _Prepared(new, ward, priority, datetime.now(UTC))
    stored: domain.Stored = await batches.submit(db.writer, db.transaction, prepared)
    return stored


@dataclass(frozen=True, slots=True)
class _Prepared:
    new: domain.NewUpdate
    ward: WardRef
    priority: domain.Priority | None
    created_at: datetime


async def _write_updates(
    db: Database, session: AsyncSession, batch: Sequence[_Prepared]
) -> list[domain.Stored]:
    """The batch's inserts in one statement (each skips a repeat and finds the author's id
    itself), then all their themes, audit entries and activity counts: in one statement
    more on SQLite (a view's trigger), in two on PostgreSQL (arrays)."""
    conn = await session.connection()
    sqlite = db.engine.dialect.name == "sqlite"
    out: list[domain.Stored] = []
    created: list[rollup.New] = []
    themes: list[dict[str, Any]] = []
    audit: list[dict[str, Any]] = []
    written: list[list[Any]] = []  # SQLite: one row of update_written an update
    try:
        authors = [await _author(db, session, item.new) for item in batch]
        rows = []
        for item, author in zip(batch, authors, strict=True):
            platform, user_id = split_key(item.new.author_key)
            rows.append(
                _row(item)
                | {
                    "author_platform": platform,
                    "author_user_id": user_id,
                    "organisation": author.organisation,
                }
            )
        # One round trip for the whole batch (SQLAlchemy's "insertmanyvalues"); the rows come
        # back unordered, so they are matched by source message. A repeat comes back not at all.
        inserted = {
            (platform, source): (update_id, author_id)
            for update_id, author_id, platform, source in await conn.execute(
                _insert_once(db.engine.dialect.name), rows
            )
        }
        for item, author in zip(batch, authors, strict=True):
            new = item.new
            found_row = inserted.pop((new.platform, new.source_message_id), None)
            if found_row is None:  # a retry, or another replica, stored this source message first
                found = await _records(session, _by_source(new.platform, new.source_message_id))
                out.append(domain.Stored(found[0], created=False))
                continue
            update_id, author_id = found_row
            if author_id is None:  # erased since this process last saw them: a new person row
                person = await ensure_person(
                    session,
                    key=new.author_key,
                    name=new.author_name,
                    organisation=new.author_organisation,
                )
                author = Author(person.name, person.organisation)
                db.memo.authors.put(new.author_key, author)
                await conn.execute(
                    sql_update(_UPDATE).where(_UPDATE.c.id == update_id).values(author_id=person.id)
                )
            kept = tuple(dict.fromkeys(new.themes))
            detail = {"ward": new.ward_slug, "platform": new.platform}
            if sqlite:
                at, detail_text = _sqlite_audit_values(item.created_at, detail)
                written.append(
                    [
                        update_id,
                        item.ward.id,
                        new.occurred_on.isoformat(),
                        new.people_reached,
                        new.volunteers,
                        new.priority_id,
                        kept,
                        at,
                        new.author_key,
                        detail_text,
                    ]
                )
            else:
                created.append(
                    rollup.New(
                        item.ward.id,
                        new.occurred_on,
                        kept,
                        new.people_reached,
                        new.volunteers,
                        new.priority_id,
                    )
                )
                themes.extend(
                    {"update_id": update_id, "theme_key": k, "position": i}
                    for i, k in enumerate(kept)
                )
                audit.append(
                    {
                        "at": item.created_at,
                        "actor": new.author_key,
                        "action": "update.create",
                        "target": str(update_id),
                        "detail": detail,
                    }
                )
            out.append(domain.Stored(_stored(item, update_id, author, kept), created=True))
        if written:
            # SQLite: the themes, the audit entries and the counts in one statement, each
            # update a row of the view update_written, whose trigger writes them (migration
            # 0021): three statements fewer a batch, each four hops to aiosqlite's thread.
            await conn.execute(_WRITTEN, {"rows": json.dumps(written)})
            return out
        # Each theme's Board aim comes back with its row: the counts need no read of their
        # own (one round trip fewer a batch), and see the plan as this transaction does.
        aim_of: dict[str, str] = {}
        if audit:
            # The audit entries and the themes in one statement (storage/arrays.py).
            aim_of = dict(
                (
                    await conn.execute(
                        _themes_and_audit(),
                        arrays("t_", themes, _THEME_COLUMNS)
                        | arrays("a_", audit, _AUDIT_COLUMNS, as_json=["detail"]),
                    )
                ).all()
            )
        await rollup.add_new(conn, created, aim_of=aim_of)
    except BaseException:
        db.memo.authors.clear()  # names written in this transaction may not be kept
        raise
    return out


# The tables themselves: Core statements skip the ORM's per-row bookkeeping on the hot path.
_UPDATE = cast(Table, models.Update.__table__)
_THEMES = cast(Table, models.UpdateTheme.__table__)
_AUDIT = cast(Table, models.AuditLog.__table__)
_INSERT_ONCE: dict[str, Any] = {}
# Written out: SQLAlchemy does not correlate a subquery in RETURNING with the inserted row.
_AIM_OF_THEME: Any = literal_column(
    "(SELECT theme.board_aim_key FROM theme WHERE theme.key = update_theme.theme_key)"
)
_THEME_COLUMNS = ("update_id", "theme_key", "position")
_AUDIT_COLUMNS = ("at", "actor", "action", "target", "detail")
# SQLite: the view whose trigger writes an update's themes, audit entry and counts
# (migration 0021; a change to what it does is a new migration). Its columns in order.
_WRITTEN_COLUMNS = (
    "update_id",
    "ward_id",
    "occurred_on",
    "people",
    "volunteers",
    "priority_id",
    "themes",
    "at",
    "actor",
    "detail",
)
_WRITTEN_VIEW = Table(
    "update_written",
    MetaData(),  # not the models': a view, made by its migration, never by create_all
    *(Column(name) for name in _WRITTEN_COLUMNS),
)
_WRITTEN_EACH = func.json_each(bindparam("rows")).table_valued("value")
# Built once, like the others: a statement made for each batch had its cache key worked out
# again each time (SQLite's group commit).
_WRITTEN = insert(_WRITTEN_VIEW).from_select(
    list(_WRITTEN_COLUMNS),
    select(
        *(
            # an array (themes) comes back as its JSON text, as the trigger reads it
            func.json_extract(_WRITTEN_EACH.c.value, literal_column(f"'$[{i}]'"))
            for i in range(len(_WRITTEN_COLUMNS))
        )
    ),
)
_SQLITE = sqlite_dialect()
_SQLITE_AT = _AUDIT.c.at.type.dialect_impl(_SQLITE).bind_processor(_SQLITE)
_SQLITE_DETAIL = _AUDIT.c.detail.type.dialect_impl(_SQLITE).bind_processor(_SQLITE)


def _sqlite_audit_values(at: datetime, detail: dict[str, str]) -> tuple[str, str]:
    """An audit entry's time and detail as SQLAlchemy stores them in SQLite (text), so
    entries the trigger writes read back as any other."""
    assert _SQLITE_AT is not None and _SQLITE_DETAIL is not None
    return _SQLITE_AT(at), _SQLITE_DETAIL(detail)


@functools.cache
def _themes_and_audit() -> Any:
    """PostgreSQL: the audit entries inserted in a WITH, then the themes, returning each
    theme's aim; every row from arrays."""
    entries = unnest_insert(_AUDIT, "a_", _AUDIT_COLUMNS).cte("audit_entries")
    return (
        unnest_insert(_THEMES, "t_", _THEME_COLUMNS)
        .returning(_THEMES.c.theme_key, _AIM_OF_THEME)
        .add_cte(entries)
    )


def _insert_once(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (platform, source_message_id) DO NOTHING RETURNING id, author_id, ...

    Built once with bound parameters, so SQLAlchemy compiles it once. The author's id is
    looked up by the insert itself: a person erased by another process meanwhile leaves it
    NULL, and the caller then makes a fresh person row.
    """
    statement = _INSERT_ONCE.get(dialect)
    if statement is None:
        person = cast(Table, models.Person.__table__)
        author_id = (
            select(person.c.id)
            .where(
                person.c.platform == bindparam("author_platform"),
                person.c.platform_user_id == bindparam("author_user_id"),
            )
            .scalar_subquery()
        )
        dialect_insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
        statement = _INSERT_ONCE[dialect] = (
            dialect_insert(_UPDATE)
            .values(author_id=author_id)
            .on_conflict_do_nothing(index_elements=["platform", "source_message_id"])
            .returning(
                _UPDATE.c.id, _UPDATE.c.author_id, _UPDATE.c.platform, _UPDATE.c.source_message_id
            )
        )
    return statement


def _row(item: _Prepared) -> dict[str, Any]:
    new = item.new
    return {
        "ward_id": item.ward.id,
        "priority_id": new.priority_id,
        "text": new.text,
        "platform": new.platform,
        "channel_id": new.channel_id,
        "source_message_id": new.source_message_id,
        "source_link": new.source_link,
        "occurred_on": new.occurred_on,
        "created_at": item.created_at,
        "people_reached": new.people_reached,
        "volunteers": new.volunteers,
        "quantities": dict(new.quantities),
        "partners": list(new.partners),
        "evidence_link": new.evidence_link,
        "case_study": new.case_study,
        "explanation": new.explanation,
        "place_name": new.place_name,
        "place_kind": new.place_kind,
        "internal": new.internal,
    }


def _stored(
    item: _Prepared, update_id: int, author: Author, themes: tuple[str, ...]
) -> domain.Update:
    new = item.new
    _, user_id = split_key(new.author_key)
    return domain.Update(
        id=update_id,
        ward_slug=new.ward_slug,
        ward_name=item.ward.name,
        priority=item.priority,
        themes=themes,
        text=new.text,
        author=author.name or user_id,
        author_key=new.author_key,
        platform=new.platform,
        channel_id=new.channel_id,
        source_message_id=new.source_message_id,
        source_link=new.source_link,
        occurred_on=new.occurred_on,
        created_at=item.created_at,
        people_reached=new.people_reached,
        volunteers=new.volunteers,
        quantities=dict(new.quantities),
        partners=tuple(new.partners),
        evidence_link=new.evidence_link,
        case_study=new.case_study,
        explanation=new.explanation,
        author_organisation=author.organisation,
        place_name=new.place_name,
        place_kind=new.place_kind,
        internal=new.internal,
    )


async def _author(db: Database, session: AsyncSession, new: domain.NewUpdate) -> Author:
    """The author's row exists and carries their current name; written only when it changed."""
    kept = db.memo.authors.get(new.author_key)
    if (
        kept is not None
        and (not new.author_name or kept.name == new.author_name)
        and (not new.author_organisation or kept.organisation == new.author_organisation)
    ):
        return kept
    person = await ensure_person(
        session, key=new.author_key, name=new.author_name, organisation=new.author_organisation
    )
    author = Author(person.name, person.organisation)
    db.memo.authors.put(new.author_key, author)
    return author


async def _ward(db: Database, slug: str) -> WardRef:
    """A ward's id and name by slug, from memory; all wards are read again on a miss."""
    found = db.memo.wards.get(slug)
    if found is not None:
        return found
    async with db.transaction() as session:
        rows = (
            await session.execute(select(models.Ward.slug, models.Ward.id, models.Ward.name))
        ).all()
    for row_slug, ward_id, name in rows:
        db.memo.wards.put(row_slug, WardRef(ward_id, name))
    found = db.memo.wards.get(slug)
    if found is None:
        raise LookupError(f"no ward {slug}")
    return found


async def _priority(db: Database, priority_id: int) -> domain.Priority | None:
    found = db.memo.priorities.get(priority_id)
    if found is not None:
        return found
    async with db.transaction() as session:
        priorities = await _priorities(session, {priority_id})
    for key, priority in priorities.items():
        db.memo.priorities.put(key, priority)
    return priorities.get(priority_id)


def _by_source(platform: str, source_message_id: str) -> Select[Any]:
    return select(models.Update).where(
        models.Update.platform == platform,
        models.Update.source_message_id == source_message_id,
    )


async def get_update(db: Database, *, update_id: int) -> domain.Update | None:
    async with db.transaction() as session:
        found = await _records(session, select(models.Update).where(models.Update.id == update_id))
    return found[0] if found else None


async def updates_by_id(db: Database, *, ids: Sequence[int]) -> list[domain.Update]:
    """The updates with these ids, in the order asked; ids not held are left out."""
    if not ids:
        return []
    async with db.transaction() as session:
        found = await _records(session, select(models.Update).where(models.Update.id.in_(ids)))
    held = {u.id: u for u in found}
    return [held[i] for i in dict.fromkeys(ids) if i in held]


async def update_by_source(
    db: Database, *, platform: str, source_message_id: str
) -> domain.Update | None:
    async with db.transaction() as session:
        found = await _records(session, _by_source(platform, source_message_id))
    return found[0] if found else None


async def change_update(
    db: Database,
    *,
    update_id: int,
    actor: str,
    ward_slug: str | None = None,
    priority_id: int | bool | None = False,
    themes: Sequence[str] | None = None,
    text: str | None = None,
    explanation: str | None = None,
    to: domain.Draft | None = None,
) -> domain.Update | None:
    """Change a stored update. `priority_id=False` leaves the priority alone; None clears it.

    `to`: the update says what the draft says, every field of it (ward, priority, themes and
    text included); the caller has put into the draft what the update keeps.
    """
    fields: dict[str, Any] = {}
    if to is not None:
        ward_slug, priority_id, themes, text = to.ward_slug, to.priority_id, to.themes, to.text
        fields = {
            name: getattr(to, name)
            for name in (f.name for f in dataclass_fields(domain.Draft))
            if name not in ("ward_slug", "priority_id", "themes", "text")
        }
        fields["partners"], fields["quantities"] = list(to.partners), dict(to.quantities)
    if explanation is not None:  # the Why line, read again after a correction
        fields["explanation"] = explanation
    async with db.transaction() as session:
        row = await session.get(models.Update, update_id)
        if row is None:
            return None
        counted = await rollup.remove(session, [update_id])
        # What changed, from and to. Ward and themes by key; a post's text only by its length:
        # the audit trail is no second copy of what people wrote (erasure scrubs updates).
        changes: dict[str, dict[str, str]] = {}
        if ward_slug is not None:
            ward_id = await session.scalar(
                select(models.Ward.id).where(models.Ward.slug == ward_slug)
            )
            if ward_id is None:
                raise LookupError(f"no ward {ward_slug}")
            old_slug = await session.scalar(
                select(models.Ward.slug).where(models.Ward.id == row.ward_id)
            )
            changes["ward"] = _from_to(old_slug, ward_slug)
            row.ward_id = ward_id
        if priority_id is not False:
            changes["priority_id"] = _from_to(row.priority_id, priority_id or None)
            row.priority_id = priority_id or None
        if text is not None:
            changes["text"] = _from_to(f"{len(row.text)} characters", f"{len(text)} characters")
            row.text = text
        for name, value in fields.items():
            if getattr(row, name) != value:  # the audit names what changed, not every field
                changes[name] = _from_to(getattr(row, name), value)
            setattr(row, name, value)
        if themes is not None:
            old_themes = await session.scalars(
                select(models.UpdateTheme.theme_key)
                .where(models.UpdateTheme.update_id == update_id)
                .order_by(models.UpdateTheme.position)
            )
            changes["themes"] = _from_to(", ".join(old_themes), ", ".join(dict.fromkeys(themes)))
            await session.execute(
                delete(models.UpdateTheme).where(models.UpdateTheme.update_id == update_id)
            )
            session.add_all(
                models.UpdateTheme(update_id=update_id, theme_key=key, position=i)
                for i, key in enumerate(dict.fromkeys(themes))
            )
        row.edited_at = datetime.now(UTC)
        await session.flush()
        await rollup.add(session, [update_id])
        await rollup.refresh(session, counted)
        await write_audit(
            session,
            actor=actor,
            action="update.change",
            target=str(update_id),
            detail=changes,
        )
    return await get_update(db, update_id=update_id)


def _from_to(old: object, new: object) -> dict[str, str]:
    return {"from": "" if old is None else str(old), "to": "" if new is None else str(new)}


async def delete_update(
    db: Database, *, update_id: int, actor: str, reason: str
) -> domain.Update | None:
    """Mark an update deleted (kept for the audit trail, left out of every count)."""
    async with db.transaction() as session:
        row = await session.get(models.Update, update_id)
        if row is None:
            return None
        if row.deleted_at is None:
            counted = await rollup.remove(session, [update_id])
            row.deleted_at = datetime.now(UTC)
            await session.flush()
            await rollup.refresh(session, counted)
            await write_audit(
                session,
                actor=actor,
                action="update.delete",
                target=str(update_id),
                detail={"reason": reason},
            )
    return await get_update(db, update_id=update_id)


async def list_updates(
    db: Database,
    *,
    ward_slug: str | None = None,
    theme: str | None = None,
    words: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    author_key: str | None = None,
    limit: int | None = 20,
    include_deleted: bool = False,
    area: domain.Area | None = None,
    internal_only_by: str | None = None,
) -> list[domain.Update]:
    """Updates newest first, filtered; deleted ones are left out unless asked for. An area
    (a neighbourhood, a PCN) holds the updates of its wards and those read from its places.
    `internal_only_by` (a partner's key): `#internal` updates only when they are theirs."""
    query = select(models.Update)
    if internal_only_by is not None:
        platform, _, user_id = internal_only_by.partition(":")
        theirs = (
            select(models.Person.id)
            .where(models.Person.platform == platform, models.Person.platform_user_id == user_id)
            .scalar_subquery()
        )
        query = query.where(
            or_(models.Update.internal.is_(False), models.Update.author_id == theirs)
        )
    if not include_deleted:
        query = query.where(_NOT_DELETED)
    if area is not None:
        in_wards = models.Update.ward_id.in_(
            select(models.Ward.id).where(models.Ward.slug.in_(area.wards))
        )
        at_places = func.lower(models.Update.place_name).in_([p.lower() for p in area.places])
        query = query.where(or_(in_wards, at_places) if area.places else in_wards)
    if ward_slug:
        # The ward's id itself, not a join on its slug: knowing the ward, PostgreSQL walks
        # its newest updates in index order and stops after a page (`find litter in WARD`
        # at 300,000 updates: 43 ms -> 6 ms for a busy ward) instead of sorting them all.
        try:
            ward = await _ward(db, ward_slug)
        except LookupError:
            return []
        query = query.where(models.Update.ward_id == ward.id)
    if theme:
        query = query.where(
            models.Update.id.in_(
                select(models.UpdateTheme.update_id).where(models.UpdateTheme.theme_key == theme)
            )
        )
    for word in words:
        query = query.where(models.Update.text.ilike(f"%{_escape_like(word)}%", escape="\\"))
    if since:
        query = query.where(models.Update.occurred_on >= since)
    if until:
        query = query.where(models.Update.occurred_on <= until)
    if author_key:
        platform, _, user_id = author_key.partition(":")
        query = query.join(models.Person, models.Person.id == models.Update.author_id).where(
            models.Person.platform == platform, models.Person.platform_user_id == user_id
        )
    query = query.order_by(models.Update.occurred_on.desc(), models.Update.id.desc())
    if limit is not None:
        query = query.limit(limit)
    async with db.transaction() as session:
        return await _records(session, query)


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def _records(session: AsyncSession, query: Select[Any]) -> list[domain.Update]:
    rows = (await session.scalars(query)).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    wards = {
        w.id: w
        for w in (
            await session.scalars(
                select(models.Ward).where(models.Ward.id.in_({r.ward_id for r in rows}))
            )
        ).all()
    }
    people = {
        p.id: p
        for p in (
            await session.scalars(
                select(models.Person).where(
                    models.Person.id.in_({r.author_id for r in rows if r.author_id})
                )
            )
        ).all()
    }
    priorities = await _priorities(session, {r.priority_id for r in rows if r.priority_id})
    themes: dict[int, list[str]] = {}
    for update_id, key in (
        await session.execute(
            select(models.UpdateTheme.update_id, models.UpdateTheme.theme_key)
            .where(models.UpdateTheme.update_id.in_(ids))
            .order_by(models.UpdateTheme.update_id, models.UpdateTheme.position)
        )
    ).all():
        themes.setdefault(update_id, []).append(key)
    out = []
    for r in rows:
        ward = wards[r.ward_id]
        person = people.get(r.author_id) if r.author_id else None
        out.append(
            domain.Update(
                id=r.id,
                ward_slug=ward.slug,
                ward_name=ward.name,
                priority=priorities.get(r.priority_id) if r.priority_id else None,
                themes=tuple(themes.get(r.id, [])),
                text=r.text,
                author=(person.name or person.platform_user_id) if person else "(erased)",
                author_key=f"{person.platform}:{person.platform_user_id}" if person else "",
                platform=r.platform,
                channel_id=r.channel_id,
                source_message_id=r.source_message_id,
                source_link=r.source_link,
                occurred_on=r.occurred_on,
                created_at=_utc(r.created_at),
                edited_at=_utc(r.edited_at) if r.edited_at else None,
                deleted_at=_utc(r.deleted_at) if r.deleted_at else None,
                people_reached=r.people_reached,
                volunteers=r.volunteers,
                quantities=dict(r.quantities or {}),
                partners=tuple(r.partners or ()),
                evidence_link=r.evidence_link,
                case_study=r.case_study,
                explanation=r.explanation,
                place_name=r.place_name,
                place_kind=r.place_kind,
                author_organisation=r.organisation or (person.organisation if person else ""),
                internal=r.internal,
            )
        )
    return out


async def _priorities(session: AsyncSession, ids: set[int]) -> dict[int, domain.Priority]:
    if not ids:
        return {}
    found = (
        await session.execute(
            select(models.Priority, models.Ward.slug)
            .join(models.Ward, models.Ward.id == models.Priority.ward_id)
            .where(models.Priority.id.in_(ids))
        )
    ).all()
    themes: dict[int, list[str]] = {}
    for pid, key in (
        await session.execute(
            select(models.PriorityTheme.priority_id, models.PriorityTheme.theme_key).where(
                models.PriorityTheme.priority_id.in_(ids)
            )
        )
    ).all():
        themes.setdefault(pid, []).append(key)
    return {
        p.id: domain.Priority(
            p.id, slug, p.plan_year, p.number, p.title, tuple(sorted(themes.get(p.id, [])))
        )
        for p, slug in found
    }


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def ward_activity(
    db: Database,
    *,
    wards: Sequence[str] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[domain.WardActivity]:
    """Every ward (or those named) with its count of updates, zero included, by name."""
    if since is None and until is None:  # all time: the counts kept on write
        return await _ward_totals(db, wards)
    conditions = [models.Update.ward_id == models.Ward.id, _NOT_DELETED]
    if since:
        conditions.append(models.Update.occurred_on >= since)
    if until:
        conditions.append(models.Update.occurred_on <= until)
    query = (
        select(
            models.Ward.slug,
            models.Ward.name,
            func.count(models.Update.id),
            func.coalesce(func.sum(models.Update.people_reached), 0),
            func.max(models.Update.occurred_on),
        )
        .outerjoin(models.Update, and_(*conditions))
        .group_by(models.Ward.id, models.Ward.slug, models.Ward.name)
        .order_by(models.Ward.name)
    )
    if wards is not None:
        query = query.where(models.Ward.slug.in_(wards))
    async with db.transaction() as session:
        rows = (await session.execute(query)).all()
    return [
        domain.WardActivity(slug, name, n, int(people or 0), last)
        for slug, name, n, people, last in rows
    ]


async def _ward_totals(db: Database, wards: Sequence[str] | None) -> list[domain.WardActivity]:
    # The wards asked for are picked here, not by an IN list in SQL: `wards` asks for every
    # ward in the plan, and 9,000 bound slugs (a national plan) cost ~200 ms of CPU.
    wanted = None if wards is None else set(wards)
    query = select(models.Ward.id, models.Ward.slug, models.Ward.name).order_by(models.Ward.name)
    async with db.transaction() as session:
        named = (await session.execute(query)).all()
        totals = await rollup.ward_totals(session)
    none = domain.WardTotals(0, 0, 0, None)
    return [
        domain.WardActivity(slug, name, t.updates, t.people_reached, t.last_on, t.volunteers)
        for ward_id, slug, name in named
        if wanted is None or slug in wanted
        for t in (totals.get(ward_id, none),)
    ]


async def ward_totals(
    db: Database, ward_ids: Collection[int] | None = None
) -> dict[int, domain.WardTotals]:
    """Ward id -> its live updates' totals (updates, people reached, volunteers, latest
    day), for wards with any, of these wards (None: every ward): the counts kept on write.
    `wards` puts them beside the plan's wards, already in name order, rather than reading
    and sorting every ward."""
    async with db.transaction() as session:
        return await rollup.ward_totals(session, ward_ids)


async def wards_summary(db: Database, *, first: int) -> domain.WardsSummary:
    """Every ward's totals summed, the `first` busiest wards and the first wards with none:
    what `wards` says of a plan too big to list (the counts kept on write)."""
    async with db.transaction() as session:
        return await rollup.wards_summary(session, first=first)


async def theme_coverage(
    db: Database,
    *,
    year: int,
    since: date | None = None,
    referenced: Mapping[str, int] | None = None,
) -> list[domain.ThemeCoverage]:
    """For each theme: wards whose priorities this plan year reference it (`referenced`,
    when the caller has counted them from the plan it holds), and its activity (updates
    that happened on or after `since`, when given)."""
    wards_with = (
        select(models.PriorityTheme.theme_key, func.count(distinct(models.Priority.ward_id)))
        .join(models.Priority, models.Priority.id == models.PriorityTheme.priority_id)
        .where(models.Priority.plan_year == year)
        .group_by(models.PriorityTheme.theme_key)
    )
    async with db.transaction() as session:
        if referenced is None:
            referenced = dict((await session.execute(wards_with)).all())
        themes = (await session.scalars(select(models.Theme).order_by(models.Theme.position))).all()
        active = await rollup.activity_since(
            session, prefix=rollup.THEME, names=[t.key for t in themes], since=since
        )
    return [
        domain.ThemeCoverage(
            theme_key=t.key,
            theme_label=t.label,
            board_aim=t.board_aim_key,
            wards_with_priority=referenced.get(t.key, 0),
            updates=active.get(t.key, (0, 0))[0],
            wards_active=active.get(t.key, (0, 0))[1],
        )
        for t in themes
    ]


async def activity_by_aim(db: Database, *, since: date | None = None) -> dict[str, tuple[int, int]]:
    """Board aim -> (updates, wards active), counting each update once per aim (updates that
    happened on or after `since`, when given)."""
    async with db.transaction() as session:
        aims = await session.scalars(select(models.Theme.board_aim_key).distinct())
        return await rollup.activity_since(
            session, prefix=rollup.AIM, names=list(aims), since=since
        )


async def count_updates(db: Database, *, include_deleted: bool = False) -> int:
    query = select(func.count()).select_from(models.Update)
    if not include_deleted:
        query = query.where(_NOT_DELETED)
    async with db.transaction() as session:
        return int(await session.scalar(query) or 0)
