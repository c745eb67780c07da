"""What every handler needs: the database, the plan as read at start, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.chat.ports import NoObserver, Observer, Sender
from handlers.chat.refusals import AuditWindow
from handlers.reading.understand import Understanding
from storage.db import Database
from storage.plan_store import PlanSnapshot, current_plan


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
    observer: Observer = field(default_factory=NoObserver)
    refusal_audits: AuditWindow = field(
        default_factory=AuditWindow
    )  # see handlers/chat/refusals.py
    # Platform -> how to post to a channel unasked (`share`): filled by bot/app.py.
    senders: dict[str, Sender] = field(default_factory=dict)

    @classmethod
    async def start(
        cls,
        db: Database,
        *,
        timezone: str = "Europe/London",
        admins: frozenset[str] = frozenset(),
        allowed_slack_teams: frozenset[str] = frozenset(),
        allowed_teams_tenants: frozenset[str] = frozenset(),
        observer: Observer | None = None,
    ) -> Context:
        plan = await current_plan(db)
        if plan is None:
            raise NoPlanLoaded("no ward plan is loaded: run `wardbot plan load FILE`")
        return cls(
            db=db,
            plan=plan,
            understanding=Understanding(plan),
            timezone=ZoneInfo(timezone),
            admins=admins,
            allowed_slack_teams=allowed_slack_teams,
            allowed_teams_tenants=allowed_teams_tenants,
            observer=observer or NoObserver(),
        )

    async def reload_plan(self) -> None:
        plan = await current_plan(self.db)
        if plan is not None:
            self.plan, self.understanding = plan, Understanding(plan)

    def now(self) -> datetime:
        return datetime.now(self.timezone)

    def today(self) -> date:
        return self.now().date()
