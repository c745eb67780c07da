"""HTTP routes that are not a chat platform's: health (and metrics)."""

from __future__ import annotations

from aiohttp import web

from storage.db import Database

DATABASE = web.AppKey("database", Database)


async def healthz(request: web.Request) -> web.Response:
    ok = await request.app[DATABASE].reachable()
    return web.json_response(
        {"status": "ok" if ok else "degraded", "database": "reachable" if ok else "unreachable"},
        status=200 if ok else 503,
    )


def add_health_routes(app: web.Application, *, db: Database) -> None:
    app[DATABASE] = db
    app.router.add_get("/healthz", healthz)
