"""People who use wardbot, and their roles."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import domain
from storage import models
from storage.audit import write_audit
from storage.db import Database
from storage.memo import role_generation, roles_changed


def split_key(key: str) -> tuple[str, str]:
    platform, _, user_id = key.partition(":")
    return platform, user_id


async def ensure_person(
    session: AsyncSession, *, key: str, name: str = "", organisation: str = ""
) -> models.Person:
    """The person row for platform:user_id, created on first sight; name kept fresh."""
    platform, user_id = split_key(key)
    query = select(models.Person).where(
        models.Person.platform == platform, models.Person.platform_user_id == user_id
    )
    person = await session.scalar(query)
    if person is None:
        try:
            async with session.begin_nested():
                person = models.Person(
                    platform=platform,
                    platform_user_id=user_id,
                    name=name,
                    organisation=organisation,
                )
                session.add(person)
        except IntegrityError:  # created at the same moment by another request
            person = (await session.scalars(query)).one()
    else:
        if name and person.name != name:
            person.name = name
        # Filled, never replaced: an organisation an admin set (`role @person partner ORG`)
        # or an import gave stays until an admin changes it.
        if organisation and not person.organisation:
            person.organisation = organisation
    return person


def to_person(row: models.Person) -> domain.Person:
    return domain.Person(
        id=row.id,
        platform=row.platform,
        user_id=row.platform_user_id,
        name=row.name,
        organisation=row.organisation,
        role=row.role,
    )


async def get_person(db: Database, *, key: str) -> domain.Person | None:
    platform, user_id = split_key(key)
    async with db.transaction() as session:
        row = await session.scalar(
            select(models.Person).where(
                models.Person.platform == platform, models.Person.platform_user_id == user_id
            )
        )
        return to_person(row) if row else None


async def person_role(db: Database, *, key: str) -> str | None:
    """The role stored for platform:user_id (None: none given), asked of the database at most
    every memo.ROLE_SECONDS: a change made here is seen at once, one made by another replica
    or process within that time."""
    generation = role_generation()
    kept = db.memo.roles.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    platform, user_id = split_key(key)
    async with db.transaction() as session:
        role = await session.scalar(
            select(models.Person.role).where(
                models.Person.platform == platform, models.Person.platform_user_id == user_id
            )
        )
    db.memo.roles.put(key, (generation, role))
    return role


async def set_role(
    db: Database, *, key: str, role: str | None, actor: str, organisation: str | None = None
) -> domain.Person:
    """Give someone a role (None: the default), and their organisation when given."""
    try:
        return await _set_role(db, key=key, role=role, actor=actor, organisation=organisation)
    finally:
        if organisation is not None:
            db.memo.authors.clear()  # updates from now on record the new organisation
        # Roles kept before now are out of date, including one read while this was committing.
        roles_changed()


async def _set_role(
    db: Database, *, key: str, role: str | None, actor: str, organisation: str | None
) -> domain.Person:
    async with db.transaction() as session:
        person = await ensure_person(session, key=key)
        before = person.role
        person.role = role
        detail: dict[str, object] = {"from": before, "to": role}
        if organisation is not None:
            detail["organisation"] = organisation
            person.organisation = organisation
        await write_audit(session, actor=actor, action="role.set", target=key, detail=detail)
        await session.flush()
        return to_person(person)


async def find_people(
    db: Database, *, name: str, platform: str | None = None
) -> list[domain.Person]:
    """People whose name is `name` (any case), on one platform or all."""
    query = select(models.Person).where(func.lower(models.Person.name) == name.strip().lower())
    if platform:
        query = query.where(models.Person.platform == platform)
    async with db.transaction() as session:
        return [to_person(r) for r in (await session.scalars(query.order_by(models.Person.id)))]


async def people_with_roles(db: Database) -> list[domain.Person]:
    query = select(models.Person).where(models.Person.role.is_not(None)).order_by(models.Person.id)
    async with db.transaction() as session:
        return [to_person(r) for r in (await session.scalars(query))]
