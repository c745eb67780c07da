"""The Slack Web API client, and reading its errors."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot import metrics
from bot.config import Settings


class _Counted(AsyncRetryHandler):
    """A slack_sdk retry handler whose retries are counted in /metrics."""

    def __init__(self, inner: AsyncRetryHandler) -> None:
        super().__init__(max_retry_count=inner.max_retry_count)
        self.inner = inner

    async def _can_retry_async(self, **kwargs: Any) -> bool:
        return await self.inner._can_retry_async(**kwargs)

    async def prepare_for_next_attempt_async(self, **kwargs: Any) -> None:
        metrics.api_retry("slack")
        await self.inner.prepare_for_next_attempt_async(**kwargs)


def web_client(settings: Settings) -> AsyncWebClient:
    """SLACK_API_URL as the base; 429s (after Retry-After), 5xx and dropped connections retried."""
    base_url = settings.slack_api_url.rstrip("/") + "/"
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            _Counted(AsyncConnectionErrorRetryHandler(max_retry_count=2)),
            _Counted(AsyncRateLimitErrorRetryHandler(max_retry_count=2)),
            _Counted(AsyncServerErrorRetryHandler(max_retry_count=2)),
        ],
    )


# Slack's answers for a message it will not take as built: sent again as text only.
REFUSED = frozenset(
    {"invalid_blocks", "invalid_attachments", "msg_too_long", "no_text", "invalid_arguments"}
)


def api_error(exc: SlackApiError) -> str:
    """Slack's error code ("channel_not_found", ...) whatever shape the answer had."""
    data = getattr(exc.response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"http_{getattr(exc.response, 'status_code', 'error')}"


def api_error_detail(exc: SlackApiError) -> str:
    """Slack's error with the reasons it gives (response_metadata.messages), for the log."""
    data = getattr(exc.response, "data", None)
    messages = (
        (data.get("response_metadata") or {}).get("messages") if isinstance(data, dict) else None
    )
    return api_error(exc) + (f" {messages}" if messages else "")
