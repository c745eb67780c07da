"""HTTP routes that are not a chat platform's: health and metrics; the request middleware."""

from __future__ import annotations

import logging
import re
import time
import uuid

from aiohttp import web
from aiohttp.typedefs import Handler

from bot import metrics
from bot.logs import request_id
from handlers import stages
from storage.db import Database

DATABASE = web.AppKey("database", Database)
REQUEST_ID = "X-Request-Id"
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
QUIET_ROUTES = frozenset({"/healthz", "/metrics"})  # probed every few seconds: not logged

log = logging.getLogger("wardbot.http")


async def healthz(request: web.Request) -> web.Response:
    ok = await request.app[DATABASE].reachable()
    return web.json_response(
        {"status": "ok" if ok else "degraded", "database": "reachable" if ok else "unreachable"},
        status=200 if ok else 503,
    )


async def metrics_endpoint(request: web.Request) -> web.Response:
    body, content_type = metrics.exposition()
    response = web.Response(body=body)
    response.headers["Content-Type"] = content_type
    return response


def _route_of(request: web.Request) -> str:
    # The route's pattern, never the raw path: a path per scanner probe would flood the metrics.
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


def _request_id_from(header: str | None) -> str:
    if header and _SAFE_ID.fullmatch(header):
        return header  # keep a proxy's id so the two logs join up
    return uuid.uuid4().hex


@web.middleware
async def request_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A request id on every log line and response, and the request counted and timed."""
    rid = _request_id_from(request.headers.get(REQUEST_ID))
    token = request_id.set(rid)
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        if not response.prepared:
            response.headers[REQUEST_ID] = rid
        return response
    except web.HTTPException as exc:
        status = exc.status
        exc.headers[REQUEST_ID] = rid
        raise
    finally:
        seconds = time.perf_counter() - started
        stages.record("request", seconds)
        route = _route_of(request)
        metrics.observe_request(route=route, method=request.method, status=status, seconds=seconds)
        if route not in QUIET_ROUTES:
            log.info("%s %s -> %d in %.0f ms", request.method, route, status, seconds * 1000)
        request_id.reset(token)


def add_health_routes(app: web.Application, *, db: Database) -> None:
    app[DATABASE] = db
    app.router.add_get("/healthz", healthz)


def add_observability(app: web.Application) -> None:
    app.middlewares.append(request_context)
    app.router.add_get("/metrics", metrics_endpoint)
