"""Sending to Teams: replies in the conversation a person wrote in (or in their dialog), and
posts to a conversation nobody just wrote in (digests): a `handlers.chat.ports.Sender`.

A card Teams refuses (invalid, too big) is sent again once as text only; retries and
pacing are the adapter's.
"""

from __future__ import annotations

import dataclasses
import logging

from botbuilder.core import CardFactory, TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment, ConversationReference
from botbuilder.schema.teams import (
    MessagingExtensionActionResponse,
    TaskModuleContinueResponse,
    TaskModuleMessageResponse,
    TaskModuleTaskInfo,
)

from bot import metrics
from bot.charts import ChartLinks
from bot.teams.activities import PLATFORM, conversation_id
from bot.teams.adapter import (
    GONE_STATUSES,
    REFUSED_STATUSES,
    TeamsAdapter,
    error_detail,
    status_of,
)
from bot.teams.render import adaptive_cards, reply_messages
from bot.teams.trust import may_post_to
from handlers.chat.context import Context
from handlers.chat.messages import Reply
from handlers.chat.ports import DeliveryError
from handlers.commands import sources

log = logging.getLogger(__name__)


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


async def send_reply(
    turn_context: TurnContext, reply: Reply, *, charts: ChartLinks | None = None
) -> None:
    """A reply in the conversation (and thread) the activity came from."""
    if charts is not None:
        reply = await charts.publish(reply)
    try:
        await turn_context.send_activities(to_activities(reply))
    except Exception as exc:
        if status_of(exc) in REFUSED_STATUSES and reply.card is not None:
            await _send_text_only(turn_context, reply, exc)
            return
        # Whatever was stored stays stored; the answer is what got lost. Say so in the log.
        log.exception(
            "could not deliver a reply to Teams conversation %s",
            conversation_id(turn_context.activity),
        )


async def _send_text_only(turn_context: TurnContext, reply: Reply, refusal: Exception) -> None:
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


def dialog_reply(reply: Reply) -> MessagingExtensionActionResponse:
    """A reply in the dialog a message action opened: its card, or its words."""
    if reply.card is None:
        return dialog_message(reply.text)
    cards = adaptive_cards(reply)
    return MessagingExtensionActionResponse(
        task=TaskModuleContinueResponse(
            value=TaskModuleTaskInfo(
                title=reply.card.title[:60],
                card=CardFactory.adaptive_card(cards[-1]),
                width="medium",
                height="large",
            )
        )
    )


def dialog_message(text: str) -> MessagingExtensionActionResponse:
    return MessagingExtensionActionResponse(task=TaskModuleMessageResponse(value=text[:1000]))


class TeamsSender:
    """Sends through the conversation reference kept for the conversation (sources)."""

    platform = PLATFORM

    def __init__(
        self,
        *,
        adapter: TeamsAdapter,
        ctx: Context,
        app_id: str = "",
        emulator: bool = False,
        charts: ChartLinks | None = None,
    ) -> None:
        self.adapter = adapter
        self.ctx = ctx
        self.app_id = app_id
        self.emulator = emulator
        self.charts = charts

    async def send(self, target: str, reply: Reply) -> str:
        kept = await sources.remembered_conversation(
            self.ctx, platform=PLATFORM, conversation_id=target
        )
        if kept is None:
            raise DeliveryError(
                f"wardbot is not installed in Teams conversation {target}", gone=True
            )
        if not may_post_to(kept.reference, emulator=self.emulator):
            # Kept before tokens were checked, or (in emulator mode) off this machine: the
            # address is unproven until Teams sends an activity from that conversation again.
            log.warning("not posting to Teams conversation %s: its serviceUrl is unvouched", target)
            raise DeliveryError(
                f"Teams conversation {target} has no serviceUrl vouched for by Teams yet; "
                "it will once anyone there messages wardbot"
            )
        reference = ConversationReference().deserialize(kept.reference)
        if self.charts is not None:
            reply = await self.charts.publish(reply)
        sent, failure = await self._post(reference, to_activities(reply))
        if (
            failure is not None
            and reply.card is not None
            and status_of(failure) in REFUSED_STATUSES
        ):
            # The card broke a rule of Teams' (invalid, too big): its words as text still fit.
            refusal = failure
            log.warning(
                "Teams refused a message to %s (%s); sending it again as text only",
                target,
                error_detail(refusal),
            )
            text_only = dataclasses.replace(reply, card=None)
            more, failure = await self._post(reference, to_activities(text_only))
            sent += more
            metrics.platform_refused(
                "teams", str(status_of(refusal)), fallback_arrived=failure is None
            )
        if failure is not None:
            status = status_of(failure)
            if status in GONE_STATUSES:
                # Removed from the team or chat: nothing will post there until it is added again.
                await sources.forget_conversation(
                    self.ctx, platform=PLATFORM, conversation_id=target
                )
                raise DeliveryError(
                    f"Teams answered {status}: wardbot can no longer post there", gone=True
                ) from failure
            raise DeliveryError(
                f"Teams send failed: {status or type(failure).__name__}"
            ) from failure
        return next((message_id for message_id in sent if message_id), "")

    async def _post(
        self, reference: ConversationReference, activities: list[Activity]
    ) -> tuple[list[str], Exception | None]:
        """The ids of the messages sent, and the first failure (the rest are not sent)."""
        sent: list[str] = []
        failures: list[Exception] = []

        async def post(turn_context: TurnContext) -> None:
            # The SDK gives the continuation a made-up id and would "reply" to it: post anew.
            turn_context.activity.id = None
            try:
                for response in await turn_context.send_activities(activities):
                    sent.append(str(getattr(response, "id", "") or ""))
            except Exception as exc:
                failures.append(exc)  # the adapter's turn-error handler would swallow it

        try:
            await self.adapter.continue_conversation(reference, post, self.app_id)
        except Exception as exc:
            failures.append(exc)
        return sent, (failures[0] if failures else None)
