"""bolt listeners: each turns a Slack payload into an Incoming, asks the router, renders the Reply.

Every listener runs to the end before Slack gets its answer (process_before_response), so
whatever it stores is committed before the ack. Replies that need a Web API call after the
ack (event replies, Home tabs) go out as background tasks.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import blocks
from bot.slack.api import api_error
from bot.slack.text import strip_mention, to_plain
from bot.slack.users import UserDirectory
from handlers.context import Context
from handlers.forms import LOG_FORM, log_form
from handlers.home import OPEN_LOG_FORM, home
from handlers.messages import Action, Actor, Card, Incoming, Reply, Visibility
from handlers.router import handle
from handlers.stages import stage
from handlers.updates import delete_from_source, edit_from_source
from storage.events import claim_event

log = logging.getLogger(__name__)

COMMAND = "/ward"
SHORTCUT = "log_message"  # the message shortcut "Log as ward activity"
FOREIGN_TEAM = (
    "Sorry, wardbot only works for the council's own Slack workspace, and this request came "
    "from another one. Nothing was stored."
)


class Malformed(Exception):
    """A payload without the fields Slack always sends: answered 400, never retried into a crash."""


def need(payload: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(payload, dict) or payload.get(key) in (None, ""):
            raise Malformed(f"missing {'.'.join(path)}")
        payload = payload[key]
    return payload


@dataclass
class SlackListeners:
    ctx: Context
    client: AsyncWebClient
    users: UserDirectory
    allowed_teams: frozenset[str] = frozenset()
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def register(self, app: AsyncApp) -> None:
        if self.allowed_teams:  # a middleware runs on every request: only when it has work
            app.use(self.team_gate)
        app.error(self.on_error)
        app.command(COMMAND)(self.on_command)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.shortcut(SHORTCUT)(self.on_shortcut)
        app.action({"block_id": "ward", "action_id": "ward"})(self.on_form_ward)
        app.action(re.compile(".*"))(self.on_action)
        app.view(blocks.FORM_CALLBACK)(self.on_submit)

    # ---- after the ack ------------------------------------------------------------------

    def later(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a Slack reply could not be sent", exc_info=task.exception())

    async def drain(self) -> None:
        """Wait for replies still being sent (at shutdown, and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # ---- the gate and errors ------------------------------------------------------------

    async def team_gate(self, body: dict[str, Any], context: AsyncBoltContext, next: Any) -> Any:
        if not self.allowed_teams:
            return await next()
        teams = {t for t in (context.team_id, context.enterprise_id) if t}
        if teams & self.allowed_teams:
            return await next()
        log.warning("refused a Slack request from workspace %s", ",".join(sorted(teams)) or "?")
        if isinstance(body, dict) and body.get("command"):
            return BoltResponse(
                status=200,
                body=json.dumps({"response_type": "ephemeral", "text": FOREIGN_TEAM}),
                headers={"content-type": "application/json"},
            )
        return BoltResponse(status=200, body="")

    async def on_error(self, error: Exception) -> BoltResponse | None:
        if isinstance(error, Malformed):
            log.warning("a malformed Slack payload was refused: %s", error)
            return BoltResponse(status=400, body="malformed request")
        log.error("a Slack request failed", exc_info=error)
        return None  # 500: Slack retries events, so nothing acknowledged is lost

    # ---- who -----------------------------------------------------------------------------

    async def actor(self, user_id: str, context: AsyncBoltContext, *, hint_team: str = "") -> Actor:
        result = context.authorize_result
        app_team = (result.team_id if result is not None else None) or context.team_id or ""
        return await self.users.actor(user_id, app_team=app_team, hint_team=hint_team)

    # ---- the slash command ----------------------------------------------------------------

    async def on_command(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        user = need(body, "user_id")
        channel = need(body, "channel_id")
        trigger = need(body, "trigger_id")
        text = to_plain(str(body.get("text") or "")).strip()
        actor = await self.actor(user, context, hint_team=str(body.get("team_id") or ""))
        if text.lower().rstrip(":") == "log":
            incoming = Incoming(actor=actor, channel_id=channel, action=Action(OPEN_LOG_FORM))
        else:
            incoming = Incoming(
                actor=actor, channel_id=channel, text=text, message_id=f"command:{trigger}"
            )
        reply = await handle(self.ctx, incoming)
        if reply.card is not None and reply.card.fields:
            await self.open_form(reply.card, trigger_id=trigger, channel=channel)
            await ack()
            return
        with stage("ack"):
            await ack(response_type=blocks.response_type(reply), **blocks.message(reply))

    # ---- mentions and direct messages -------------------------------------------------------

    async def on_mention(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        event = need(body, "event")
        if not event.get("user") or event.get("bot_id"):
            return  # another bot mentioning wardbot: never a conversation between bots
        text = strip_mention(str(event.get("text") or ""), context.bot_user_id or "")
        await self._converse(body, event, text=text, context=context)

    async def on_message(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        event = need(body, "event")
        subtype = event.get("subtype")
        if subtype == "message_changed":
            await self._edited(body, event, context)
        elif subtype == "message_deleted":
            await self._deleted(body, event, context)
        elif subtype is None and event.get("channel_type") == "im" and not event.get("bot_id"):
            await self._converse(body, event, text=str(event.get("text") or ""), context=context)
        # Other channel messages are not for wardbot unless they mention it (app_mention).

    async def _converse(
        self, body: dict[str, Any], event: dict[str, Any], *, text: str, context: AsyncBoltContext
    ) -> None:
        channel = need(event, "channel")
        ts = need(event, "ts")
        user = need(event, "user")
        actor = await self.actor(user, context, hint_team=str(event.get("user_team") or ""))
        incoming = Incoming(
            actor=actor,
            channel_id=channel,
            text=to_plain(text).strip(),
            message_id=f"{channel}:{ts}",
            event_id=str(body.get("event_id") or ""),
        )
        reply = await handle(self.ctx, incoming)
        # The update (if any) is committed; only the first delivery of an event is answered.
        if await self._first_delivery(body):
            in_dm = event.get("channel_type") == "im"
            thread = event.get("thread_ts") or (None if in_dm else ts)
            self.later(self.post(reply, channel=channel, user=user, thread_ts=thread))

    async def _first_delivery(self, body: dict[str, Any]) -> bool:
        event_id = body.get("event_id")
        if not event_id:
            return True
        return await claim_event(self.ctx.db, platform="slack", event_id=str(event_id))

    async def _edited(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        channel = need(event, "channel")
        message = need(event, "message")
        before = event.get("previous_message") or {}
        if message.get("text") == before.get("text") or not message.get("user"):
            return  # a link preview arriving, or a bot's message: nothing the person changed
        actor = await self.actor(message["user"], context)
        text = strip_mention(str(message.get("text") or ""), context.bot_user_id or "")
        changed = await edit_from_source(
            self.ctx,
            Incoming(
                actor=actor,
                channel_id=channel,
                text=to_plain(text),
                message_id=f"{channel}:{need(message, 'ts')}",
                event_id=str(body.get("event_id") or ""),
            ),
        )
        if changed is not None:
            log.info("update #%d follows its edited Slack message", changed.id)
        await self._first_delivery(body)

    async def _deleted(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        channel = need(event, "channel")
        deleted_ts = need(event, "deleted_ts")
        author = str((event.get("previous_message") or {}).get("user") or "")
        actor = Actor(platform="slack", user_id=author or "slack-deletion")
        removed = await delete_from_source(
            self.ctx,
            Incoming(actor=actor, channel_id=channel, message_id=f"{channel}:{deleted_ts}"),
        )
        if removed is not None:
            log.info("update #%d marked deleted with its Slack message", removed.id)
        await self._first_delivery(body)

    # ---- App Home ----------------------------------------------------------------------------

    async def on_home_opened(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        event = need(body, "event")
        if event.get("tab", "home") != "home":
            return
        actor = await self.actor(need(event, "user"), context)
        self.later(self.publish_home(actor))

    async def publish_home(self, actor: Actor) -> None:
        card = await home(self.ctx, actor)
        await self.client.views_publish(user_id=actor.user_id, view=blocks.home_view(card))

    # ---- the message shortcut ---------------------------------------------------------------

    async def on_shortcut(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, respond: AsyncRespond
    ) -> None:
        message = need(body, "message")
        channel = need(body, "channel", "id")
        ts = need(message, "ts")
        author = message.get("user")
        if not author:
            await ack()
            await respond(
                text="I can only log messages that a person wrote, not a bot's.",
                response_type="ephemeral",
            )
            return
        actor = await self.actor(author, context, hint_team=str(message.get("user_team") or ""))
        incoming = Incoming(
            actor=actor,
            channel_id=channel,
            text="log " + to_plain(str(message.get("text") or "")),
            message_id=f"{channel}:{ts}",
            link=await self._permalink(channel, ts),
            # The buttons of the reply (which ward?) go to whoever used the shortcut.
            asked_by=Actor(platform="slack", user_id=need(body, "user", "id")).key,
        )
        reply = await handle(self.ctx, incoming)
        await ack()
        self.later(self._respond(respond, reply))

    async def _permalink(self, channel: str, ts: str) -> str:
        try:
            found = await self.client.chat_getPermalink(channel=channel, message_ts=ts)
        except SlackApiError:
            return ""
        return str(found.get("permalink") or "")

    # ---- buttons ---------------------------------------------------------------------------

    async def on_action(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
        respond: AsyncRespond,
    ) -> None:
        user = need(body, "user", "id")
        actor = await self.actor(
            user, context, hint_team=str((body.get("user") or {}).get("team_id") or "")
        )
        container = body.get("container") or {}
        channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
        prompt = container.get("message_ts")
        name = blocks.action_name(need(action, "action_id"))
        value = str(action.get("value") or (action.get("selected_option") or {}).get("value") or "")
        incoming = Incoming(
            actor=actor,
            channel_id=channel or user,
            action=Action(name, value),
            message_id=f"prompt:{channel}:{prompt}"
            if prompt
            else f"action:{body.get('trigger_id')}",
        )
        reply = await handle(self.ctx, incoming)
        if reply.card is not None and reply.card.fields and body.get("trigger_id"):
            await self.open_form(
                reply.card,
                trigger_id=body["trigger_id"],
                channel=channel,
                from_home=container.get("type") == "view",
            )
            await ack()
            return
        await ack()
        if body.get("response_url"):
            self.later(self._respond(respond, reply))
        else:
            self.later(self.post(reply, channel=user, user=user))  # from the Home tab: a DM

    # ---- the modal --------------------------------------------------------------------------

    async def open_form(
        self, card: Card, *, trigger_id: str, channel: str, from_home: bool = False
    ) -> None:
        metadata = {"channel": channel, "home": "1" if from_home else ""}
        dispatch = ("ward",) if card.submit.startswith(LOG_FORM) else ()
        view = blocks.form_modal(card, metadata=metadata, dispatch=dispatch)
        await self.client.views_open(trigger_id=trigger_id, view=view)

    async def on_form_ward(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        """The ward changed in the Log activity modal: offer only that ward's priorities."""
        await ack()
        view = need(body, "view")
        metadata = _metadata(view)
        values = blocks.form_values((view.get("state") or {}).get("values") or {})
        ward = str((action.get("selected_option") or {}).get("value") or "")
        form = log_form(self.ctx, values=values, ward_slug=ward or None)
        card = Card(
            title=str((view.get("title") or {}).get("text") or form.title),
            subtitle=form.subtitle,
            fields=form.fields,
            submit=metadata.get("submit") or LOG_FORM,
        )
        update = blocks.form_modal(card, metadata=_without_submit(metadata), dispatch=("ward",))
        await self.client.views_update(view_id=need(view, "id"), hash=view.get("hash"), view=update)

    async def on_submit(
        self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        user = need(body, "user", "id")
        metadata = _metadata(view)
        submit = metadata.get("submit") or ""
        if not submit:
            raise Malformed("a form without its submit action")
        actor = await self.actor(
            user, context, hint_team=str((body.get("user") or {}).get("team_id") or "")
        )
        channel = metadata.get("channel") or ""
        incoming = Incoming(
            actor=actor,
            channel_id=channel or user,
            action=Action(
                submit, form=blocks.form_values((view.get("state") or {}).get("values") or {})
            ),
            message_id=f"view:{need(view, 'id')}",
        )
        reply = await handle(self.ctx, incoming)
        errors = blocks.error_blocks(view, reply.card.errors) if reply.card is not None else {}
        if not reply.ok and errors:
            await ack(response_action="errors", errors=errors)
            return
        if reply.card is not None and reply.card.fields:
            card_view = blocks.form_modal(reply.card, metadata=_without_submit(metadata))
            await ack(response_action="update", view=card_view)
            return
        if not reply.ok or reply.visibility is Visibility.ASKER:
            await ack(response_action="update", view=blocks.result_modal(reply))
            return
        await ack()
        self.later(self.post(reply, channel=channel or user, user=user))
        if metadata.get("home"):
            self.later(self.publish_home(actor))

    # ---- sending replies ------------------------------------------------------------------

    async def _respond(self, respond: AsyncRespond, reply: Reply) -> None:
        await respond(
            response_type=blocks.response_type(reply),
            replace_original=False,
            **blocks.message(reply),
        )

    async def post(
        self, reply: Reply, *, channel: str, user: str, thread_ts: str | None = None
    ) -> None:
        """A reply where the asker is: in the channel (or thread), or just to them."""
        content = blocks.message(reply)
        try:
            if reply.visibility is Visibility.ASKER and not channel.startswith(("D", "U")):
                await self.client.chat_postEphemeral(
                    channel=channel, user=user, thread_ts=thread_ts, **content
                )
            else:
                await self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **content)
        except SlackApiError as exc:
            if api_error(exc) not in ("not_in_channel", "channel_not_found"):
                raise
            # The bot is not in that channel: tell the person directly instead.
            await self.client.chat_postMessage(channel=user, **content)


def _metadata(view: dict[str, Any]) -> dict[str, str]:
    try:
        found = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        raise Malformed("unreadable private_metadata") from None
    if not isinstance(found, dict):
        raise Malformed("unreadable private_metadata")
    return {str(k): str(v) for k, v in found.items()}


def _without_submit(metadata: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in metadata.items() if k != "submit"}
