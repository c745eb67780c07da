"""The composition root: every part of wardbot, built and wired in one place."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from aiohttp import web

from bot.charts import add_chart_routes
from bot.config import Settings
from bot.console.outbound import ConsoleSender
from bot.metrics import MetricsObserver
from bot.teams import say_teams_is_off
from bot.web import MAX_BODY_BYTES, add_health_routes, add_observability
from handlers.chat.context import Context
from handlers.chat.ports import Sender
from handlers.digests.delivery import DeliveryPolicy
from storage.db import Database, opened_database, upgrade
from storage.plan_store import load_plan, plan_loaded
from storage.plans import read_plan

if TYPE_CHECKING:
    from bot.slack.channel import SlackChannel
    from bot.teams.channel import TeamsChannel

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Services:
    settings: Settings
    db: Database
    ctx: Context
    slack: SlackChannel | None = None  # None: Slack settings not given
    teams: TeamsChannel | None = None
    senders: dict[str, Sender] = field(default_factory=dict)  # platform -> digest sender

    @property
    def digest_policy(self) -> DeliveryPolicy:
        return DeliveryPolicy(lease=timedelta(seconds=self.settings.digest_lease_seconds))


# Digests go out through a Sender per platform; a factory returns None when its platform
# is not configured.
SenderFactory = Callable[[Services], Sender | None]
SENDER_FACTORIES: dict[str, SenderFactory] = {
    "console": lambda svc: ConsoleSender(),
    "slack": lambda svc: svc.slack.sender if svc.slack else None,
    "teams": lambda svc: svc.teams.sender if svc.teams else None,
}


def build_senders(svc: Services) -> dict[str, Sender]:
    built = {platform: make(svc) for platform, make in SENDER_FACTORIES.items()}
    return {platform: sender for platform, sender in built.items() if sender is not None}


SERVICES: web.AppKey[Services] = web.AppKey("services")


async def ensure_plan(db: Database, settings: Settings) -> None:
    """Load the configured ward plan unless this exact file is already loaded."""
    plan, digest = read_plan(settings.ward_plan_path)
    if not await plan_loaded(db, digest=digest):
        summary = await load_plan(db, plan, digest=digest, actor="system:start")
        log.info(
            "loaded ward plan %s: %d wards, %d priorities",
            summary.year,
            summary.wards,
            summary.priorities,
        )


def assemble(*, settings: Settings, db: Database, ctx: Context) -> Services:
    """The platform channels and digest senders, built once around a started Context."""
    # A platform's SDK is imported only when that platform is configured: `wardbot import`,
    # `gdpr` or `digest preview` on a console-only install never pays for Slack or Teams.
    svc = Services(settings=settings, db=db, ctx=ctx)
    if settings.slack_enabled:
        from bot.slack.channel import build_slack

        svc.slack = build_slack(settings, ctx)
    if settings.teams_enabled:
        from bot.teams.channel import build_teams

        svc.teams = build_teams(settings, ctx)
    svc.senders.update(build_senders(svc))
    ctx.senders = svc.senders  # `share` posts good practice to other wards' channels
    return svc


@asynccontextmanager
async def services(settings: Settings) -> AsyncIterator[Services]:
    """Open the database, migrate it, make sure a plan is loaded; close it all afterwards."""
    async with opened_database(settings.database_url) as db:
        await upgrade(db)
        await ensure_plan(db, settings)
        ctx = await Context.start(
            db,
            timezone=settings.timezone,
            admins=frozenset(settings.admins),
            allowed_slack_teams=frozenset(settings.allowed_slack_teams),
            allowed_teams_tenants=frozenset(settings.allowed_teams_tenants),
            partner_slack_teams=settings.partner_slack_teams,
            partner_teams_tenants=settings.partner_teams_tenants,
            observer=MetricsObserver(),
        )
        yield assemble(settings=settings, db=db, ctx=ctx)


def create_web_app(svc: Services) -> web.Application:
    from bot.slack.channel import add_slack  # each says at start whether it is on

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SERVICES] = svc
    add_observability(app)
    add_health_routes(app, db=svc.db)
    add_chart_routes(app, db=svc.db)
    add_slack(app, settings=svc.settings, channel=svc.slack)
    if svc.teams is None:
        # Not bot.teams.channel: the Bot Framework's packages are ~25 MiB of a server's
        # memory (idle RSS 119 -> 94 MiB without them).
        say_teams_is_off()
    else:
        from bot.teams.channel import add_teams_routes

        add_teams_routes(app, svc.teams)
    log_organisations(svc.settings)
    return app


def log_organisations(settings: Settings) -> None:
    """One line a platform at start: whose people wardbot serves there."""
    for on, name, own, partners, own_setting, partner_setting in (
        (
            settings.slack_enabled,
            "Slack",
            settings.allowed_slack_teams,
            settings.partner_slack_teams,
            "ALLOWED_SLACK_TEAMS",
            "PARTNER_SLACK_TEAMS",
        ),
        (
            settings.teams_enabled,
            "Teams",
            settings.allowed_teams_tenants,
            settings.partner_teams_tenants,
            "ALLOWED_TEAMS_TENANTS",
            "PARTNER_TEAMS_TENANTS",
        ),
    ):
        if not on:
            continue
        if not own and not partners:
            log.warning(
                "%s: anyone in a conversation wardbot is in is served (people from other "
                "organisations as partners of no named organisation): set %s and %s to serve "
                "only the council and named partners",
                name,
                own_setting,
                partner_setting,
            )
            continue
        named = "; ".join(f"{n} ({i})" for i, n in sorted(partners.items())) or "none"
        log.info(
            "%s: serving the council's own %s and partners from %s; anyone else is refused",
            name,
            ", ".join(own) if own else "people (any workspace or tenant wardbot is in)",
            named,
        )
