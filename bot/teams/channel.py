"""`POST /api/messages`: Bot Framework activities in, through the CloudAdapter, to the bot.

Our own request handling around `adapter.process_activity`, so that every kind of
bad request gets a 4xx (the SDK's `process` turns a missing header or a garbled
token into a 500). Served only with an app id (Bot Framework tokens checked) or in
emulator mode (TEAMS_EMULATOR=1: no authentication, loopback only).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiohttp import web
from botbuilder.core import serializer_helper
from botbuilder.schema import Activity, ActivityTypes

from bot.charts import ChartLinks
from bot.config import Settings
from bot.teams import say_teams_is_off, trust
from bot.teams.adapter import SendRetry, TeamsAdapter, authentication
from bot.teams.inbound import WardTeamsBot
from bot.teams.outbound import TeamsSender
from bot.teams.people import TeamsPeople
from bot.web import UnreadableBody, read_json
from handlers.chat.context import Context
from handlers.chat.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

KNOWN_TYPES = frozenset(t.value for t in ActivityTypes)
NEEDS_SENDER = frozenset(
    {
        ActivityTypes.message,
        ActivityTypes.invoke,
        ActivityTypes.message_update,
        ActivityTypes.message_delete,
    }
)


@dataclass(slots=True)
class TeamsChannel:
    adapter: TeamsAdapter
    bot: WardTeamsBot
    sender: TeamsSender
    authenticated: bool  # Bot Framework tokens; False: emulator mode


TEAMS: web.AppKey[TeamsChannel] = web.AppKey("teams", TeamsChannel)


def build_teams(
    settings: Settings, ctx: Context, *, retry: SendRetry | None = None
) -> TeamsChannel:
    """Teams with an app id, or in emulator mode; Settings refuses anything else."""
    authenticated = bool(settings.microsoft_app_id)
    adapter = TeamsAdapter(authentication(settings), retry=retry)
    charts = ChartLinks(
        db=ctx.db,
        public_url=settings.public_url,
        kept_for=timedelta(days=settings.retention_days),
    )
    return TeamsChannel(
        adapter=adapter,
        bot=WardTeamsBot(
            ctx,
            allowed_tenants=settings.allowed_teams_tenants,
            authenticated=authenticated,
            charts=charts,
            people=TeamsPeople(
                look_up=bool(settings.allowed_teams_tenants or settings.partner_teams_tenants)
            ),
        ),
        sender=TeamsSender(
            adapter=adapter,
            ctx=ctx,
            app_id=settings.microsoft_app_id or "",
            emulator=not authenticated,
            charts=charts,
        ),
        authenticated=authenticated,
    )


def add_teams_routes(app: web.Application, teams: TeamsChannel | None) -> None:
    """POST /api/messages when Teams is configured; one line at start says how it is guarded."""
    if teams is None:
        say_teams_is_off()
        return
    app[TEAMS] = teams
    app.router.add_post("/api/messages", messages)
    if teams.authenticated:
        log.info(
            "Teams is on: POST /api/messages, Bot Framework tokens checked; replies only to "
            "the serviceUrl each token vouches for"
        )
    else:
        log.warning(
            "Teams is on in EMULATOR mode: POST /api/messages WITHOUT authentication, on a "
            "loopback HOST only, replies only to loopback serviceUrls (TEAMS_EMULATOR=1)"
        )


def _refuse(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def messages(request: web.Request) -> web.StreamResponse:
    teams = request.app[TEAMS]
    if request.content_type != "application/json":
        return _refuse(415, "Bot Framework activities are JSON (application/json).")
    try:
        body = read_json(await request.read())
    except web.HTTPRequestEntityTooLarge:
        return _refuse(413, "That activity is too large.")
    except UnreadableBody as exc:
        return _refuse(400, str(exc))
    if not isinstance(body, dict):
        return _refuse(400, "An activity is a JSON object.")
    try:
        activity = Activity().deserialize(body)
    except Exception:
        return _refuse(400, "That is not a Bot Framework activity.")
    if not activity.type:
        return _refuse(400, "The activity has no type.")

    try:
        auth = await teams.adapter.bot_framework_authentication.authenticate_request(
            activity, request.headers.get("Authorization", "")
        )
    except Exception as exc:  # PermissionError, a garbled or foreign token, unreachable keys
        log.info("refused a Teams activity: %s", type(exc).__name__)
        return _refuse(401, "Unauthorized.")

    problem = _missing(activity)
    if problem:
        return _refuse(400, problem)
    claims = auth.claims_identity.claims if auth.claims_identity is not None else {}
    refusal = trust.service_url_refusal(activity, claims, emulator=not teams.authenticated)
    if refusal:
        log.warning("refused a Teams activity: %s", refusal)
        return _refuse(401 if teams.authenticated else 403, refusal)
    if not trust.settle_tenant(activity, claims):
        log.warning("refused a Teams activity whose tenant ids disagree")
        return _refuse(403, "The activity names more than one tenant.")
    try:
        invoke = await teams.adapter.process_activity(auth, activity, teams.bot.on_turn)
    except DatabaseUnavailable as exc:
        log.warning("a Teams %s activity could not be processed: %s", activity.type, exc)
        return _refuse(503, "wardbot could not process that activity; please try again.")
    except Exception:
        log.exception("a Teams %s activity could not be processed", activity.type)
        return _refuse(503, "wardbot could not process that activity; please try again.")
    if invoke is not None:
        return web.json_response(data=_json(invoke.body), status=int(invoke.status))
    return web.Response(status=200)


def _missing(activity: Activity) -> str:
    if activity.type not in KNOWN_TYPES:
        return f"Unsupported activity type {activity.type[:40]!r}."
    if activity.conversation is None or not activity.conversation.id:
        return "The activity has no conversation id."
    if not (activity.service_url or "").startswith(("https://", "http://")):
        return "The activity has no serviceUrl to reply to."
    if activity.type in NEEDS_SENDER and (
        activity.from_property is None or not activity.from_property.id
    ):
        return "The activity does not say who sent it."
    return ""


def _json(body: Any) -> Any:
    return serializer_helper(body) if body is not None and not isinstance(body, dict) else body
