"""Outcome measures and their readings."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Text, and_, any_, func, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import domain
from storage import models
from storage.audit import write_audit
from storage.db import Database

_M = models.Measure
_R = models.MeasureReading


def name_key(name: str) -> str:
    """A measure's name as matched: case and spacing do not make another measure."""
    return " ".join(name.lower().split())[:200]


async def save_measures(db: Database, measures: Sequence[domain.NewMeasure], *, actor: str) -> int:
    """Add or replace measures (by ward and name) in one transaction; how many were saved."""
    async with db.transaction() as session:
        saved = await save_measures_in(session, measures)
        await write_audit(
            session, actor=actor, action="measures.save", target="", detail={"measures": saved}
        )
    return saved


async def save_measures_in(session: AsyncSession, measures: Sequence[domain.NewMeasure]) -> int:
    if not measures:
        return 0
    wards = dict((await session.execute(select(models.Ward.slug, models.Ward.id))).all())
    existing = {
        (ward_id, key): row
        for row in (await session.scalars(select(_M))).all()
        for ward_id, key in [(row.ward_id, row.name_key)]
    }
    now = datetime.now(UTC)
    for m in measures:
        ward_id = wards[m.ward_slug]
        row = existing.get((ward_id, name_key(m.name)))
        if row is None:
            row = _M(ward_id=ward_id, name_key=name_key(m.name))
            session.add(row)
            existing[(ward_id, row.name_key)] = row
        row.name, row.unit, row.priority_number, row.project = (
            m.name,
            m.unit,
            m.priority_number,
            m.project,
        )
        row.baseline, row.baseline_on, row.source = m.baseline, m.baseline_on, m.source
        row.target, row.target_on, row.updated_at = m.target, m.target_on, now
    await session.flush()
    return len(measures)


async def measure_ids(db: Database) -> dict[tuple[str, str], int]:
    """(ward slug, name key) -> measure id, for every measure."""
    async with db.transaction() as session:
        rows = await session.execute(
            select(models.Ward.slug, _M.name_key, _M.id).join(
                models.Ward, models.Ward.id == _M.ward_id
            )
        )
        return {(slug, key): i for slug, key, i in rows.all()}


async def add_readings(
    db: Database, readings: Sequence[tuple[int, float, date]], *, actor: str
) -> int:
    """Record (measure id, value, day) readings; a day's second reading replaces the first."""
    if not readings:
        return 0
    now = datetime.now(UTC)
    async with db.transaction() as session:
        latest: dict[tuple[int, date], float] = {(m, d): v for m, v, d in readings}
        held = {
            (row.measure_id, row.read_on): row
            for row in (
                await session.scalars(
                    select(_R).where(_R.measure_id.in_(sorted({m for m, _ in latest})))
                )
            ).all()
        }
        for (measure_id, day), value in latest.items():
            row = held.get((measure_id, day))
            if row is None:
                session.add(
                    _R(
                        measure_id=measure_id,
                        read_on=day,
                        value=value,
                        recorded_by=actor,
                        recorded_at=now,
                    )
                )
            else:
                row.value, row.recorded_by, row.recorded_at = value, actor, now
        await write_audit(
            session,
            actor=actor,
            action="measures.read",
            target="",
            detail={"readings": len(latest)},
        )
    return len(latest)


async def list_measures(
    db: Database, *, ward_ids: Collection[int] | None = None, as_of: date | None = None
) -> list[domain.Measure]:
    """Measures with their latest reading on or before `as_of` (None: the latest of all),
    in ward, then priority, then name order, in one statement whatever the number of
    readings: the latest day per measure comes from the reading table's primary key."""
    # Plain columns, not ORM objects: a thousand measures in a digest are read in one go.
    columns = (
        _M.id,
        models.Ward.slug,
        models.Ward.name,
        _M.name,
        _M.unit,
        _M.priority_number,
        _M.project,
        _M.baseline,
        _M.baseline_on,
        _M.source,
        _M.target,
        _M.target_on,
    )
    upto = [] if as_of is None else [_R.read_on <= as_of]
    if db.is_sqlite:
        # SQLite seeks each measure's readings in the primary key (three short seeks per
        # measure): a third quicker than grouping every reading and joining back.
        mine = (_R.measure_id == _M.id, *upto)
        query = select(
            *columns,
            select(_R.value).where(*mine).order_by(_R.read_on.desc()).limit(1).scalar_subquery(),
            select(func.max(_R.read_on)).where(*mine).scalar_subquery(),
            select(func.count()).select_from(_R).where(*mine).scalar_subquery(),
        )
    else:
        # PostgreSQL hashes the readings grouped once, quicker than a thousand seeks.
        latest = (
            select(_R.measure_id, func.max(_R.read_on).label("on"), func.count().label("n"))
            .where(*upto)
            .group_by(_R.measure_id)
            .subquery()
        )
        query = (
            select(*columns, _R.value, latest.c.on, latest.c.n)
            .outerjoin(latest, latest.c.measure_id == _M.id)
            .outerjoin(_R, and_(_R.measure_id == _M.id, _R.read_on == latest.c.on))
        )
    query = query.join(models.Ward, models.Ward.id == _M.ward_id).order_by(
        models.Ward.name, _M.priority_number, _M.name_key
    )
    if ward_ids is not None:
        query = query.where(_M.ward_id.in_(sorted(ward_ids)))
    async with db.transaction() as session:
        rows = (await session.execute(query)).all()
    return [
        domain.Measure(
            id=i,
            ward_slug=slug,
            ward_name=ward_name,
            name=name,
            unit=unit,
            priority_number=number,
            project=project,
            baseline=baseline,
            baseline_on=baseline_on,
            source=source,
            target=target,
            target_on=target_on,
            latest=value,
            latest_on=on,
            readings=n or 0,
        )
        for (
            i,
            slug,
            ward_name,
            name,
            unit,
            number,
            project,
            baseline,
            baseline_on,
            source,
            target,
            target_on,
            value,
            on,
            n,
        ) in rows
    ]


