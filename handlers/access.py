"""Who may do what. Roles live in the database; ADMINS from settings are always admins."""

from __future__ import annotations

from enum import StrEnum

from handlers.context import Context
from handlers.messages import Actor
from storage.people import get_person


class Role(StrEnum):
    OFFICER = "officer"
    PARTNER = "partner"
    BOARD = "board"
    ADMIN = "admin"


async def role_of(ctx: Context, actor: Actor) -> Role:
    if actor.platform == "console" or actor.key in ctx.admins:
        return Role.ADMIN  # the terminal is used by whoever runs the service
    person = await get_person(ctx.db, key=actor.key)
    if person is not None and person.role:
        return Role(person.role)
    return Role.PARTNER if actor.external else Role.OFFICER


async def is_admin(ctx: Context, actor: Actor) -> bool:
    return await role_of(ctx, actor) is Role.ADMIN
