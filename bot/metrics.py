"""Prometheus metrics, and the small functions the rest of wardbot counts through.

Counters are per process; Prometheus sums them over replicas.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

REQUESTS = Counter(
    "wardbot_http_requests",
    "HTTP requests answered, by route and status",
    ["route", "method", "status"],
)
ACK_SECONDS = Histogram(
    "wardbot_ack_seconds",
    "Time from a request arriving to its response (Slack wants an ack within 3 s)",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0),
)
UPDATES_LOGGED = Counter(
    "wardbot_updates_logged", "Activity updates stored from chat", ["platform"]
)
DIGESTS = Counter("wardbot_digests", "Digests delivered, by outcome", ["outcome"])
API_RETRIES = Counter(
    "wardbot_api_retries", "Slack Web API / Bot Framework calls retried", ["platform"]
)
REFUSALS = Counter("wardbot_refusals", "Requests refused for lack of permission", ["command"])
PLATFORM_REFUSALS = Counter(
    "wardbot_platform_refusals",
    "Messages Slack or Teams refused as invalid or too large (each sent again once, as text "
    "only), by platform, the platform's error, and whether that text arrived",
    ["platform", "error", "fallback"],
)
PERSONAL_DATA_WARNINGS = Counter(
    "wardbot_personal_data_warnings", "Log requests held back for looking like personal data"
)

for _outcome in ("sent", "failed"):
    DIGESTS.labels(outcome=_outcome)  # so both series exist from the start, at zero


def api_retry(platform: str) -> None:
    API_RETRIES.labels(platform=platform).inc()


def digest_sent(ok: bool) -> None:
    DIGESTS.labels(outcome="sent" if ok else "failed").inc()


def platform_refused(platform: str, error: str, *, fallback_arrived: bool) -> None:
    PLATFORM_REFUSALS.labels(
        platform=platform, error=error, fallback="delivered" if fallback_arrived else "failed"
    ).inc()


def update_logged(platform: str) -> None:
    counter = _LOGGED_BY_PLATFORM.get(platform)
    if counter is None:  # platforms are few: console, slack, teams
        counter = _LOGGED_BY_PLATFORM[platform] = UPDATES_LOGGED.labels(platform=platform)
    counter.inc()


# Each platform's counter, looked up once (as _REQUEST_METRICS below): one is counted a
# logged update.
_LOGGED_BY_PLATFORM: dict[str, Any] = {}


# Each (route, method, status)'s counter and histogram, looked up once: `labels()` takes a
# lock and builds its key on every call, ~1 % of a `/ward log`'s CPU under load.
_REQUEST_METRICS: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def observe_request(*, route: str, method: str, status: int, seconds: float) -> None:
    key = (route, method, status)
    kept = _REQUEST_METRICS.get(key)
    if kept is None:
        if len(_REQUEST_METRICS) > 1000:  # routes are few; never let odd ones grow this
            _REQUEST_METRICS.clear()
        kept = _REQUEST_METRICS[key] = (
            REQUESTS.labels(route=route, method=method, status=str(status)),
            ACK_SECONDS.labels(route=route),
        )
    kept[0].inc()
    kept[1].observe(seconds)


class MetricsObserver:
    """Handlers report through this (handlers.chat.ports.Observer) without importing bot."""

    def update_logged(self, platform: str) -> None:
        update_logged(platform)

    def digest_sent(self, ok: bool) -> None:
        digest_sent(ok)

    def refused(self, command: str) -> None:
        REFUSALS.labels(command=command).inc()

    def personal_data_warned(self) -> None:
        PERSONAL_DATA_WARNINGS.inc()


def exposition(registry: CollectorRegistry = REGISTRY) -> tuple[bytes, str]:
    return generate_latest(registry), CONTENT_TYPE_LATEST
