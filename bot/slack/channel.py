"""Slack: a bolt AsyncApp served at POST /slack/events, or over Socket Mode with an app token."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.slack.api import web_client
from bot.slack.inbound import SlackListeners
from bot.slack.outbound import SlackSender
from bot.slack.users import UserDirectory
from bot.web import UnreadableBody, read_json
from handlers.chat.context import Context
from handlers.chat.ports import Sender
from handlers.chat.stages import stage

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


@dataclass
class SlackChannel:
    app: AsyncApp
    client: AsyncWebClient
    listeners: SlackListeners
    signing_secret: str
    _verifier: SignatureVerifier | None = field(default=None, repr=False, compare=False)

    @property
    def sender(self) -> Sender:
        """What digests deliver through (handlers.chat.ports.Sender)."""
        return SlackSender(self.client)

    @property
    def verifier(self) -> SignatureVerifier:
        """Made once: it holds only the secret (and a clock), nothing of a request's."""
        if self._verifier is None or self._verifier.signing_secret != self.signing_secret:
            self._verifier = SignatureVerifier(self.signing_secret)
        return self._verifier

    async def dispatch(self, request: web.Request) -> web.Response:
        """POST /slack/events: a malformed body 400 (checked first), a forged or stale
        signature 401."""
        raw = await request.read()
        try:
            body = raw.decode("utf-8")
            json_text = _json_text(body, request.headers.get("Content-Type", ""))
            if json_text is not None:
                read_json(json_text)
        except (UnicodeDecodeError, UnreadableBody):
            return web.Response(status=400, text="malformed request body")
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        with stage("verify"):
            valid = timestamp.isdigit() and self.verifier.is_valid(
                body=body, timestamp=timestamp, signature=request.headers.get("X-Slack-Signature")
            )
        if not valid:
            return web.Response(status=401, text="invalid signature")
        try:
            bolt_request = AsyncBoltRequest(
                body=body, query=request.query_string, headers=dict(request.headers)
            )
            if not isinstance(bolt_request.body, dict):
                raise ValueError("the body is not an object")
            _check_shape(bolt_request.body)
        except Exception:  # bolt parses eagerly: whatever it cannot read is refused, not a 500
            log.warning("a malformed Slack request body was refused")
            return web.Response(status=400, text="malformed request body")
        try:
            answer = await self.app.async_dispatch(bolt_request)
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            # bolt reads some fields before any listener runs, and raises on odd shapes.
            # The caller's mistake, not ours: one line, no traceback.
            log.warning("a Slack request body of an unexpected shape was refused (%r)", exc)
            return web.Response(status=400, text="malformed request body")
        return await to_aiohttp_response(answer)


def _json_text(body: str, content_type: str) -> str | None:
    """The JSON that bolt will parse out of this body, chosen as bolt chooses it."""
    if not body:
        return None
    if content_type.split(";")[0] == "application/json" or body.startswith("{"):
        return body
    if "payload" in body:  # a form: interactivity sends its JSON in `payload`
        return dict(parse_qsl(body, keep_blank_values=True)).get("payload")
    return None


# The parts of a payload bolt reads before any listener runs, by the type Slack sends:
# bolt raises on other shapes, which would otherwise be a 500 that Slack retries for ever.
_SHAPES: dict[str, type | tuple[type, ...]] = {
    "event": dict,
    "view": dict,
    "user": (dict, str),
    "team": (dict, str, type(None)),
    "enterprise": (dict, str, type(None)),
    "channel": (dict, str),
    "container": dict,
    "message": dict,
    "actions": list,
    "authorizations": list,
}


def _check_shape(body: dict[str, object]) -> None:
    for key, expected in _SHAPES.items():
        if key in body and not isinstance(body[key], expected):
            raise ValueError(f"{key} is not what Slack sends")
    for action in body.get("actions") or []:  # type: ignore[attr-defined]
        if not isinstance(action, dict):
            raise ValueError("an action is not an object")
        # bolt's matchers read a block action's id before any listener runs
        if body.get("type") == "block_actions" and not isinstance(action.get("action_id"), str):
            raise ValueError("a block action has no action_id")


def build_slack(settings: Settings, ctx: Context) -> SlackChannel:
    client = web_client(settings)
    secret = settings.slack_signing_secret or ""
    app = AsyncApp(
        client=client,
        signing_secret=secret,
        process_before_response=True,  # commit before ack: the 200 follows the stored update
        # `dispatch` checks every signature before bolt sees the request (and answers 401
        # itself); Socket Mode needs none. Checking twice was a measurable cost per request.
        request_verification_enabled=False,
    )
    listeners = SlackListeners(
        ctx=ctx,
        client=client,
        users=UserDirectory(client),
        allowed_teams=frozenset(settings.allowed_slack_teams),
    )
    listeners.register(app)
    return SlackChannel(app=app, client=client, listeners=listeners, signing_secret=secret)


SLACK: web.AppKey[SlackChannel] = web.AppKey("slack", SlackChannel)


def add_slack(
    app: web.Application, *, settings: Settings, channel: SlackChannel | None
) -> SlackChannel | None:
    """Slack over HTTP (POST /slack/events) or Socket Mode; off, said once, without settings."""
    if channel is None:
        log.info(
            "Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN "
            "for Socket Mode) to turn it on"
        )
        return None
    app[SLACK] = channel
    if settings.slack_app_token:
        app.cleanup_ctx.append(_socket_mode(channel, settings.slack_app_token))
        log.info(
            "Slack is on, over Socket Mode: an outgoing connection opened with SLACK_APP_TOKEN, "
            "no route served (%s)",
            settings.slack_api_url,
        )
    else:
        app.router.add_post(EVENTS_PATH, channel.dispatch)
        log.info(
            "Slack is on: POST %s, every request's signature checked with SLACK_SIGNING_SECRET "
            "(%s)",
            EVENTS_PATH,
            settings.slack_api_url,
        )

    async def drain(_: web.Application) -> None:
        await channel.listeners.drain()

    app.on_shutdown.append(drain)
    return channel


def _socket_mode(
    channel: SlackChannel, app_token: str
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def run(_: web.Application) -> AsyncIterator[None]:
        handler = AsyncSocketModeHandler(channel.app, app_token, web_client=channel.client)
        await handler.connect_async()
        try:
            yield
        finally:
            await handler.close_async()

    return run
