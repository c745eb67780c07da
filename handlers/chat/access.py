"""Who may do what. Roles live in the database; ADMINS from settings are always admins.

officer  log and change their own updates, query everything
partner  the same, but sees other people's updates without their authors' names
         (Slack Connect / external users are partners unless an admin grants more)
board    query, and receives digests; logs nothing
admin    all of it, plus link channels, digests, roles and the audit log
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from handlers import domain
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Actor
from handlers.chat.organisations import Standing, admission
from handlers.chat.refusals import (
    ORIGIN_REFUSED,
    audit_refusal,
    organisation_id,
)
from storage.people import person_role

ORGANISATION = "organisation"  # what the refusal counter calls a refused workspace or tenant


class Role(StrEnum):
    OFFICER = "officer"
    PARTNER = "partner"
    BOARD = "board"
    ADMIN = "admin"


EVERYONE = frozenset(Role)
WRITERS = frozenset({Role.OFFICER, Role.PARTNER, Role.ADMIN})
STAFF = frozenset({Role.OFFICER, Role.BOARD, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Permission:
    """Who may use a command or a button: `key` is what a refusal names ("`log` is for ...")."""

    key: str
    roles: frozenset[Role]


WHAT_ROLES_DO = {
    Role.OFFICER: "log updates and ask about wards",
    Role.PARTNER: "log updates and ask about wards (other people's names are not shown)",
    Role.BOARD: "ask about wards and receive digests",
    Role.ADMIN: "everything, including linking channels, digests, roles and the audit log",
}


async def role_of(ctx: Context, actor: Actor) -> Role:
    if actor.platform == "console" or actor.key in ctx.admins:
        return Role.ADMIN  # the terminal is used by whoever runs the service
    role = await person_role(ctx.db, key=actor.key)  # kept briefly: see storage/memo.py
    if role:
        return Role(role)
    return Role.PARTNER if actor.external else Role.OFFICER


async def is_admin(ctx: Context, actor: Actor) -> bool:
    return await role_of(ctx, actor) is Role.ADMIN


async def origin_refused(
    ctx: Context, *, platform: str, ids: Iterable[str], actor_key: str, external: bool = False
) -> None:
    """A request from a workspace or tenant not on the allow-list is being refused: count it,
    and audit it (at most once a minute for the same organisation)."""
    named = sorted({organisation_id(platform, i) for i in ids if i})
    ctx.observer.refused(ORGANISATION)
    await audit_refusal(
        ctx.db,
        ctx.refusal_audits,
        origin=f"{platform}:{','.join(named)}",
        actor=actor_key,
        target="*",
        detail={
            "reason": ORIGIN_REFUSED,
            "role": None,
            "team": ",".join(named),
            "external": external,
        },
    )


NOT_SERVED = (
    "Sorry, this wardbot only works with its council's own workspace and the partner "
    "organisations the council has named, and yours is not one of them. Nothing was stored. "
    "If your organisation works with the council, please ask the council's wardbot admin."
)
NOT_KNOWN = (
    "Sorry, I couldn't check which organisation you are from just now, so I can't help yet. "
    "Nothing was stored. Please try again in a minute."
)
GUEST_WAITING = (
    "Sorry, you are a guest here, and wardbot does not know which organisation you are "
    "from yet. Nothing was stored. Please ask the council's wardbot admin to add you "
    "(`role @you partner YOUR ORGANISATION`)."
)


async def check_origin(ctx: Context, actor: Actor) -> Actor:
    """The actor with their organisation, or a polite refusal (audited, rate-limited) for
    anyone from a workspace or tenant that is neither the council's nor a named partner's."""
    admitted = admission(ctx.organisations, actor, council=ctx.council)
    if admitted.standing is Standing.GUEST and await person_role(ctx.db, key=actor.key):
        return actor  # an admin has said who they are: their organisation is kept with them
    if admitted.standing in (Standing.OWN, Standing.PARTNER):
        return replace(actor, organisation=admitted.organisation)
    await origin_refused(
        ctx,
        platform=actor.platform,
        ids=[actor.team_id, actor.enterprise_id],
        actor_key=actor.key,
        external=actor.external,
    )
    why = {Standing.GUEST: GUEST_WAITING, Standing.UNKNOWN: NOT_KNOWN}
    raise UserError(why.get(admitted.standing, NOT_SERVED))


async def served(ctx: Context, actor: Actor) -> bool:
    """Would check_origin admit this person? (Nothing counted or audited.)"""
    admitted = admission(ctx.organisations, actor, council=ctx.council)
    if admitted.standing is Standing.GUEST:
        return bool(await person_role(ctx.db, key=actor.key))
    return admitted.standing in (Standing.OWN, Standing.PARTNER)


def organisation_of(ctx: Context, actor: Actor) -> Actor:
    """The actor with their organisation when the lists say it; unchanged otherwise (an
    author whose message someone else logs: their admission is not in question)."""
    admitted = admission(ctx.organisations, actor, council=ctx.council)
    if admitted.standing in (Standing.OWN, Standing.PARTNER):
        return replace(actor, organisation=admitted.organisation)
    return actor


async def allows(ctx: Context, actor: Actor, permission: Permission) -> bool:
    """Whether the permission is the actor's (nothing refused or audited): for offering a
    button only to those who may press it."""
    return await role_of(ctx, actor) in permission.roles


async def check(ctx: Context, actor: Actor, permission: Permission) -> Role:
    """The actor's role, or a polite refusal (audited) when the permission is not theirs."""
    role = await role_of(ctx, actor)
    if role in permission.roles:
        return role
    key = permission.key
    ctx.observer.refused(key.split()[0])
    await audit_refusal(
        ctx.db,
        ctx.refusal_audits,
        origin=f"{actor.key} {key}",
        actor=actor.key,
        target=key,
        detail={
            "reason": "role",
            "role": role.value,
            "team": actor.team_id,
            "external": actor.external,
        },
    )
    who = {Role.OFFICER: "an officer", Role.ADMIN: "an admin"}.get(role, f"a {role.value}")
    allowed_to = sorted(r.value for r in permission.roles)
    raise UserError(
        f"Sorry, `{key}` is for {' and '.join(allowed_to)} users, and you're set up as {who} "
        f"({WHAT_ROLES_DO[role]}). A wardbot admin can change your role. Nothing was changed."
    )


def as_seen_by(role: Role, actor: Actor, updates: list[domain.Update]) -> list[domain.Update]:
    """Partners see other people's updates without the author's name (the organisation
    only), and never another's `#internal` ones."""
    if role is not Role.PARTNER:
        return updates
    return [
        u if u.author_key == actor.key else replace(u, author=_organisation_of(u))
        for u in updates
        if u.author_key == actor.key or not u.internal
    ]


def _organisation_of(update: domain.Update) -> str:
    if update.author_organisation:
        return f"someone at {update.author_organisation}"
    return "another wardbot user" if update.author_key else "(erased)"
