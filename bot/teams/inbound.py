"""The Teams activity handler: activities in, `handlers` answers out. No decisions of its own."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from botbuilder.core import CardFactory, InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
)
from botbuilder.schema.teams import (
    MessageActionsPayload,
    MessagingExtensionAction,
    MessagingExtensionActionResponse,
    TaskModuleContinueResponse,
    TaskModuleMessageResponse,
    TaskModuleTaskInfo,
)
from msrest.exceptions import DeserializationError

from bot import metrics
from bot.charts import ChartLinks
from bot.teams import activities
from bot.teams.activities import PLATFORM, conversation_id
from bot.teams.adapter import REFUSED_STATUSES, error_detail, status_of
from bot.teams.render import adaptive_cards, reply_messages
from bot.teams.trust import CHANNEL_TOKEN, VOUCHED_BY
from handlers.chat.access import origin_refused
from handlers.chat.context import Context
from handlers.chat.messages import Action, Incoming, Reply
from handlers.chat.refusals import organisation_allowed
from handlers.commands.forms import LOG_FORM, log_form
from handlers.commands.router import NOT_SAVED, handle
from storage.conversations import delete_conversation, save_conversation
from storage.db import DatabaseUnavailable
from storage.events import claim_event

log = logging.getLogger(__name__)

REFUSAL = (
    "Sorry, this wardbot serves its own council's Teams organisation only. "
    "Nothing was stored. Ask your council's digital team if you need access."
)
WELCOME = (
    "Hello, I'm wardbot. I keep a record of neighbourhood activity against each ward's "
    "priorities. Try `log Sitwell: litter pick, 23 volunteers`, `show Sitwell`, or `help`. "
    "In a channel, @mention me first."
)
GONE_EVENTS = {"teamDeleted", "teamHardDeleted"}


class WardTeamsBot(TeamsActivityHandler):
    def __init__(
        self,
        ctx: Context,
        *,
        allowed_tenants: Iterable[str] = (),
        authenticated: bool = True,
        charts: ChartLinks | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.charts = charts
        self.allowed_tenants = frozenset(allowed_tenants)
        self.authenticated = authenticated  # every activity came with a checked channel token

    # --- every activity ---------------------------------------------------------------

    async def on_turn(self, turn_context: TurnContext) -> None:
        if not self._tenant_allowed(turn_context.activity):
            await self._refuse(turn_context)
            return
        try:
            await super().on_turn(turn_context)
        except DeserializationError as exc:
            # The SDK reads channelData and invoke values lazily: a part of the wrong shape
            # is the sender's mistake, answered 400 (invokes) or ignored, not a turn error.
            activity = turn_context.activity
            log.warning("ignored a Teams %s of an unexpected shape (%s)", activity.type, exc)
            if activity.type == ActivityTypes.invoke:
                response = InvokeResponse(
                    status=HTTPStatus.BAD_REQUEST, body={"error": "Not an invoke Teams sends."}
                )
                await turn_context.send_activity(
                    Activity(type=ActivityTypes.invoke_response, value=response)
                )
        except DatabaseUnavailable as exc:
            activity = turn_context.activity
            if activity.type not in (ActivityTypes.message, ActivityTypes.invoke):
                raise  # nobody to tell: answered 503 (bot/teams/channel.py)
            log.warning("a Teams %s could not be saved: %s", activity.type, exc)
            await self._answer(turn_context, NOT_SAVED, status=HTTPStatus.SERVICE_UNAVAILABLE)

    def _tenant_allowed(self, activity: Activity) -> bool:
        tenant = activities.tenant_id(activity)
        return organisation_allowed(PLATFORM, [tenant], self.allowed_tenants)

    async def _refuse(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        tenant = activities.tenant_id(activity)
        log.warning("refused a Teams %s from tenant %r", activity.type, tenant)
        await origin_refused(
            self.ctx, platform=PLATFORM, ids=[tenant], actor_key=activities.actor(activity).key
        )
        await self._answer(turn_context, REFUSAL, status=HTTPStatus.FORBIDDEN)

    async def _answer(self, turn_context: TurnContext, text: str, *, status: HTTPStatus) -> None:
        """Tell the person `text` when the activity was refused before any handler answered:
        as a message, in a message extension's dialog, or as the invoke's error."""
        activity = turn_context.activity
        if activity.type == ActivityTypes.message:
            await self._send(turn_context, Reply.refusal(text))
        elif activity.type == ActivityTypes.invoke:
            if (activity.name or "").startswith("composeExtension/"):
                body = _task_message(text)
                response = InvokeResponse(status=HTTPStatus.OK, body=body.serialize())
            else:
                response = InvokeResponse(status=status, body={"error": text})
            await turn_context.send_activity(
                Activity(type=ActivityTypes.invoke_response, value=response)
            )

    # --- messages and card buttons ----------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        incoming = activities.incoming_message(turn_context.activity)
        if incoming.event_id and not await claim_event(
            self.ctx.db, platform=PLATFORM, event_id=incoming.event_id
        ):
            log.info("ignored a repeated Teams activity %s", incoming.event_id)
            return
        await self._remember(turn_context.activity)
        reply = await handle(self.ctx, incoming)
        await self._send(turn_context, reply)

    async def _send(self, turn_context: TurnContext, reply: Reply) -> None:
        if self.charts is not None:
            reply = await self.charts.publish(reply)
        try:
            await turn_context.send_activities(to_activities(reply))
        except Exception as exc:
            if status_of(exc) in REFUSED_STATUSES and reply.card is not None:
                await self._send_text_only(turn_context, reply, exc)
                return
            # Whatever was stored stays stored; the answer is what got lost. Say so in the log.
            log.exception(
                "could not deliver a reply to Teams conversation %s",
                conversation_id(turn_context.activity),
            )

    async def _send_text_only(
        self, turn_context: TurnContext, reply: Reply, refusal: Exception
    ) -> None:
        """Teams refused the card (invalid, too big): the reply's words, once, as text."""
        where = conversation_id(turn_context.activity)
        log.warning(
            "Teams refused a reply in %s (%s); sending it again as text only",
            where,
            error_detail(refusal),
        )
        arrived = False
        try:
            await turn_context.send_activities(to_activities(dataclasses.replace(reply, card=None)))
            arrived = True
        except Exception:
            log.exception("could not deliver a reply to Teams conversation %s as text", where)
        metrics.platform_refused("teams", str(status_of(refusal)), fallback_arrived=arrived)

    # --- where the bot is installed ------------------------------------------------------

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
        event = data.get("eventType", "")
        if _includes(activity.members_removed, bot_id) or event in GONE_EVENTS:
            await self._forget(conversation_id(activity))
            return
        if event == "channelDeleted" and isinstance(data.get("channel"), dict):
            await self._forget(str(data["channel"].get("id") or ""))
            return
        await self._remember(activity)
        if _includes(activity.members_added, bot_id):
            await self._send(turn_context, Reply(text=WELCOME))

    async def on_installation_update(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.action in ("add", "add-upgrade"):
            await self._remember(activity)
        elif activity.action == "remove":
            await self._forget(conversation_id(activity))

    async def _remember(self, activity: Activity) -> None:
        where = conversation_id(activity)
        reference = TurnContext.get_conversation_reference(activity)
        reference.conversation.id = where  # a channel, not the thread the message was in
        reference.activity_id = None
        kept = reference.serialize()
        if self.authenticated:
            kept[VOUCHED_BY] = CHANNEL_TOKEN  # the endpoint matched serviceUrl to the token
        try:
            await save_conversation(
                self.ctx.db, platform=PLATFORM, conversation_id=where, reference=kept
            )
        except ValueError:
            log.warning("not keeping a reference to Teams conversation %r", where[:80])

    async def _forget(self, where: str) -> None:
        if where and await delete_conversation(
            self.ctx.db, platform=PLATFORM, conversation_id=where
        ):
            log.info("wardbot was removed from Teams conversation %s", where)

    # --- invokes -------------------------------------------------------------------------

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        response = await super().on_invoke_activity(turn_context)
        if response is not None and response.status == HTTPStatus.NOT_IMPLEMENTED:
            # Something this app does not offer: a client error, not a server one.
            return InvokeResponse(
                status=HTTPStatus.BAD_REQUEST,
                body={"error": f"wardbot does not handle {turn_context.activity.name!r}"},
            )
        return response

    async def on_teams_messaging_extension_fetch_task(
        self, turn_context: TurnContext, action: MessagingExtensionAction
    ) -> MessagingExtensionActionResponse:
        """ "Log as ward activity" on a message: the log form, filled in from the message."""
        source = _source(action.message_payload)
        values = {"text": source["text"]}
        try:
            # Start on the ward the text points to, as `log` would; the person can change it.
            reading = self.ctx.understanding.read(source["text"], today=self.ctx.today())
            if reading.ward is not None:
                values["ward"] = reading.ward.slug
        except Exception:
            log.exception("could not read a message for the log form; leaving the ward empty")
        reply = Reply(text="Log activity", card=log_form(self.ctx, values=values))
        return _task_card(reply)

    async def on_teams_messaging_extension_submit_action(
        self, turn_context: TurnContext, action: MessagingExtensionAction
    ) -> MessagingExtensionActionResponse:
        activity = turn_context.activity
        data = action.data if isinstance(action.data, dict) else {}
        submitted = activities.submitted_action(data)
        name = submitted.name or LOG_FORM
        where = conversation_id(activity)
        payload = action.message_payload
        source = _source(payload)
        invoker = activities.actor(activity)
        author = invoker
        if name == LOG_FORM and payload is not None:
            # The update is the message's: its author wrote it, whoever filed it. Whoever
            # filed it is the one acting: their role and tenant decide.
            author = activities.actor(activity, _author(payload, activity.from_property))
        incoming = Incoming(
            actor=author,
            asked_by=invoker if invoker.key != author.key else None,
            channel_id=where,
            action=Action(name=name, value=submitted.value, form=submitted.form),
            message_id=activities.message_key(source["id"], where) if source["id"] else "",
            event_id=activities.message_key(str(activity.id), where) if activity.id else "",
            link=source["link"],
            received_at=activity.timestamp,
        )
        reply = await handle(self.ctx, incoming)
        if reply.card is not None:
            return _task_card(reply)
        return _task_message(reply.text)


def to_activities(reply: Reply) -> list[Activity]:
    """A reply as the message activities that carry it."""
    sent = []
    for message in reply_messages(reply):
        sent.append(
            Activity(
                type=ActivityTypes.message,
                text=message.get("text"),
                text_format=message.get("textFormat"),
                summary=message.get("summary"),
                attachments=[
                    Attachment(
                        content_type=a["contentType"],
                        content=a.get("content"),
                        content_url=a.get("contentUrl"),
                        name=a.get("name"),
                    )
                    for a in message.get("attachments", [])
                ]
                or None,
            )
        )
    return sent


def _includes(members: list[ChannelAccount] | None, member_id: str | None) -> bool:
    return bool(member_id) and any(m is not None and m.id == member_id for m in members or [])


def _source(payload: MessageActionsPayload | None) -> dict[str, str]:
    """The message an action was used on: its id, link and text."""
    if payload is None:
        return {"id": "", "link": "", "text": ""}
    body = payload.body
    content = (body.content or "") if body is not None else ""
    return {
        "id": str(payload.id or ""),
        "link": str(payload.link_to_message or ""),
        "text": activities.plain_text(content),
    }


def _author(
    payload: MessageActionsPayload, fallback: ChannelAccount | None
) -> ChannelAccount | None:
    sender = payload.from_property
    who: Any = None
    if sender is not None:
        who = sender.user or sender.application
    if who is None or not who.id:
        return fallback
    if fallback is not None and who.id in (fallback.id, fallback.aad_object_id):
        return fallback  # the person who filed it wrote it: keep their usual id
    return ChannelAccount(id=str(who.id), name=str(who.display_name or ""))


def _task_card(reply: Reply) -> MessagingExtensionActionResponse:
    cards = adaptive_cards(reply)
    return MessagingExtensionActionResponse(
        task=TaskModuleContinueResponse(
            value=TaskModuleTaskInfo(
                title=(reply.card.title if reply.card else "wardbot")[:60],
                card=CardFactory.adaptive_card(cards[0] if len(cards) == 1 else cards[-1]),
                width="medium",
                height="large",
            )
        )
    )


def _task_message(text: str) -> MessagingExtensionActionResponse:
    return MessagingExtensionActionResponse(task=TaskModuleMessageResponse(value=text[:1000]))
