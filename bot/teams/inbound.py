"""The Teams activity handler: activities in, `handlers` answers out. No decisions of its own."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from http import HTTPStatus

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount
from botbuilder.schema.teams import MessagingExtensionAction, MessagingExtensionActionResponse
from msrest.exceptions import DeserializationError

from bot.charts import ChartLinks
from bot.teams import activities
from bot.teams.activities import PLATFORM, conversation_id
from bot.teams.outbound import dialog_message, dialog_reply, send_reply
from bot.teams.people import TeamsPeople
from handlers.chat.access import origin_refused
from handlers.chat.context import Context
from handlers.chat.errors import DatabaseUnavailable
from handlers.chat.messages import Action, Incoming, Reply
from handlers.chat.refusals import organisation_allowed
from handlers.commands import sources
from handlers.commands.forms import LOG_FORM
from handlers.commands.home import OPEN_LOG_FORM
from handlers.commands.router import NOT_SAVED, handle

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
        people: TeamsPeople | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.people = people or TeamsPeople()
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
                body = dialog_message(text)
                response = InvokeResponse(status=HTTPStatus.OK, body=body.serialize())
            else:
                response = InvokeResponse(status=status, body={"error": text})
            await turn_context.send_activity(
                Activity(type=ActivityTypes.invoke_response, value=response)
            )

    # --- messages and card buttons ----------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        incoming = activities.incoming_message(activity)
        reply = await sources.answer_delivery(
            self.ctx,
            replace(incoming, actor=await self.people.sender(turn_context)),
            conversation=activities.conversation(activity, vouched=self.authenticated),
        )
        if reply is not None:  # None: a delivery answered before
            await self._send(turn_context, reply)

    async def _send(self, turn_context: TurnContext, reply: Reply) -> None:
        await send_reply(turn_context, reply, charts=self.charts)

    # --- edits and deletions of a message ----------------------------------------------

    async def on_teams_message_edit(self, turn_context: TurnContext) -> None:
        changed = await sources.message_edited(
            self.ctx, activities.incoming_message(turn_context.activity)
        )
        if changed is not None:
            log.info("update #%d follows its edited Teams message", changed.id)

    async def on_teams_message_soft_delete(self, turn_context: TurnContext) -> None:
        removed = await sources.message_deleted(
            self.ctx, activities.incoming_message(turn_context.activity)
        )
        if removed is not None:
            log.info("update #%d marked deleted with its Teams message", removed.id)

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
        await sources.remember_conversation(
            self.ctx, activities.conversation(activity, vouched=self.authenticated)
        )

    async def _forget(self, where: str) -> None:
        if await sources.forget_conversation(self.ctx, platform=PLATFORM, conversation_id=where):
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
        """ "Log as ward activity": on a message, log it (as Slack's shortcut does); from the
        compose box, the empty log form."""
        activity = turn_context.activity
        invoker = await self.people.sender(turn_context)
        if action.message_payload is not None:
            source = activities.source_message(activity, action.message_payload)
            if source.author is not None and source.author.key == invoker.key:
                source = replace(source, author=invoker)
            reply = await sources.log_message(self.ctx, source, acting=invoker)
        else:
            reply = await handle(
                self.ctx,
                Incoming(
                    actor=invoker,
                    channel_id=conversation_id(activity),
                    action=Action(OPEN_LOG_FORM),
                ),
            )
        return dialog_reply(reply)

    async def on_teams_messaging_extension_submit_action(
        self, turn_context: TurnContext, action: MessagingExtensionAction
    ) -> MessagingExtensionActionResponse:
        """A form or a button in the dialog: whoever uses it is the one acting."""
        activity = turn_context.activity
        data = action.data if isinstance(action.data, dict) else {}
        submitted = activities.submitted_action(data)
        where = conversation_id(activity)
        incoming = Incoming(
            actor=await self.people.sender(turn_context),
            channel_id=where,
            action=Action(
                name=submitted.name or LOG_FORM, value=submitted.value, form=submitted.form
            ),
            message_id=activities.message_key(str(activity.id), where) if activity.id else "",
            received_at=activity.timestamp,
        )
        return dialog_reply(await handle(self.ctx, incoming))


def _includes(members: list[ChannelAccount] | None, member_id: str | None) -> bool:
    return bool(member_id) and any(m is not None and m.id == member_id for m in members or [])
