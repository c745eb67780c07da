"""/metrics scraped and parsed; a request id on the response and on every log line."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot.app import assemble, create_web_app
from bot.config import Settings
from bot.logs import JsonFormatter, RequestIdFilter
from bot.metrics import MetricsObserver
from handlers.chat.context import Context
from handlers.chat.messages import Actor, Incoming
from handlers.commands.router import handle
from storage.db import Database


@pytest.fixture
async def client(db: Database, ctx: Context) -> AsyncIterator[TestClient]:  # type: ignore[type-arg]
    ctx.observer = MetricsObserver()
    svc = assemble(settings=Settings(_env_file=None), db=db, ctx=ctx)  # type: ignore[call-arg]
    async with TestClient(TestServer(create_web_app(svc))) as made:
        yield made


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


async def scrape(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:  # type: ignore[type-arg]
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return samples(await response.text())


async def test_metrics_count_requests_latency_and_updates(
    client: TestClient,  # type: ignore[type-arg]
    ctx: Context,
) -> None:
    before = await scrape(client)
    for _ in range(3):
        assert (await client.get("/healthz")).status == 200
    assert (await client.get("/no/such/page")).status == 404
    actor = Actor(platform="slack", user_id="U1", name="Jo")
    await handle(
        ctx, Incoming(actor=actor, channel_id="C", text="log Sitwell: litter pick", message_id="m1")
    )
    await handle(ctx, Incoming(actor=actor, channel_id="C", text="link Sitwell", message_id="m2"))
    after = await scrape(client)

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    ok = {"route": "/healthz", "method": "GET", "status": "200"}
    assert delta("wardbot_http_requests_total", **ok) == 3
    assert delta("wardbot_http_requests_total", route="unmatched", method="GET", status="404") == 1
    assert delta("wardbot_ack_seconds_count", route="/healthz") == 3
    assert delta("wardbot_ack_seconds_bucket", route="/healthz", le="+Inf") == 3
    assert delta("wardbot_updates_logged_total", platform="slack") == 1
    assert delta("wardbot_refusals_total", command="link") == 1
    assert ("wardbot_digests_total", (("outcome", "failed"),)) in after


async def test_api_retries_and_digests_are_counted(client: TestClient) -> None:  # type: ignore[type-arg]
    from bot import metrics

    before = await scrape(client)
    metrics.api_retry("teams")
    metrics.digest_sent(ok=True)
    metrics.digest_sent(ok=False)
    after = await scrape(client)
    key = ("wardbot_api_retries_total", (("platform", "teams"),))
    assert after[key] - before.get(key, 0) == 1
    for outcome in ("sent", "failed"):
        key = ("wardbot_digests_total", (("outcome", outcome),))
        assert after[key] - before[key] == 1


async def test_request_id_is_on_the_response_and_the_log_lines(
    client: TestClient,  # type: ignore[type-arg]
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("wardbot.http")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        given = await client.get("/no/such/page", headers={"X-Request-Id": "abc-123"})
        made = await client.get("/also/missing")
        hostile = await client.get("/x", headers={"X-Request-Id": "a b;c" * 30})
    finally:
        logger.removeHandler(handler)
    assert given.headers["X-Request-Id"] == "abc-123"
    assert len(made.headers["X-Request-Id"]) == 32
    assert hostile.headers["X-Request-Id"] != "a b;c" * 30
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["request_id"] for line in lines] == [
        "abc-123",
        made.headers["X-Request-Id"],
        hostile.headers["X-Request-Id"],
    ]
    assert lines[0]["message"].startswith("GET unmatched -> 404")


def test_json_lines_carry_each_records_own_second() -> None:
    """The formatter keeps the time it last wrote: a record from another second gets its own."""
    formatter = JsonFormatter()

    def line(created: float) -> dict[str, str]:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
        record.created = created
        return json.loads(formatter.format(record))  # type: ignore[no-any-return]

    first, same, later, earlier = line(1e9 + 0.2), line(1e9 + 0.9), line(1e9 + 61), line(5e8)
    assert first["time"] == same["time"]
    for got, at in ((first, 1e9), (later, 1e9 + 61), (earlier, 5e8)):
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
        record.created = at
        assert got["time"] == formatter.formatTime(record, "%Y-%m-%dT%H:%M:%S")
    assert len({first["time"], later["time"], earlier["time"]}) == 3
