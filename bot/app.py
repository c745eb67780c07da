"""The composition root: every part of wardbot, built and wired in one place."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

from bot.config import Settings
from bot.slack import add_slack
from bot.web import add_health_routes
from handlers.context import Context
from storage.db import Database, open_database, upgrade
from storage.plan_store import load_plan, plan_loaded
from storage.plans import read_plan

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Services:
    settings: Settings
    db: Database
    ctx: Context


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


@asynccontextmanager
async def services(settings: Settings) -> AsyncIterator[Services]:
    """Open the database, migrate it, make sure a plan is loaded; close it all afterwards."""
    db = open_database(settings.database_url)
    try:
        await upgrade(db)
        await ensure_plan(db, settings)
        ctx = await Context.start(db, timezone=settings.timezone, admins=frozenset(settings.admins))
        yield Services(settings=settings, db=db, ctx=ctx)
    finally:
        await db.dispose()


def create_web_app(svc: Services) -> web.Application:
    app = web.Application(client_max_size=1024**2)
    app[SERVICES] = svc
    add_health_routes(app, db=svc.db)
    add_slack(app, settings=svc.settings, ctx=svc.ctx)
    return app
