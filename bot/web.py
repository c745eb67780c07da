"""HTTP routes that are not a chat platform's: health and metrics; the request middleware;
reading a JSON body within bounds."""

from __future__ import annotations

import itertools
import json
import logging
import operator
import os
import re
import time
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from bot import metrics
from bot.logs import request_id
from handlers.chat import stages
from storage.db import Database

DATABASE = web.AppKey("database", Database)
REQUEST_ID = "X-Request-Id"
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
QUIET_ROUTES = frozenset({"/healthz", "/metrics"})  # probed every few seconds: not logged

log = logging.getLogger("wardbot.http")

MAX_BODY_BYTES = 1024**2  # the aiohttp app's client_max_size: larger bodies get 413
# Slack and Bot Framework payloads nest about ten deep; parsing a deeper body could
# exhaust the recursion limit before anything had looked at it.
MAX_JSON_DEPTH = 64
# Opening brackets become 2 and closing ones 0, so the running sum after k brackets less k
# is the depth there.
_DEPTH_STEPS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


class UnreadableBody(ValueError):
    """A request body refused before it is parsed: the message is safe to send back."""


def within_depth(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether UTF-8 JSON text nests no deeper than `limit`, found without parsing it.

    Escaped backslashes and quotes go first, so every quote left opens or closes a string
    and brackets in strings can be dropped; the depth of the rest is read in one pass that
    stops at the first level too deep. Every step is a C loop: a megabyte costs tens to a
    couple of hundred milliseconds, like parsing it.
    """
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return True
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside_strings = b"".join(unescaped.split(b'"')[::2])
    brackets = outside_strings.translate(_DEPTH_STEPS, _NOT_A_BRACKET)
    depths = map(operator.sub, itertools.accumulate(brackets), itertools.count(1))
    return next(filter(limit.__lt__, depths), None) is None


def read_json(raw: bytes | str) -> Any:
    """JSON from a request body, or `UnreadableBody` for one that is not UTF-8 JSON within
    bounds.

    For every route that takes JSON, before any authentication work: a caller's body is
    answered 400, never a RecursionError and a 500.
    """
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    if not within_depth(data):
        raise UnreadableBody(f"The JSON nests deeper than {MAX_JSON_DEPTH} levels.")
    try:
        return json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise UnreadableBody("The body is not valid JSON.") from None


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
    # 32 random hex digits, as uuid4().hex gave, without building a UUID: a third of the
    # cost, on every request.
    return os.urandom(16).hex()


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
