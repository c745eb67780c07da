"""A person's message, followed from its platform: each delivery answered once, the
conversation it came from remembered, "Log this message", and a logged message's edits and
deletion.

Platforms call these and never storage (an import contract), so the order of the steps,
and what an outage half-way through means, are decided here once for every platform.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from handlers import domain
from handlers.chat.access import served
from handlers.chat.context import Context
from handlers.chat.errors import DatabaseUnavailable
from handlers.chat.messages import Action, Actor, Incoming, Reply
from handlers.commands import corrections
from handlers.commands.log_update import LOG_MESSAGE
from handlers.commands.router import cleaned, handle
from storage.conversations import delete_conversation, get_conversation, save_conversation
from storage.events import claim_event

log = logging.getLogger(__name__)

NOT_A_PERSON = "I can only log messages that a person wrote, not a bot's."


@dataclass(frozen=True, slots=True)
class Conversation:
    """Where wardbot may post later, unprompted (digests): the platform's own reference to
    the conversation (for Teams, a serialized ConversationReference), kept as it is."""

    platform: str
    id: str
    reference: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourceMessage:
    """A message that "Log this message" was used on."""

    author: Actor | None  # None: a bot or an app wrote it
    channel_id: str
    message_id: str  # the platform's id of the message: an update is kept once per message
    text: str
    link: str = ""
    received_at: datetime | None = None


async def answer_delivery(
    ctx: Context, incoming: Incoming, *, conversation: Conversation | None = None
) -> Reply | None:
    """One delivery of a message: handled, its conversation remembered, and the reply to
    send; None when this delivery was answered before (the platform sent it again).

    The order loses nothing. The message is handled, and any update committed, before the
    delivery is marked answered: a delivery that failed half-way is handled again when the
    platform sends it again, and its update is still stored once, since an update is kept
    once per source message. Once the update is committed, nothing after it (remembering the
    conversation, marking the delivery) may turn the reply into "nothing was stored".
    """
    if not await served(ctx, incoming.acting):
        # Refused (and audited) by the router; neither the conversation nor the delivery is
        # kept for someone wardbot does not serve.
        return await handle(ctx, incoming)
    reply = await handle(ctx, incoming)
    if conversation is not None:
        try:
            await remember_conversation(ctx, conversation)
        except DatabaseUnavailable as exc:
            # The next activity from there refreshes it; the reply still goes.
            log.warning(
                "not keeping %s conversation %s now: %s",
                conversation.platform,
                conversation.id[:80],
                exc,
            )
    if not await _first_delivery(ctx, incoming):
        log.info("not answering %s delivery %s again", incoming.platform, incoming.event_id)
        return None
    return reply


async def _first_delivery(ctx: Context, incoming: Incoming) -> bool:
    if not incoming.event_id:
        return True
    try:
        return await claim_event(ctx.db, platform=incoming.platform, event_id=incoming.event_id)
    except DatabaseUnavailable as exc:
        # Handled and committed already: better the same reply twice, should the platform
        # send it again, than none at all.
        log.warning(
            "answering %s delivery %s unmarked: %s", incoming.platform, incoming.event_id, exc
        )
        return True


async def log_message(ctx: Context, message: SourceMessage, *, acting: Actor) -> Reply:
    """ "Log this message": the message becomes an update by its author, linked back to it.

    `acting` is whoever used it: their role and organisation decide whether it may be logged
    (the router checks them), and a question about it (which ward?) is theirs to answer.
    """
    if message.author is None:
        return Reply.refusal(NOT_A_PERSON)
    author = message.author
    return await handle(
        ctx,
        Incoming(
            actor=author,
            asked_by=acting if acting.key != author.key else None,
            channel_id=message.channel_id,
            text=message.text,
            action=Action(LOG_MESSAGE),
            message_id=message.message_id,
            link=message.link,
            received_at=message.received_at,
        ),
    )


async def message_edited(ctx: Context, incoming: Incoming) -> domain.Update | None:
    """A message was edited on its platform: when it was logged, its update follows.

    Returns the changed update, or None when nothing changed. An edit sent again is applied
    again, to the same effect.
    """
    return await corrections.edit_from_source(ctx, cleaned(incoming))


async def message_deleted(ctx: Context, incoming: Incoming) -> domain.Update | None:
    """A message was deleted on its platform: when it was logged, so is its update."""
    return await corrections.delete_from_source(ctx, cleaned(incoming))


async def remember_conversation(ctx: Context, conversation: Conversation) -> bool:
    """Keep (or refresh) where wardbot may post later; False when it cannot be kept."""
    try:
        await save_conversation(
            ctx.db,
            platform=conversation.platform,
            conversation_id=conversation.id,
            reference=conversation.reference,
        )
    except ValueError:
        log.warning(
            "not keeping a reference to %s conversation %r",
            conversation.platform,
            conversation.id[:80],
        )
        return False
    return True


async def forget_conversation(ctx: Context, *, platform: str, conversation_id: str) -> bool:
    """wardbot was removed from a conversation: True when there was one to forget."""
    if not conversation_id:
        return False
    return await delete_conversation(ctx.db, platform=platform, conversation_id=conversation_id)


async def remembered_conversation(
    ctx: Context, *, platform: str, conversation_id: str
) -> Conversation | None:
    kept = await get_conversation(ctx.db, platform=platform, conversation_id=conversation_id)
    if kept is None:
        return None
    return Conversation(platform=platform, id=conversation_id, reference=kept.reference)