async def priority_activity(
    db: Database, *, since: date, until: date, priority_ids: Collection[int]
) -> dict[int, tuple[int, ...]]:
    """Priority id -> the live updates tied to it in the span (ids ascending)."""
    if not priority_ids:
        return {}
    U = models.Update
    found: dict[int, list[int]] = {}
    async with db.transaction() as session:
        ids = sorted(priority_ids)
        for start in range(0, len(ids), 500):
            rows = await session.execute(
                select(U.priority_id, U.id)
                .where(
                    U.deleted_at.is_(None),
                    U.occurred_on >= since,
                    U.occurred_on <= until,
                    U.priority_id.in_(ids[start : start + 500]),
                )
                .order_by(U.id)
            )
            for priority_id, update_id in rows.all():
                if priority_id is not None:
                    found.setdefault(priority_id, []).append(update_id)
    return {k: tuple(v) for k, v in found.items()}


async def project_activity(
    db: Database, *, since: date, until: date, projects: Collection[tuple[int, str]]
) -> dict[tuple[int, str], tuple[int, ...]]:
    """(ward id, project) -> the live updates in that ward in the span naming the project."""
    U = models.Update
    found: dict[tuple[int, str], list[int]] = {}
    wanted = sorted({(w, p) for w, p in projects if p.strip()})
    wards = sorted({w for w, _ in wanted})
    if not wanted:
        return {}
    async with db.transaction() as session:
        names = sorted({p.lower() for _, p in wanted})
        # Only the rows naming some project come back; the ward of each is matched below.
        named = (
            _naming(func.lower(U.text), names, sqlite=db.is_sqlite) if len(names) <= 50 else true()
        )
        rows = await session.execute(
            select(U.ward_id, U.id, U.text)
            .where(
                U.deleted_at.is_(None),
                U.occurred_on >= since,
                U.occurred_on <= until,
                U.ward_id.in_(wards),
                named,
            )
            .order_by(U.id)
        )
        by_ward: dict[int, list[str]] = {}
        for ward_id, project in wanted:
            by_ward.setdefault(ward_id, []).append(project)
        for ward_id, update_id, text in rows.all():
            lowered = text.lower()
            for project in by_ward.get(ward_id, ()):
                if project.lower() in lowered:
                    found.setdefault((ward_id, project), []).append(update_id)
    return {k: tuple(v) for k, v in found.items()}


def _naming(lowered: ColumnElement[Any], names: Sequence[str], *, sqlite: bool) -> Any:
    """SQL: the lower-cased text contains one of these (lower-case) names. PostgreSQL
    tests them all against one lower() of each row (LIKE ANY, backslash its default
    escape): an OR of LIKEs lower-cased the text once per name, twice the time."""
    if sqlite:
        return or_(*(lowered.contains(n, autoescape=True) for n in names))
    patterns = [
        "%" + n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for n in names
    ]
    return lowered.like(any_(literal(patterns, ARRAY(Text))))


async def has_logged_in(db: Database, *, author_key: str, ward_slug: str) -> bool:
    """Has this person logged a live update in this ward (an officer working there)?"""
    platform, _, user_id = author_key.partition(":")
    U = models.Update
    async with db.transaction() as session:
        found = await session.scalar(
            select(U.id)
            .join(models.Person, models.Person.id == U.author_id)
            .join(models.Ward, models.Ward.id == U.ward_id)
            .where(
                models.Person.platform == platform,
                models.Person.platform_user_id == user_id,
                models.Ward.slug == ward_slug,
                U.deleted_at.is_(None),
            )
            .limit(1)
        )
    return found is not None
