"""Posting to a Teams conversation nobody just wrote in (digests): a `handlers.chat.ports.Sender`."""

from __future__ import annotations

import dataclasses
import logging

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ConversationReference

from bot import metrics
from bot.charts import ChartLinks
from bot.teams.activities import PLATFORM
from bot.teams.adapter import (
    GONE_STATUSES,
    REFUSED_STATUSES,
    TeamsAdapter,
    error_detail,
    status_of,
)
from bot.teams.inbound import to_activities
from bot.teams.trust import may_post_to
from handlers.chat.messages import Reply
from handlers.chat.ports import DeliveryError
from storage.conversations import delete_conversation, get_conversation
from storage.db import Database

log = logging.getLogger(__name__)


class TeamsSender:
    """Sends through the stored conversation reference; retries and pacing are the adapter's."""

    platform = PLATFORM

    def __init__(
        self,
        *,
        adapter: TeamsAdapter,
        db: Database,
        app_id: str = "",
        emulator: bool = False,
        charts: ChartLinks | None = None,
    ) -> None:
        self.adapter = adapter
        self.db = db
        self.app_id = app_id
        self.emulator = emulator
        self.charts = charts

    async def send(self, target: str, reply: Reply) -> str:
        stored = await get_conversation(self.db, platform=PLATFORM, conversation_id=target)
        if stored is None:
            raise DeliveryError(
                f"wardbot is not installed in Teams conversation {target}", gone=True
            )
        if not may_post_to(stored.reference, emulator=self.emulator):
            # Kept before tokens were checked, or (in emulator mode) off this machine: the
            # address is unproven until Teams sends an activity from that conversation again.
            log.warning("not posting to Teams conversation %s: its serviceUrl is unvouched", target)
            raise DeliveryError(
                f"Teams conversation {target} has no serviceUrl vouched for by Teams yet; "
                "it will once anyone there messages wardbot"
            )
        reference = ConversationReference().deserialize(stored.reference)
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
                await delete_conversation(self.db, platform=PLATFORM, conversation_id=target)
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
