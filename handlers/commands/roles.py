"""`role @person ROLE` and `audit`: the admin's view of who may do what, and who did what."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC

from handlers.chat.access import ADMINS, WHAT_ROLES_DO, Permission, Role
from handlers.chat.context import Context
from handlers.chat.errors import UserError
from handlers.chat.messages import Card, Fact, Incoming, Reply, Visibility
from handlers.commands.registry import Command
from storage.audit import recent_audit
from storage.people import find_people, get_person, people_with_roles, set_role

PLATFORMS = ("slack", "teams", "console", "import")
SLACK_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
TEAMS_MENTION = re.compile(r"<at>(.*?)</at>", re.I)
AUDIT_DEFAULT, AUDIT_MOST = 20, 200
ORGANISATION_LENGTH = 200  # person.organisation's width


async def person_key(ctx: Context, incoming: Incoming, ref: str) -> str:
    """A person as an admin names them: <@U123>, <at>Name</at>, @Name, or platform:user-id."""
    ref = ref.strip()
    if m := SLACK_MENTION.fullmatch(ref):
        return f"slack:{m.group(1)}"
    platform, colon, user_id = ref.partition(":")
    if colon and platform.lower() in PLATFORMS and user_id.strip() and " " not in user_id.strip():
        return f"{platform.lower()}:{user_id.strip()}"
    name = TEAMS_MENTION.sub(r"\1", ref).lstrip("@").strip()
    if not name:
        raise UserError("Who? Mention them (`@Jo Bloggs`) or give `slack:U123` / `teams:29:...`.")
    found = await find_people(ctx.db, name=name, platform=incoming.platform)
    if not found:
        found = await find_people(ctx.db, name=name)
    if len(found) == 1:
        return f"{found[0].platform}:{found[0].user_id}"
    if not found:
        raise UserError(
            f"I don't know anyone called '{name}' yet: they need to have logged an update first, "
            "or name them as `slack:U123` / `teams:29:...`. Nothing was changed."
        )
    keys = ", ".join(f"{p.platform}:{p.user_id}" for p in found[:5])
    raise UserError(f"More than one person is called '{name}': {keys}. Please use one of those.")


@dataclass(frozen=True, slots=True)
class RoleArgs:
    """`role` | `role @person` | `role @person officer|partner|board|admin|none` |
    `role @person partner ORGANISATION`"""

    person: str = ""  # "": list everyone with a role
    role: str = ""  # "": show the person's role
    organisation: str = ""  # with role partner: the organisation they are from


def _partner_of(words: list[str]) -> RoleArgs | None:
    """`@person partner ORGANISATION`: the words naming the person, and the organisation."""
    for i in range(1, len(words) - 1):
        if words[i].lower() == Role.PARTNER:
            organisation = " ".join(words[i + 1 :]).strip(" .")
            if len(organisation) > ORGANISATION_LENGTH:
                raise UserError(
                    f"That organisation's name is longer than {ORGANISATION_LENGTH} "
                    "characters: please shorten it. Nothing was changed."
                )
            return RoleArgs(" ".join(words[:i]), Role.PARTNER, organisation)
    return None


def parse_role(ctx: Context, text: str) -> RoleArgs:
    words = text.split()
    partner_of = _partner_of(words)
    if partner_of is not None:
        return partner_of
    wanted = words[-1].lower() if len(words) > 1 else ""
    if wanted in {*Role, "none"}:
        return RoleArgs(" ".join(words[:-1]), wanted)
    return RoleArgs(text.strip())


async def role(ctx: Context, incoming: Incoming, args: RoleArgs) -> Reply:
    if not args.person:
        return await _list_roles(ctx)
    if args.organisation:
        return await _set_partner(ctx, incoming, args.person, args.organisation)
    wanted = args.role
    if not wanted:
        try:
            key = await person_key(ctx, incoming, args.person)
        except UserError as exc:
            roles = ", ".join(r.value for r in Role)
            raise UserError(
                f"{exc} To set a role: `role @person ROLE` ({roles} or none)."
            ) from None
        return await _show_role(ctx, key)
    key = await person_key(ctx, incoming, args.person)
    if key in ctx.admins and wanted != Role.ADMIN:
        raise UserError(
            f"{key} is an admin through the ADMINS setting; change that setting to alter it. "
            "Nothing was changed."
        )
    person = await set_role(
        ctx.db, key=key, role=None if wanted == "none" else wanted, actor=incoming.actor.key
    )
    label = person.name or key
    if wanted == "none":
        return Reply(text=f"{label} is back to the default role (officer; partner if external).")
    return Reply(text=f"{label} is now {wanted}: they can {WHAT_ROLES_DO[Role(wanted)]}.")


async def _set_partner(ctx: Context, incoming: Incoming, person: str, organisation: str) -> Reply:
    key = await person_key(ctx, incoming, person)
    if key in ctx.admins:
        raise UserError(
            f"{key} is an admin through the ADMINS setting; change that setting to alter it. "
            "Nothing was changed."
        )
    found = await set_role(
        ctx.db, key=key, role=Role.PARTNER, actor=incoming.actor.key, organisation=organisation
    )
    return Reply(
        text=f"{found.name or key} is now a partner from {organisation}: their updates from "
        f"now on count for {organisation}, and they can {WHAT_ROLES_DO[Role.PARTNER]}."
    )


async def _show_role(ctx: Context, key: str) -> Reply:
    if key in ctx.admins:
        return Reply(text=f"{key} is an admin (ADMINS setting).", visibility=Visibility.ASKER)
    person = await get_person(ctx.db, key=key)
    name = person.name if person and person.name else key
    of = f" Organisation: {person.organisation}." if person and person.organisation else ""
    if person is None or not person.role:
        return Reply(
            text=f"{name} has the default role (officer; partner if from another "
            f"organisation).{of}",
            visibility=Visibility.ASKER,
        )
    return Reply(text=f"{name} is {person.role}.{of}", visibility=Visibility.ASKER)


async def _list_roles(ctx: Context) -> Reply:
    people = await people_with_roles(ctx.db)
    facts = [Fact(key, "admin (ADMINS setting)") for key in sorted(ctx.admins)]
    facts += [
        Fact(
            f"{p.name} ({p.platform}:{p.user_id})" if p.name else f"{p.platform}:{p.user_id}",
            (p.role or "") + (f" ({p.organisation})" if p.organisation else ""),
        )
        for p in people
    ]
    lines = ["Roles (everyone else: officer; partner if from another organisation):"]
    lines += [f"  {f.label}: {f.value}" for f in facts] or ["  nobody has a role set yet"]
    return Reply(
        text="\n".join(lines),
        card=Card(title="Roles", facts=tuple(facts)),
        visibility=Visibility.ASKER,
    )


@dataclass(frozen=True, slots=True)
class AuditArgs:
    """`audit [N] [@person|action]`"""

    limit: int = AUDIT_DEFAULT
    about: str = ""  # a person, or an action


def parse_audit(ctx: Context, text: str) -> AuditArgs:
    words = text.split()
    limit = AUDIT_DEFAULT
    if words and words[0].isdigit():
        limit = max(1, min(int(words.pop(0)), AUDIT_MOST))
    return AuditArgs(limit, " ".join(words))


async def audit(ctx: Context, incoming: Incoming, args: AuditArgs) -> Reply:
    """The latest audit entries, newest first."""
    limit, rest = args.limit, args.about
    actor = action = None
    if rest:
        looks_like_person = rest.startswith(("@", "<")) or ":" in rest
        if looks_like_person:
            actor = await person_key(ctx, incoming, rest)
        else:
            action = rest.lower()
    entries = await recent_audit(ctx.db, limit=limit, actor=actor, action=action)
    scope = f" by {actor}" if actor else f" for '{action}'" if action else ""
    if not entries:
        return Reply(text=f"No audit entries{scope}.", visibility=Visibility.ASKER)
    lines = [f"Audit log{scope}, newest first ({len(entries)}):"]
    for e in entries:
        detail = ", ".join(_detail(k, v) for k, v in e.detail.items())[:160]
        at = e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC)  # SQLite gives naive UTC
        stamp = at.astimezone(ctx.timezone).strftime("%Y-%m-%d %H:%M")
        target = f" {e.target}" if e.target else ""
        lines.append(
            f"  #{e.id} {stamp} {e.actor} {e.action}{target}" + (f" ({detail})" if detail else "")
        )
    return Reply(text="\n".join(lines), visibility=Visibility.ASKER)


def _detail(key: str, value: object) -> str:
    """One audited value; a change reads "ward: sitwell → hoober"."""
    if isinstance(value, dict) and value.keys() == {"from", "to"}:
        return f"{key}: {value['from'] or '-'} → {value['to'] or '-'}"
    return f"{key}={value}"


COMMANDS = (
    Command(
        "role",
        role,
        parse=parse_role,
        permission=Permission("role", ADMINS),
        usage="role @person ROLE, or role @person partner ORGANISATION (admins)",
        example="role @Jo Bloggs partner",
    ),
    Command(
        "audit",
        audit,
        parse=parse_audit,
        permission=Permission("audit", ADMINS),
        usage="audit [N] [@person|action] (admins)",
        example="audit 20 role",
    ),
)
