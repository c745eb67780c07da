"""Sending to Slack: replies to what a person did, and digests (handlers.chat.ports.Sender).

Whatever Slack refuses as built (invalid_blocks, msg_too_long, ...) is sent again once as
text only, which Slack always takes.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

import aiohttp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot import metrics
from bot.slack import render as blocks
from bot.slack.api import REFUSED, api_error, api_error_detail
from handlers.chat.messages import Reply, Visibility
from handlers.chat.ports import DeliveryError

log = logging.getLogger(__name__)

# Slack's answers that mean the bot can no longer post there at all.
GONE = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "token_revoked",
        "invalid_auth",
        "team_access_not_granted",
        "user_not_found",
    }
)


_USER_ID = re.compile(r"^[UW][A-Z0-9]{6,}$")


class SlackSender:
    """chat.postMessage for the card, files_upload_v2 for a chart image beside it.

    Rate limits (429 + Retry-After), 5xx answers and dropped connections are retried by
    the web client's retry handlers; what still fails becomes a DeliveryError.
    """

    platform = "slack"

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def send(self, target: str, reply: Reply) -> str:
        target = await self._direct(target)
        try:
            posted = await self._post(target, reply)
        except _Refused as refused:
            # The blocks broke a rule of Slack's: the same words as plain text still get there.
            log.warning(
                "Slack refused a message to %s (%s); sending it again as text only",
                target,
                refused.detail,
            )
            try:
                posted = await self._post(target, text_only(reply))
            except DeliveryError:
                metrics.platform_refused("slack", refused.error, fallback_arrived=False)
                raise
            metrics.platform_refused("slack", refused.error, fallback_arrived=True)
            return str(posted.get("ts", ""))
        ts = str(posted.get("ts", ""))
        image = reply.card.image if reply.card is not None else None
        if image is not None and image.png:
            await self._upload(target, image.png, alt=image.alt)
        return ts

    async def _direct(self, target: str) -> str:
        """A person's user id becomes their direct message with the bot (conversations.open):
        a chart can only be uploaded to a conversation, not to a user id."""
        if not _USER_ID.match(target):
            return target
        try:
            opened = await self._client.conversations_open(users=target)
        except SlackApiError as exc:
            error = api_error(exc)
            raise DeliveryError(
                f"Slack would not open a direct message: {error}", gone=error in GONE
            ) from exc
        except (TimeoutError, aiohttp.ClientError, SlackRequestError, OSError) as exc:
            raise DeliveryError(f"Slack could not be reached: {exc!r}") from exc
        channel = opened.get("channel")
        return str(channel.get("id") or target) if isinstance(channel, dict) else target

    async def _post(self, target: str, reply: Reply) -> Any:
        try:
            return await self._client.chat_postMessage(channel=target, **blocks.message(reply))
        except SlackApiError as exc:
            error = api_error(exc)
            if error in REFUSED:
                raise _Refused(error, api_error_detail(exc)) from exc
            raise DeliveryError(f"Slack refused the post: {error}", gone=error in GONE) from exc
        except (TimeoutError, aiohttp.ClientError, SlackRequestError, OSError) as exc:
            raise DeliveryError(f"Slack could not be reached: {exc!r}") from exc

    async def _upload(self, target: str, png: bytes, *, alt: str) -> None:
        # The card is already posted: a chart that fails is logged, not retried as a whole
        # (retrying would post the card twice).
        try:
            await self._client.files_upload_v2(
                channel=target,
                content=png,
                filename="wardbot-chart.png",
                title=alt[:250] or "Chart",
                alt_txt=alt[:1000] or "Chart",
            )
        except (SlackApiError, SlackRequestError, aiohttp.ClientError, OSError) as exc:
            log.warning("the chart for %s could not be uploaded: %r", target, exc)


class _Refused(DeliveryError):
    """Slack would not take the message as built (invalid_blocks, msg_too_long, ...)."""

    def __init__(self, error: str, detail: str) -> None:
        super().__init__(f"Slack refused the post: {detail}")
        self.error = error
        self.detail = detail


# ---- replies -------------------------------------------------------------------------------


def text_only(reply: Reply) -> Reply:
    """The reply without its card: plain text, which Slack always takes."""
    return dataclasses.replace(reply, card=None)


async def respond_with(respond: AsyncRespond, reply: Reply) -> None:
    """A reply through an interaction's response_url."""
    answer = await respond(
        response_type=blocks.response_type(reply), replace_original=False, **blocks.message(reply)
    )
    if answer.status_code == 200:
        return
    error = str(answer.body or "").strip()
    if error not in REFUSED:
        log.warning("a reply by response_url failed: %s %s", answer.status_code, error[:200])
        return
    log.warning("Slack refused a reply by response_url (%s); sending it as text only", error)
    again = await respond(
        response_type=blocks.response_type(reply),
        replace_original=False,
        **blocks.message(text_only(reply)),
    )
    metrics.platform_refused("slack", error, fallback_arrived=again.status_code == 200)


async def post_reply(
    client: AsyncWebClient, reply: Reply, *, channel: str, user: str, thread_ts: str | None = None
) -> None:
    """A reply where the asker is: in the channel (or thread), or just to them."""
    try:
        await _post_reply(client, reply, channel=channel, user=user, thread_ts=thread_ts)
    except SlackApiError as exc:
        error = api_error(exc)
        if error not in REFUSED:
            raise
        log.warning(
            "Slack refused a reply in %s (%s); sending it again as text only",
            channel,
            api_error_detail(exc),
        )
        try:
            await _post_reply(
                client, text_only(reply), channel=channel, user=user, thread_ts=thread_ts
            )
        except SlackApiError:
            metrics.platform_refused("slack", error, fallback_arrived=False)
            raise
        metrics.platform_refused("slack", error, fallback_arrived=True)


async def _post_reply(
    client: AsyncWebClient, reply: Reply, *, channel: str, user: str, thread_ts: str | None
) -> None:
    content = blocks.message(reply)
    try:
        if reply.visibility is Visibility.ASKER and not channel.startswith(("D", "U")):
            await client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=thread_ts, **content
            )
        else:
            await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **content)
    except SlackApiError as exc:
        if api_error(exc) not in ("not_in_channel", "channel_not_found"):
            raise
        # The bot is not in that channel: tell the person directly instead.
        await client.chat_postMessage(channel=user, **content)
