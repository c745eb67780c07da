"""botbuilder's CloudAdapter, built from our settings, with the rate handling Teams needs.

The SDK sends each reply once: a 429 from Teams is simply an error. Here every send
is paced per conversation (Teams allows about 7 a second and 60 in 30 seconds) and
retried on 429/412/502/504 with jittered back-off that honours Retry-After.
"""

from __future__ import annotations

import logging
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from aiolimiter import AsyncLimiter
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity, ActivityTypes, ResourceResponse
from msrest.exceptions import ClientRequestError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity import wait_random_exponential as _exponential

from bot import metrics
from bot.config import Settings
from handlers.chat.errors import DatabaseUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

TRANSIENT_STATUSES = frozenset({412, 429, 502, 504})
GONE_STATUSES = frozenset({403, 404})
# Teams will not take the message as built: an invalid card (400), too big (413).
REFUSED_STATUSES = frozenset({400, 413})


@dataclass(frozen=True, slots=True)
class BotFrameworkConfig:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str | None
    APP_PASSWORD: str | None
    APP_TYPE: str
    APP_TENANTID: str | None


def authentication(settings: Settings) -> ConfigurationBotFrameworkAuthentication:
    """Validates inbound tokens when an app id is set; with none, auth is off (Emulator, tests)."""
    return ConfigurationBotFrameworkAuthentication(
        BotFrameworkConfig(
            APP_ID=settings.microsoft_app_id,
            APP_PASSWORD=settings.microsoft_app_password,
            APP_TYPE=settings.microsoft_app_type,
            APP_TENANTID=settings.microsoft_app_tenant_id,
        )
    )


def status_of(exc: BaseException) -> int | None:
    """The HTTP status of a failed connector call (msrest ErrorResponseException)."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def error_detail(exc: BaseException) -> str:
    """The status and Teams' own error ("(BadArgument) ..."), for the log."""
    message = getattr(exc, "message", "") or str(exc)
    return f"{status_of(exc) or type(exc).__name__}: {message}"[:500]


def retry_after(exc: BaseException) -> float | None:
    """Seconds the service asked us to wait, from Retry-After (seconds or an HTTP date)."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    value = headers.get("Retry-After") if hasattr(headers, "get") else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def is_transient(exc: BaseException) -> bool:
    return status_of(exc) in TRANSIENT_STATUSES or isinstance(exc, ClientRequestError)


@dataclass(frozen=True, slots=True)
class SendRetry:
    """How hard to try one send before giving up."""

    attempts: int = 5
    max_wait: float = 30.0  # seconds, for one pause (Retry-After included)
    base_wait: float = 0.5

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc) if exc is not None else None
        if asked is not None:
            # Honour the service, plus a little jitter so parallel senders don't return together.
            return min(asked, self.max_wait) + random.uniform(0, 0.25)
        return float(_exponential(multiplier=self.base_wait, max=self.max_wait)(state))

    async def call(self, send: Callable[[], Awaitable[T]]) -> T:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception(is_transient),
            wait=self._wait,
            stop=stop_after_attempt(self.attempts),
            reraise=True,
            before_sleep=_log_retry,
        ):
            with attempt:
                return await send()
        raise AssertionError("unreachable")  # AsyncRetrying either returns or re-raises


def _log_retry(state: RetryCallState) -> None:
    metrics.api_retry("teams")
    exc = state.outcome.exception() if state.outcome else None
    log.warning(
        "Teams send failed (%s), attempt %d; retrying in %.1fs",
        status_of(exc) if exc is not None and status_of(exc) else type(exc).__name__,
        state.attempt_number,
        state.next_action.sleep if state.next_action else 0.0,
    )


class ConversationPacer:
    """Per-conversation send rates, so a burst (a long answer, a digest run) is not throttled."""

    def __init__(
        self, *, per_second: float = 7, per_30_seconds: float = 60, remember: int = 2000
    ) -> None:
        self._rates = (per_second, per_30_seconds)
        self._remember = remember
        self._limits: OrderedDict[str, tuple[AsyncLimiter, AsyncLimiter]] = OrderedDict()

    async def wait(self, conversation: str) -> None:
        limits = self._limits.get(conversation)
        if limits is None:
            limits = (AsyncLimiter(self._rates[0], 1), AsyncLimiter(self._rates[1], 30))
            self._limits[conversation] = limits
            while len(self._limits) > self._remember:
                self._limits.popitem(last=False)
        self._limits.move_to_end(conversation)
        for limit in limits:
            await limit.acquire()


def _one_attempt_per_call(client: Any) -> None:
    """Turn off msrest's own urllib3 retries so that ours are the only ones.

    Left on, it retries 5xx three times by itself (and not 429), hiding the
    status we need to see and multiplying our attempts.
    """
    policy = getattr(getattr(client, "config", None), "retry_policy", None)
    if policy is not None and hasattr(policy, "policy"):
        policy.retries = 0
        policy.policy.status_forcelist = frozenset()


class TeamsAdapter(CloudAdapter):
    def __init__(
        self,
        auth: ConfigurationBotFrameworkAuthentication,
        *,
        retry: SendRetry | None = None,
        pacer: ConversationPacer | None = None,
    ) -> None:
        super().__init__(auth)
        self.retry = retry or SendRetry()
        self.pacer = pacer or ConversationPacer()
        self.on_turn_error = self._turn_error

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        _one_attempt_per_call(context.turn_state.get(self.BOT_CONNECTOR_CLIENT_KEY))
        send_one = super().send_activities
        responses: list[ResourceResponse] = []
        for activity in activities:
            if activity.type not in (ActivityTypes.message, ActivityTypes.typing):
                responses += await send_one(context, [activity])  # invoke responses: not sent
                continue
            conversation = activity.conversation.id if activity.conversation else ""
            await self.pacer.wait(conversation or "")

            async def send(activity: Activity = activity) -> list[ResourceResponse]:
                return list(await send_one(context, [activity]))

            responses += await self.retry.call(send)
        return responses

    @staticmethod
    async def _turn_error(context: TurnContext, error: Exception) -> None:
        if isinstance(error, DatabaseUnavailable):
            raise error  # answered 503 by the endpoint, in one line of the log
        # The bot answers users itself; anything reaching here is a bug.
        log.error(
            "Teams turn failed for a %s activity: %r",
            context.activity.type,
            error,
            exc_info=error,
        )
