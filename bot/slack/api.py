"""The Slack Web API client, and reading its errors."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings


def web_client(settings: Settings) -> AsyncWebClient:
    """SLACK_API_URL as the base; 429s (after Retry-After), 5xx and dropped connections retried."""
    base_url = settings.slack_api_url.rstrip("/") + "/"
    return AsyncWebClient(
        token=settings.slack_bot_token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def api_error(exc: SlackApiError) -> str:
    """Slack's error code ("channel_not_found", ...) whatever shape the answer had."""
    data = getattr(exc.response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"http_{getattr(exc.response, 'status_code', 'error')}"
