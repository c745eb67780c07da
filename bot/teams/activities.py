"""Bot Framework activities -> the neutral `Incoming` (and the message or conversation it
names) that handlers understand."""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ChannelAccount
from botbuilder.schema.teams import MessageActionsPayload

from bot.teams.trust import CHANNEL_TOKEN, VOUCHED_BY
from handlers.chat.messages import Action, Actor, Incoming
from handlers.commands.sources import Conversation, SourceMessage

PLATFORM = "teams"
_THREAD = ";messageid="
_AT = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<\s*(br|/p|/div|/li)\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_CONTROL_KEYS = {"action", "value", "msteams", "source"}


def conversation_id(activity: Activity) -> str:
    """The conversation without its thread: a channel, a group chat or a 1:1 chat."""
    conversation = activity.conversation
    raw = (conversation.id if conversation is not None else "") or ""
    return raw.split(_THREAD, 1)[0]


def tenant_id(activity: Activity) -> str:
    if activity.conversation is not None and activity.conversation.tenant_id:
        return str(activity.conversation.tenant_id)
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant")
    return str(tenant.get("id") or "") if isinstance(tenant, dict) else ""


def actor(activity: Activity, account: ChannelAccount | None = None) -> Actor:
    who = account or activity.from_property
    return Actor(
        platform=PLATFORM,
        user_id=str(who.id or "") if who is not None else "",
        name=str(who.name or "") if who is not None else "",
        team_id=tenant_id(activity),
    )


def message_key(activity_id: str, conversation: str) -> str:
    """A platform-wide id for a message: Teams ids are unique only within a conversation."""
    where = hashlib.sha256(conversation.encode()).hexdigest()[:16]
    return f"{activity_id[:150]}@{where}"


def command_text(activity: Activity) -> str:
    """What the person typed, without the bot's @mention and the space around it."""
    if not activity.text:
        return ""
    try:
        text = (
            TurnContext.remove_recipient_mention(activity) if activity.recipient else activity.text
        )
    except (KeyError, TypeError, AttributeError, re.error):
        # A malformed mention entity: drop every <at> tag instead of failing the message.
        text = _AT.sub("", activity.text)
    name = activity.recipient.name if activity.recipient else ""
    if name and text:
        # The mention without its entity (as an edited message may come): still the bot's.
        text = text.replace(f"<at>{name}</at>", "")
    text = html.unescape(text or "").replace("\xa0", " ")
    return text.strip()


def plain_text(content: str) -> str:
    """A Teams message body (often HTML) as the text a person reads."""
    text = _BREAK.sub("\n", content or "")
    text = html.unescape(_TAG.sub("", text)).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def submitted_action(value: Any) -> Action:
    """An Adaptive Card `Action.Submit`: our {action, value} plus the form's inputs."""
    data = value if isinstance(value, dict) else {}
    form = {
        str(key): _as_text(item)
        for key, item in data.items()
        if key not in _CONTROL_KEYS and item is not None
    }
    return Action(
        name=_as_text(data.get("action", "")), value=_as_text(data.get("value", "")), form=form
    )


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return ""
    return "" if value is None else str(value)


def incoming_message(activity: Activity) -> Incoming:
    """A typed message, or a card's Action.Submit (Teams sends it as a message with a value)."""
    where = conversation_id(activity)
    delivery = message_key(str(activity.id), where) if activity.id else ""
    action = None
    text = command_text(activity)
    message = delivery
    if activity.value is not None:
        action = submitted_action(activity.value)
        text = ""
        # Two clicks on one card's button are one submission: key it on the card's message.
        if activity.reply_to_id:
            message = message_key(f"submit:{activity.reply_to_id}", where)
    return Incoming(
        actor=actor(activity),
        channel_id=where,
        text=text,
        action=action,
        message_id=message,
        event_id=delivery,
        received_at=activity.timestamp,
    )


def conversation(activity: Activity, *, vouched: bool) -> Conversation:
    """Where the activity came from, as wardbot keeps it to post there later: the channel
    (not the thread the message was in). `vouched`: the endpoint matched the serviceUrl to
    a checked channel token."""
    where = conversation_id(activity)
    reference = TurnContext.get_conversation_reference(activity)
    reference.conversation.id = where
    reference.activity_id = None
    kept = reference.serialize()
    if vouched:
        kept[VOUCHED_BY] = CHANNEL_TOKEN
    return Conversation(platform=PLATFORM, id=where, reference=kept)


def source_message(activity: Activity, payload: MessageActionsPayload) -> SourceMessage:
    """The message a message action was used on: its author, id, link and text."""
    where = conversation_id(activity)
    body = payload.body
    content = (body.content or "") if body is not None else ""
    message = str(payload.id or "")
    return SourceMessage(
        author=_author(activity, payload),
        channel_id=where,
        message_id=message_key(message, where) if message else "",
        text=plain_text(content),
        link=str(payload.link_to_message or ""),
        received_at=activity.timestamp,
    )


def _author(activity: Activity, payload: MessageActionsPayload) -> Actor | None:
    """Who wrote the message: a person (None for a bot's or an app's message)."""
    sender = payload.from_property
    person = sender.user if sender is not None else None
    if person is None or not person.id:
        return None
    invoker = activity.from_property
    if invoker is not None and person.id in (invoker.id, invoker.aad_object_id):
        return actor(activity)  # whoever used the action wrote it: keep their usual id
    return actor(activity, ChannelAccount(id=str(person.id), name=str(person.display_name or "")))
