"""Who sent a Teams activity, as the connector says: their own tenant, and whether they are a
guest, for telling the council's people from partners and strangers.

An activity's `from` says only an id and a name, and its body is not signed; the tenant the
token vouches for is the conversation's (bot/teams/trust.py). So wardbot asks the connector
at the serviceUrl that token vouched for (TeamsInfo.get_member): a member's `tenantId` is
their home tenant (someone from another organisation in a shared channel) and `userRole`
is "guest" for a guest account in the council's tenant. Kept for a while in memory: a
convenience, not state.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.teams import activities
from handlers.chat.messages import Actor

log = logging.getLogger(__name__)

KEEP_SECONDS = 3600
MAX_KEPT = 5000
TURN_STATE = "wardbot.sender"


@dataclass(frozen=True, slots=True)
class Member:
    tenant_id: str
    guest: bool
    at: float


@dataclass
class TeamsPeople:
    # Off (no list set for Teams): the activity's tenant is everyone's, as before the lists.
    look_up: bool = False
    _kept: dict[tuple[str, str], Member] = field(default_factory=dict)

    async def sender(self, turn_context: TurnContext) -> Actor:
        """The person who sent this activity, decided once a turn."""
        kept = turn_context.turn_state.get(TURN_STATE)
        if isinstance(kept, Actor):
            return kept
        found = await self._sender(turn_context)
        turn_context.turn_state[TURN_STATE] = found
        return found

    async def _sender(self, turn_context: TurnContext) -> Actor:
        activity = turn_context.activity
        base = activities.actor(activity)
        if not self.look_up or not base.user_id:
            return base
        host = base.team_id  # the conversation's tenant, as the token vouched for it
        member = await self._member(turn_context, host=host, user_id=base.user_id)
        if member is None:  # not known: served only where no list applies
            return replace(base, team_id="", external=True)
        tenant = member.tenant_id or host
        return replace(
            base,
            team_id=tenant,
            guest=member.guest and tenant.lower() == host.lower(),
            external=member.guest or tenant.lower() != host.lower(),
        )

    async def _member(self, turn_context: TurnContext, *, host: str, user_id: str) -> Member | None:
        now = time.monotonic()
        kept = self._kept.get((host, user_id))
        if kept is not None and now - kept.at < KEEP_SECONDS:
            return kept
        try:
            found = await TeamsInfo.get_member(turn_context, user_id)
        except Exception as exc:  # the connector's error, a network one, an odd answer
            log.warning("could not ask Teams who %s is: %s", user_id[:60], type(exc).__name__)
            return None
        member = Member(
            tenant_id=str(getattr(found, "tenant_id", "") or ""),
            guest=str(getattr(found, "user_role", "") or "").lower() == "guest",
            at=now,
        )
        if len(self._kept) >= MAX_KEPT:
            self._kept.clear()
        self._kept[(host, user_id)] = member
        return member
