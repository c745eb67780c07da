"""bolt listeners: each turns a Slack payload into an Incoming, asks handlers, renders the Reply.

Every listener runs to the end before Slack gets its answer (process_before_response), so
whatever it stores is committed before the ack. Replies that need a Web API call after the
ack (event replies, Home tabs) go out as background tasks.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import render as blocks
from bot.slack.outbound import post_reply, respond_with
from bot.slack.payloads import (
    Malformed,
    event_id,
    metadata,
    need,
    need_object,
    object_at,
    text_at,
    without_submit,
)
from bot.slack.text import strip_mention, to_plain
from bot.slack.users import UserDirectory
from handlers.chat.access import origin_refused
from handlers.chat.context import Context
from handlers.chat.errors import DatabaseUnavailable
from handlers.chat.messages import Action, Actor, Card, Incoming, Reply, Visibility
from handlers.chat.refusals import organisation_allowed
from handlers.chat.stages import stage
from handlers.commands import sources
from handlers.commands.forms import LOG_FORM, log_form
from handlers.commands.home import OPEN_LOG_FORM, home
from handlers.commands.router import handle, not_saved

log = logging.getLogger(__name__)

COMMAND = "/ward"
SHORTCUT = "log_message"  # the message shortcut "Log as ward activity"
FOREIGN_TEAM = (
    "Sorry, wardbot only works for the council's own Slack workspace, and this request came "
    "from another one. Nothing was stored."
)
STILL_WORKING = "Still working on that: I'll answer here in a moment."


@dataclass
class SlackListeners:
    ctx: Context
    client: AsyncWebClient
    users: UserDirectory
    allowed_teams: frozenset[str] = frozenset()
    # How long a slash command may take, from its arrival here, before Slack's 3 s are up:
    # then it is acknowledged ("still working") and answered through its response_url when
    # done. A second is left for what comes before (Bolt, who is asking) and the ack's trip
    # on a busy machine.
    command_deadline: float = 2.0
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
        if task.cancelled() or task.exception() is None:
            return
        if isinstance(task.exception(), DatabaseUnavailable):
            log.warning("a Slack reply was not sent: %s", task.exception())
        else:
            log.error("a Slack reply could not be sent", exc_info=task.exception())

    async def drain(self) -> None:
        """Wait for replies still being sent (at shutdown, and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # ---- the gate and errors ------------------------------------------------------------

    async def team_gate(self, body: dict[str, Any], context: AsyncBoltContext, next: Any) -> Any:
        """The workspace wardbot is installed in (its own token's, from auth.test) must be
        the council's: people from other workspaces in its shared channels are admitted or
        refused one by one (handlers.chat.access.check_origin)."""
        teams = [t for t in _installed_in(context) if t]
        if organisation_allowed("slack", teams, self.allowed_teams):
            return await next()
        await origin_refused(
            self.ctx, platform="slack", ids=teams, actor_key=f"slack:{context.user_id or '?'}"
        )
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
        if isinstance(error, DatabaseUnavailable):
            # Not 2xx, so Slack sends the event again; one line, not a traceback a request.
            log.warning("a Slack event was refused for now: %s", error)
            return BoltResponse(status=503, body="the database is unavailable; try again")
        log.error("a Slack request failed", exc_info=error)
        return None  # 500: Slack retries events, so nothing acknowledged is lost

    async def answer(self, incoming: Incoming) -> Reply:
        """The router's reply to something a person did (a command, a button, a form):
        Slack does not send these again, so an outage is told to the person."""
        return await self.told(handle(self.ctx, incoming))

    @staticmethod
    async def told(work: Awaitable[Reply]) -> Reply:
        try:
            return await work
        except DatabaseUnavailable as exc:
            log.warning("a Slack request could not be saved: %s", exc)
            return not_saved()

    # ---- who -----------------------------------------------------------------------------

    async def actor(
        self,
        user_id: str,
        context: AsyncBoltContext,
        *,
        hint_team: str = "",
        hint_enterprise: str = "",
    ) -> Actor:
        app_team, app_enterprise = _installed_in(context)
        return await self.users.actor(
            user_id,
            app_team=app_team,
            app_enterprise=app_enterprise,
            hint_team=hint_team,
            hint_enterprise=hint_enterprise,
        )

    async def invoker(self, body: dict[str, Any], context: AsyncBoltContext) -> Actor:
        """Who pressed, submitted or used a shortcut: `user` of an interaction payload."""
        return await self.actor(
            need(body, "user", "id"),
            context,
            hint_team=text_at(body, "user", "team_id"),
            hint_enterprise=text_at(object_at(body, "enterprise"), "id"),
        )

    # ---- the slash command ----------------------------------------------------------------

    async def on_command(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, respond: AsyncRespond
    ) -> None:
        arrived = asyncio.get_running_loop().time()
        user = need(body, "user_id")
        channel = need(body, "channel_id")
        trigger = need(body, "trigger_id")
        text = to_plain(text_at(body, "text")).strip()
        actor = await self.actor(
            user,
            context,
            hint_team=text_at(body, "team_id"),
            hint_enterprise=text_at(body, "enterprise_id"),
        )
        if text.lower().rstrip(":") == "log":
            incoming = Incoming(actor=actor, channel_id=channel, action=Action(OPEN_LOG_FORM))
        else:
            incoming = Incoming(
                actor=actor, channel_id=channel, text=text, message_id=f"command:{trigger}"
            )
        work = asyncio.ensure_future(self.answer(incoming))
        try:
            # Slack's clock started before ours: what finding the person took is spent.
            spent = asyncio.get_running_loop().time() - arrived
            reply = await asyncio.wait_for(
                asyncio.shield(work), max(self.command_deadline - spent, 0.0)
            )
        except TimeoutError:
            # Slack shows the person an error after 3 s and never sends a command again.
            await ack(response_type="ephemeral", text=STILL_WORKING)
            self.later(self._answer_late(work, respond))
            return
        if reply.card is not None and reply.card.fields:
            await self.open_form(reply.card, trigger_id=trigger, channel=channel)
            await ack()
            return
        with stage("ack"):
            await ack(response_type=blocks.response_type(reply), **blocks.message(reply))

    async def _answer_late(self, work: asyncio.Future[Reply], respond: AsyncRespond) -> None:
        reply = await work
        if reply.card is not None and reply.card.fields:  # a form's trigger lasts 3 s
            reply = Reply.refusal("That took too long to open the form: please try again.")
        await respond_with(respond, reply)

    # ---- mentions and direct messages -------------------------------------------------------

    async def on_mention(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        event = need_object(body, "event")
        if not event.get("user") or event.get("bot_id"):
            return  # another bot mentioning wardbot: never a conversation between bots
        text = strip_mention(text_at(event, "text"), context.bot_user_id or "")
        await self._converse(body, event, text=text, context=context)

    async def on_message(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        event = need_object(body, "event")
        subtype = event.get("subtype")
        if subtype == "message_changed":
            await self._edited(body, event, context)
        elif subtype == "message_deleted":
            await self._deleted(body, event, context)
        elif subtype is None and event.get("channel_type") == "im" and not event.get("bot_id"):
            await self._converse(body, event, text=text_at(event, "text"), context=context)
        # Other channel messages are not for wardbot unless they mention it (app_mention).

    async def _converse(
        self, body: dict[str, Any], event: dict[str, Any], *, text: str, context: AsyncBoltContext
    ) -> None:
        channel = need(event, "channel")
        ts = need(event, "ts")
        user = need(event, "user")
        thread = text_at(event, "thread_ts")
        actor = await self.actor(user, context, hint_team=text_at(event, "user_team"))
        incoming = Incoming(
            actor=actor,
            channel_id=channel,
            text=to_plain(text).strip(),
            message_id=f"{channel}:{ts}",
            event_id=event_id(body),
        )
        reply = await sources.answer_delivery(self.ctx, incoming)
        if reply is not None:  # None: a delivery answered before
            in_dm = event.get("channel_type") == "im"
            where = thread or (None if in_dm else ts)
            self.later(self.post(reply, channel=channel, user=user, thread_ts=where))

    async def _edited(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        channel = need(event, "channel")
        message = need_object(event, "message")
        before = object_at(event, "previous_message")
        after = text_at(message, "text")
        author = text_at(message, "user")
        if after == text_at(before, "text") or not author:
            return  # a link preview arriving, or a bot's message: nothing the person changed
        actor = await self.actor(author, context)
        changed = await sources.message_edited(
            self.ctx,
            Incoming(
                actor=actor,
                channel_id=channel,
                text=to_plain(strip_mention(after, context.bot_user_id or "")),
                message_id=f"{channel}:{need(message, 'ts')}",
                event_id=event_id(body),
            ),
        )
        if changed is not None:
            log.info("update #%d follows its edited Slack message", changed.id)

    async def _deleted(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        channel = need(event, "channel")
        deleted_ts = need(event, "deleted_ts")
        author = text_at(object_at(event, "previous_message"), "user")
        actor = Actor(platform="slack", user_id=author or "slack-deletion")
        removed = await sources.message_deleted(
            self.ctx,
            Incoming(
                actor=actor,
                channel_id=channel,
                message_id=f"{channel}:{deleted_ts}",
                event_id=event_id(body),
            ),
        )
        if removed is not None:
            log.info("update #%d marked deleted with its Slack message", removed.id)

    # ---- App Home ----------------------------------------------------------------------------

    async def on_home_opened(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        event = need_object(body, "event")
        if text_at(event, "tab") not in ("", "home"):
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
        message = need_object(body, "message")
        channel = need(body, "channel", "id")
        ts = need(message, "ts")
        author = text_at(message, "user")
        invoker = await self.invoker(body, context)
        if not author:
            wrote = None  # a bot's or an app's message
        elif author == invoker.user_id:
            wrote = invoker
        else:
            wrote = await self.actor(author, context, hint_team=text_at(message, "user_team"))
        source = sources.SourceMessage(
            author=wrote,
            channel_id=channel,
            message_id=f"{channel}:{ts}",
            text=to_plain(text_at(message, "text")),
            link=await self._permalink(channel, ts) if wrote is not None else "",
        )
        reply = await self.told(sources.log_message(self.ctx, source, acting=invoker))
        await ack()
        self.later(respond_with(respond, reply))

    async def _permalink(self, channel: str, ts: str) -> str:
        try:
            found = await self.client.chat_getPermalink(channel=channel, message_ts=ts)
        except SlackApiError:
            return ""
        link = found.get("permalink")
        return link if isinstance(link, str) else ""

    # ---- buttons ---------------------------------------------------------------------------

    async def on_action(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
        respond: AsyncRespond,
    ) -> None:
        actor = await self.invoker(body, context)
        user = actor.user_id
        container = object_at(body, "container")
        channel = text_at(object_at(body, "channel"), "id") or text_at(container, "channel_id")
        prompt = text_at(container, "message_ts")
        trigger = text_at(body, "trigger_id")
        name = blocks.action_name(need(action, "action_id"))
        value = text_at(action, "value") or text_at(object_at(action, "selected_option"), "value")
        incoming = Incoming(
            actor=actor,
            channel_id=channel or user,
            action=Action(name, value),
            message_id=f"prompt:{channel}:{prompt}" if prompt else f"action:{trigger}",
        )
        reply = await self.answer(incoming)
        if reply.card is not None and reply.card.fields and trigger:
            await self.open_form(
                reply.card,
                trigger_id=trigger,
                channel=channel,
                from_home=container.get("type") == "view",
            )
            await ack()
            return
        await ack()
        if text_at(body, "response_url"):
            self.later(respond_with(respond, reply))
        else:
            self.later(self.post(reply, channel=user, user=user))  # from the Home tab: a DM

    # ---- the modal --------------------------------------------------------------------------

    async def open_form(
        self, card: Card, *, trigger_id: str, channel: str, from_home: bool = False
    ) -> None:
        kept = {"channel": channel, "home": "1" if from_home else ""}
        dispatch = ("ward",) if card.submit.startswith(LOG_FORM) else ()
        view = blocks.form_modal(card, metadata=kept, dispatch=dispatch)
        await self.client.views_open(trigger_id=trigger_id, view=view)

    async def on_form_ward(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        """The ward changed in the Log activity modal: offer only that ward's priorities."""
        await ack()
        view = need_object(body, "view")
        found = metadata(view)
        values = blocks.form_values(object_at(view, "state", "values"))
        ward = text_at(object_at(action, "selected_option"), "value")
        form = log_form(self.ctx, values=values, ward_slug=ward or None)
        card = Card(
            title=text_at(object_at(view, "title"), "text") or form.title,
            subtitle=form.subtitle,
            fields=form.fields,
            submit=found.get("submit") or LOG_FORM,
        )
        update = blocks.form_modal(card, metadata=without_submit(found), dispatch=("ward",))
        await self.client.views_update(
            view_id=need(view, "id"), hash=text_at(view, "hash") or None, view=update
        )

    async def on_submit(
        self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        found = metadata(view)
        submit = found.get("submit") or ""
        if not submit:
            raise Malformed("a form without its submit action")
        actor = await self.invoker(body, context)
        user = actor.user_id
        channel = found.get("channel") or ""
        incoming = Incoming(
            actor=actor,
            channel_id=channel or user,
            action=Action(submit, form=blocks.form_values(object_at(view, "state", "values"))),
            message_id=f"view:{need(view, 'id')}",
        )
        reply = await self.answer(incoming)
        errors = blocks.error_blocks(view, reply.card.errors) if reply.card is not None else {}
        if not reply.ok and errors:
            await ack(response_action="errors", errors=errors)
            return
        if reply.card is not None and reply.card.fields:
            card_view = blocks.form_modal(reply.card, metadata=without_submit(found))
            await ack(response_action="update", view=card_view)
            return
        if not reply.ok or reply.visibility is Visibility.ASKER:
            await ack(response_action="update", view=blocks.result_modal(reply))
            return
        await ack()
        self.later(self.post(reply, channel=channel or user, user=user))
        if found.get("home"):
            self.later(self.publish_home(actor))

    # ---- sending replies ------------------------------------------------------------------

    async def post(
        self, reply: Reply, *, channel: str, user: str, thread_ts: str | None = None
    ) -> None:
        await post_reply(self.client, reply, channel=channel, user=user, thread_ts=thread_ts)


def _installed_in(context: AsyncBoltContext) -> tuple[str, str]:
    """(workspace, Enterprise Grid org) wardbot is installed in: its own token's, as
    auth.test answered bolt, never a payload's team field (another workspace's in a shared
    channel)."""
    result = context.authorize_result
    if result is None:  # bolt authorises every request before a listener: not expected
        return context.team_id or "", context.enterprise_id or ""
    return result.team_id or "", result.enterprise_id or ""
