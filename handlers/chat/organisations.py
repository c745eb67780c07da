"""Which organisation a person belongs to, and so whether wardbot serves them at all.

ALLOWED_SLACK_TEAMS / ALLOWED_TEAMS_TENANTS name the council's own workspaces and tenants;
PARTNER_SLACK_TEAMS / PARTNER_TEAMS_TENANTS name partner organisations (`id=name`). The
platforms say which workspace or tenant a person is from (and whether they are a guest);
this decides what that makes them:

own       the council's own people: organisation = the council
partner   from a named partner organisation: organisation = its name, role partner
guest     a guest account in the council's tenant: served once an admin has given them a
          role (`role @person partner ORG`), since their home tenant is not told to bots
refused   anyone else: refused politely, audited, nothing stored
unknown   the platform would not say where they are from (just now): refused the same way,
          asked to try again

With no list set for a platform, everyone is served as before (a trial): external people
are partners of no named organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from handlers.chat.messages import Actor
from handlers.chat.refusals import organisation_id

THE_COUNCIL = "the council"  # when the plan names no council


class Standing(StrEnum):
    OWN = "own"
    PARTNER = "partner"
    GUEST = "guest"
    REFUSED = "refused"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Admission:
    standing: Standing
    organisation: str = ""  # "" when unknown (a trial without lists, an unnamed guest)


@dataclass(frozen=True, slots=True)
class Organisations:
    """The lists from settings, with ids as compared (refusals.organisation_id)."""

    own: Mapping[str, frozenset[str]]  # platform -> workspace / tenant / enterprise ids
    partners: Mapping[str, Mapping[str, str]]  # platform -> id -> organisation name

    @classmethod
    def of(
        cls,
        *,
        own_slack: Iterable[str] = (),
        own_teams: Iterable[str] = (),
        partner_slack: Mapping[str, str] | None = None,
        partner_teams: Mapping[str, str] | None = None,
    ) -> Organisations:
        def ids(platform: str, given: Iterable[str]) -> frozenset[str]:
            return frozenset(organisation_id(platform, i) for i in given if i.strip())

        def named(platform: str, given: Mapping[str, str] | None) -> dict[str, str]:
            return {organisation_id(platform, k): v.strip() for k, v in (given or {}).items()}

        return cls(
            own={"slack": ids("slack", own_slack), "teams": ids("teams", own_teams)},
            partners={
                "slack": named("slack", partner_slack),
                "teams": named("teams", partner_teams),
            },
        )

    def configured(self, platform: str) -> bool:
        return bool(self.own.get(platform) or self.partners.get(platform))

    def partner_names(self) -> tuple[str, ...]:
        """Every partner organisation named in settings, once each, in alphabetical order."""
        names = {" ".join(n.split()) for p in self.partners.values() for n in p.values()}
        return tuple(sorted(names, key=str.lower))


def admission(orgs: Organisations, actor: Actor, *, council: str) -> Admission:
    """What the person's workspace or tenant makes them (see the module's docstring)."""
    council = council or THE_COUNCIL
    if actor.platform not in orgs.own:  # the terminal, imports: whoever runs the service
        return Admission(Standing.OWN, actor.organisation or council)
    if not orgs.configured(actor.platform):  # a trial: as before the lists existed
        if actor.external:
            return Admission(Standing.PARTNER, actor.organisation)
        return Admission(Standing.OWN, actor.organisation or council)
    ids = [organisation_id(actor.platform, i) for i in (actor.team_id, actor.enterprise_id) if i]
    own = orgs.own[actor.platform]
    if actor.guest:
        return Admission(Standing.GUEST)
    if not ids:
        return Admission(Standing.UNKNOWN)
    if any(i in own for i in ids) or (not own and ids and not actor.external):
        return Admission(Standing.OWN, actor.organisation or council)
    partners = orgs.partners[actor.platform]
    for i in ids:
        if i in partners:
            return Admission(Standing.PARTNER, partners[i])
    return Admission(Standing.REFUSED)
