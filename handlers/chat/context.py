"""What every handler needs: the database, the plan as read at start, the clock."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.chat.organisations import THE_COUNCIL, Organisations
from handlers.chat.ports import NoObserver, Observer, Sender
from handlers.chat.refusals import AuditWindow
from handlers.reading.understand import Understanding
from storage.db import Database
from storage.places import known_places, places_stamp
from storage.plan_store import PlanSnapshot, current_plan

# How long a place loaded or learned by another process may take to be read here.
PLACES_SECONDS = 60.0


class NoPlanLoaded(RuntimeError):
    """The database holds no ward plan yet."""


@dataclass(slots=True)
class Context:
    db: Database
    plan: PlanSnapshot
    understanding: Understanding
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    admins: frozenset[str] = frozenset()
    allowed_slack_teams: frozenset[str] = frozenset()  # empty: any workspace
    allowed_teams_tenants: frozenset[str] = frozenset()  # empty: any tenant
    partner_slack_teams: dict[str, str] = field(default_factory=dict)  # id -> organisation
    partner_teams_tenants: dict[str, str] = field(default_factory=dict)
    observer: Observer = field(default_factory=NoObserver)
    refusal_audits: AuditWindow = field(
        default_factory=AuditWindow
    )  # see handlers/chat/refusals.py
    # Platform -> how to post to a channel unasked (`share`): filled by bot/app.py.
    senders: dict[str, Sender] = field(default_factory=dict)
    # The council's places are read into memory once (understanding) and read again when
    # another process loads or learns some: `places_stamp` is checked every PLACES_SECONDS.
    places_seen: tuple[object, ...] = ()
    places_checked: float = 0.0
    # `organisations` as last built, with the lists it was built from: built again when
    # any of them changes (they are settings, but tests and a reload may set them).
    _organisations: tuple[tuple[object, ...], Organisations] | None = field(
        default=None, repr=False, compare=False
    )

    @classmethod
    async def start(
        cls,
        db: Database,
        *,
        timezone: str = "Europe/London",
        admins: frozenset[str] = frozenset(),
        allowed_slack_teams: frozenset[str] = frozenset(),
        allowed_teams_tenants: frozenset[str] = frozenset(),
        partner_slack_teams: dict[str, str] | None = None,
        partner_teams_tenants: dict[str, str] | None = None,
        observer: Observer | None = None,
    ) -> Context:
        plan = await current_plan(db)
        if plan is None:
            raise NoPlanLoaded("no ward plan is loaded: run `wardbot plan load FILE`")
        stamp = await places_stamp(db, council=plan.council)
        return cls(
            db=db,
            plan=plan,
            understanding=Understanding(plan, await known_places(db, council=plan.council)),
            places_seen=stamp,
            places_checked=time.monotonic(),
            timezone=ZoneInfo(timezone),
            admins=admins,
            allowed_slack_teams=allowed_slack_teams,
            allowed_teams_tenants=allowed_teams_tenants,
            partner_slack_teams=dict(partner_slack_teams or {}),
            partner_teams_tenants=dict(partner_teams_tenants or {}),
            observer=observer or NoObserver(),
        )

    @property
    def organisations(self) -> Organisations:
        """The council's own workspaces and tenants and the partner organisations: built
        once from the lists, not for every message (each is admitted with them)."""
        lists = (
            self.allowed_slack_teams,
            self.allowed_teams_tenants,
            tuple(self.partner_slack_teams.items()),
            tuple(self.partner_teams_tenants.items()),
        )
        if self._organisations is not None and self._organisations[0] == lists:
            return self._organisations[1]
        built = Organisations.of(
            own_slack=self.allowed_slack_teams,
            own_teams=self.allowed_teams_tenants,
            partner_slack=self.partner_slack_teams,
            partner_teams=self.partner_teams_tenants,
        )
        self._organisations = (lists, built)
        return built

    @property
    def council(self) -> str:
        """The council's own people's organisation: as the ward plan names it."""
        return " ".join(self.plan.council.split()) or THE_COUNCIL

    async def reload_plan(self) -> None:
        plan = await current_plan(self.db)
        if plan is not None:
            self.plan = plan
            await self.reload_places()

    async def reload_places(self) -> None:
        council = self.plan.council
        self.places_seen = await places_stamp(self.db, council=council)
        self.places_checked = time.monotonic()
        places = await known_places(self.db, council=council)
        # A whole council's streets and postcodes take most of a second to index: built off
        # the event loop, so replies are not held up meanwhile.
        self.understanding = await asyncio.to_thread(Understanding, self.plan, places)

    async def keep_places_fresh(self) -> None:
        """Read the places again when another process loaded or learned some."""
        if time.monotonic() - self.places_checked < PLACES_SECONDS:
            return
        self.places_checked = time.monotonic()
        if await places_stamp(self.db, council=self.plan.council) != self.places_seen:
            await self.reload_places()

    def now(self) -> datetime:
        return datetime.now(self.timezone)

    def today(self) -> date:
        return self.now().date()
