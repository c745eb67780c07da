"""Faults under load: nothing acknowledged is lost, nothing retried is stored twice.

Every test drives a real `wardbot serve` process over loopback HTTP with signed Slack
events, behaving as Slack does: an event that is not answered 2xx (or whose connection
fails) is sent again with the same event id, backing off. Bounded in count and time.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from aiohttp import web
from sqlalchemy.engine import make_url

from bot.app import assemble, create_web_app
from bot.config import Settings
from handlers.chat.context import Context
from handlers.commands.router import NOT_SAVED
from storage.db import DatabaseUnavailable, open_database
from storage.updates import count_updates, list_updates, update_by_source
from tests.support.chat import ChatDriver
from tests.support.processes import Served, free_port, start_wardbot
from tests.support.slack_api import Call, SlackApi
from tests.support.slack_requests import SignedSlack, mention
from tests.support.teams_connector import TeamsConnector, activity
from tests.support.throwaway_pg import ThrowawayPostgres, postgres_bin, postgres_server

SECRET = "fault-signing-secret"
_ts = itertools.count(1)


@dataclass
class Delivered:
    """What Slack saw: per message, the answers it got until one was 2xx."""

    acked: list[str] = field(default_factory=list)  # source message ids answered 2xx
    refused: int = 0  # non-2xx answers (Slack will retry)
    dropped: int = 0  # connection errors and timeouts (Slack will retry)
    retried: int = 0
    gave_up: list[str] = field(default_factory=list)


@pytest.fixture
async def api() -> AsyncIterator[SlackApi]:
    async with SlackApi() as stand_in:
        for i in range(10):
            stand_in.add_user(f"UF{i}", f"Officer {i}")
        yield stand_in


def slack_settings(api: SlackApi) -> dict[str, str]:
    return {
        "slack_bot_token": "xoxb-fault",
        "slack_signing_secret": SECRET,
        "slack_api_url": api.base_url,
    }


async def deliver_like_slack(
    urls: Callable[[], str],
    *,
    workers: int,
    seconds: float,
    delivered: Delivered,
    attempts: int = 40,
) -> None:
    """`workers` senders, each posting a new `log` mention until `seconds` pass; an event
    not answered 2xx is sent again (same event id, X-Slack-Retry-Num) until it is."""
    deadline = time.monotonic() + seconds
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def worker(w: int) -> None:
            while time.monotonic() < deadline:
                n = next(_ts)
                ts = f"{1_800_000_000 + n}.000100"
                event = mention(
                    f"log Sitwell: litter pick {n}, {n % 20 + 1} volunteers",
                    user=f"UF{w}",
                    channel="CFAULT",
                    ts=ts,
                )
                event_id = f"EvF{n:08d}"
                for attempt in range(attempts):
                    slack = SignedSlack(urls() + "/slack/events", SECRET, session)
                    try:
                        answer = await slack.event(
                            event, event_id=event_id, retry_num=attempt or None
                        )
                    except (aiohttp.ClientError, TimeoutError):
                        delivered.dropped += 1
                    else:
                        if 200 <= answer.status < 300:
                            delivered.acked.append(f"CFAULT:{ts}")
                            break
                        delivered.refused += 1
                    delivered.retried += 1
                    await asyncio.sleep(min(0.1 * (attempt + 1), 0.5))
                else:
                    delivered.gave_up.append(f"CFAULT:{ts}")

        await asyncio.gather(*(worker(w) for w in range(workers)))


async def assert_each_acked_stored_once(database_url: str, delivered: Delivered) -> None:
    assert delivered.acked, "nothing was acknowledged: the load never reached the bot"
    assert not delivered.gave_up, f"{len(delivered.gave_up)} events never acknowledged"
    db = open_database(database_url)
    try:
        missing = [
            m
            for m in delivered.acked
            if await update_by_source(db, platform="slack", source_message_id=m) is None
        ]
        assert not missing, f"{len(missing)} acknowledged updates are not stored: {missing[:5]}"
        # Every message was acknowledged once in the end; retried ones must not be doubled.
        assert await count_updates(db, include_deleted=True) == len(set(delivered.acked))
    finally:
        await db.dispose()


async def during(load: Awaitable[None], fault: Callable[[], Awaitable[None]]) -> None:
    task = asyncio.ensure_future(load)
    try:
        await fault()
    finally:
        await task


@pytest.mark.slow
@pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL server binaries not installed")
async def test_database_restarted_under_load(api: SlackApi, tmp_path: Path) -> None:
    with ThrowawayPostgres() as pg:
        bot = await start_wardbot(database_url=pg.url, folder=tmp_path, **slack_settings(api))
        delivered = Delivered()
        try:

            async def restart() -> None:
                await asyncio.sleep(1.5)
                await asyncio.to_thread(pg.stop, "fast")
                await asyncio.sleep(1.5)  # the outage: events keep coming
                await asyncio.to_thread(pg.start)

            await during(
                deliver_like_slack(lambda: bot.url, workers=6, seconds=6, delivered=delivered),
                restart,
            )
        finally:
            bot.stop()
        assert delivered.refused + delivered.dropped > 0, "the outage was never noticed"
        assert "Traceback" not in "".join(c.params.get("text", "") for c in api.calls)
        await assert_each_acked_stored_once(pg.url, delivered)


@pytest.mark.slow
async def test_bot_killed_mid_load_and_restarted(
    api: SlackApi, database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    settings = slack_settings(api)
    bot = await start_wardbot(database_url=database_url, folder=tmp_path, port=port, **settings)
    delivered = Delivered()

    async def crash_and_restart() -> None:
        nonlocal bot
        await asyncio.sleep(1.5)
        await asyncio.to_thread(bot.kill)
        await asyncio.sleep(0.5)
        bot = await start_wardbot(database_url=database_url, folder=tmp_path, port=port, **settings)

    try:
        await during(
            deliver_like_slack(lambda: bot.url, workers=6, seconds=5, delivered=delivered),
            crash_and_restart,
        )
    finally:
        bot.stop()
    assert delivered.dropped + delivered.refused > 0, "the crash was never noticed"
    await assert_each_acked_stored_once(database_url, delivered)


@pytest.mark.slow
async def test_two_replicas_behind_one_database(
    api: SlackApi, database_url: str, tmp_path: Path
) -> None:
    settings = slack_settings(api)
    replicas: list[Served] = [
        await start_wardbot(database_url=database_url, folder=tmp_path, **settings)
        for _ in range(2)
    ]
    turn = itertools.count()
    delivered = Delivered()
    try:
        # Alternate replicas request by request, so retries land on the other one.
        await deliver_like_slack(
            lambda: replicas[next(turn) % 2].url, workers=8, seconds=4, delivered=delivered
        )
        # Slack delivering one event twice at once, to both replicas.
        async with aiohttp.ClientSession() as session:
            events = [
                mention(
                    f"log Hoober: speedwatch {i}",
                    user="UF1",
                    channel="CFAULT",
                    ts=f"{1_900_000_000 + i}.000100",
                )
                for i in range(30)
            ]
            answers = await asyncio.gather(
                *(
                    SignedSlack(r.url + "/slack/events", SECRET, session).event(
                        e, event_id=f"EvTwice{i}"
                    )
                    for i, e in enumerate(events)
                    for r in replicas
                )
            )
        assert all(a.status == 200 for a in answers), [a.status for a in answers]
        delivered.acked += [f"CFAULT:{e['ts']}" for e in events]
        await asyncio.sleep(0.5)
    finally:
        for r in replicas:
            r.stop()
    await assert_each_acked_stored_once(database_url, delivered)
    # Each event was answered in the channel once, however many replicas saw it.
    replies = [c for c in api.calls_to("chat.postMessage") if c.params.get("channel") == "CFAULT"]
    threads = [c.params.get("thread_ts") for c in replies]
    assert len(threads) == len(set(threads)), "a reply was posted twice"


@pytest.mark.slow
async def test_slack_api_429_and_500_replies_delivered_once(
    api: SlackApi, database_url: str, tmp_path: Path
) -> None:
    bot = await start_wardbot(database_url=database_url, folder=tmp_path, **slack_settings(api))
    # One of each, so that no single reply meets more failures than the client retries (2).
    api.fail("chat.postMessage", status=429, retry_after=1)
    api.fail("chat.postMessage", status=500)
    delivered = Delivered()
    try:
        await deliver_like_slack(lambda: bot.url, workers=3, seconds=1.5, delivered=delivered)
        want = len(delivered.acked)
        ok = await _wait_for_replies(api, want, within=15)
    finally:
        bot.stop()
    await assert_each_acked_stored_once(database_url, delivered)
    threads = [c.params.get("thread_ts") for c in ok]
    assert sorted(threads) == sorted({m.split(":", 1)[1] for m in delivered.acked})
    assert len(api.calls_to("chat.postMessage")) == want + 2  # the two refused, sent again


async def _wait_for_replies(api: SlackApi, want: int, *, within: float) -> list[Call]:
    """The chat.postMessage calls that succeeded, once `want` of them have."""
    deadline = time.monotonic() + within
    while True:
        calls = api.calls_to("chat.postMessage")
        ok = calls[2:]  # the stand-in fails the first two calls it receives
        if len(ok) >= want or time.monotonic() > deadline:
            return ok
        await asyncio.sleep(0.1)


async def test_unreachable_database_is_raised_not_answered(ctx: Context) -> None:
    """A message that cannot be stored now must not be answered as if handled: the platform
    answers non-2xx and Slack sends it again."""
    gone = open_database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/none")
    try:
        offline = replace(ctx, db=gone)
        with pytest.raises(DatabaseUnavailable):
            await ChatDriver(offline).say("log Sitwell: litter pick, 12 volunteers")
    finally:
        await gone.dispose()
    assert await count_updates(ctx.db) == 0


@pytest.mark.slow
async def test_teams_connector_429_replies_delivered_once(
    database_url: str, tmp_path: Path
) -> None:
    """Teams with the connector throttling (429 with Retry-After, then a 502): every
    message is stored once and answered once in its conversation."""
    async with TeamsConnector() as connector:
        bot = await start_wardbot(database_url=database_url, folder=tmp_path, teams_emulator="1")
        connector.fail(429, times=2, retry_after=1)
        connector.fail(502, times=1, retry_after=None)
        try:
            async with aiohttp.ClientSession() as session:

                async def send(i: int) -> int:
                    body = activity(
                        service_url=connector.url,
                        text=f"log Sitwell: teams litter pick {i}, 5 volunteers",
                        conversation=f"a:fault-{i}",
                    )
                    async with session.post(bot.url + "/api/messages", json=body) as answer:
                        return answer.status

                statuses = await asyncio.gather(*(send(i) for i in range(12)))
            for _ in range(150):  # replies go out after the acks: up to 15 s
                if len(connector.calls) >= 12:
                    break
                await asyncio.sleep(0.1)
        finally:
            bot.stop()
    assert all(200 <= s < 300 for s in statuses), statuses
    assert len(connector.refused) == 3, "the connector's failures were not met"
    for i in range(12):
        assert len(connector.sent_to(f"a:fault-{i}")) == 1, f"conversation {i}"
    db = open_database(database_url)
    try:
        assert await count_updates(db, include_deleted=True) == 12
    finally:
        await db.dispose()


@asynccontextmanager
async def maintained_database(
    server: str,
) -> AsyncIterator[tuple[str, Callable[[bool], Awaitable[None]]]]:
    """A new database, and a switch for its connections: off is what an operator does for
    maintenance (ALLOW_CONNECTIONS false, and the sessions ended: 57P01, then 55000)."""
    name = f"wardbot_maint_{uuid.uuid4().hex[:8]}"
    base = make_url(server)
    admin = await asyncpg.connect(
        host=base.host,
        port=base.port,
        user=base.username,
        password=base.password,
        database="postgres",
    )

    async def connections(on: bool) -> None:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(on).lower()}')
        if not on:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
            )

    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield base.set(database=name).render_as_string(hide_password=False), connections
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.mark.slow
async def test_a_database_closed_for_maintenance_is_told_not_a_traceback(
    api: SlackApi, tmp_path: Path
) -> None:
    """PostgreSQL not accepting connections (55000) is an outage like any other: an event is
    answered non-2xx so that Slack sends it again, a slash command (which Slack never sends
    again) is told within Slack's 3 s that nothing was stored, and the log has one line for
    each, not a traceback."""
    with postgres_server() as server:
        if server is None:
            pytest.skip("no PostgreSQL server to close")
        async with maintained_database(server) as (url, connections):
            bot = await start_wardbot(database_url=url, folder=tmp_path, **slack_settings(api))
            try:
                async with aiohttp.ClientSession() as session:
                    slack = SignedSlack(bot.url + "/slack/events", SECRET, session)
                    await connections(False)
                    started = time.monotonic()
                    command = await slack.command("log Sitwell: litter pick, 12 bags", user="UF1")
                    took = time.monotonic() - started
                    event = mention("log Wath: bulb planting, 8 volunteers", user="UF2", ts="1.1")
                    refused = await slack.event(event, event_id="EvMaint")
                    await connections(True)
                    retried = await slack.event(event, event_id="EvMaint", retry_num=1)
                    await api.wait_for("chat.postMessage")  # answered, before the bot stops
            finally:
                bot.stop()
            assert command.status == 200 and took < 3, (command.status, took)
            assert command.json() == {"response_type": "ephemeral", "text": NOT_SAVED}
            assert not 200 <= refused.status < 300
            assert retried.status == 200
            db = open_database(url)
            try:
                [update] = await list_updates(db)
            finally:
                await db.dispose()
            assert update.ward_slug == "wath"  # the event came again; the command was told
            log = bot.log()
            assert "Traceback" not in log
            assert "not currently accepting connections" in log


@pytest.mark.parametrize("slack_slow", [0.0, 1.2])
async def test_a_slow_database_still_answers_a_slash_command_within_three_seconds(
    api: SlackApi, ctx: Context, database_url: str, slack_slow: float
) -> None:
    """A database that takes its time (a network black hole until the connect timeout):
    Slack hears "still working" within 3 s, and the person hears the outcome afterwards;
    also when finding who is asking (Slack's users.info) has already used part of the 3 s."""
    api.slow("users.info", slack_slow)
    silent = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)  # accepts, never answers
    port = silent.sockets[0].getsockname()[1]
    slow = open_database(
        f"postgresql+asyncpg://postgres@127.0.0.1:{port}/x", connect_args={"timeout": 4}
    )
    settings = Settings(_env_file=None, database_url=database_url, **slack_settings(api))  # type: ignore[call-arg]
    app = create_web_app(assemble(settings=settings, db=slow, ctx=replace(ctx, db=slow)))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        async with aiohttp.ClientSession() as session:
            slack = SignedSlack(
                f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events", SECRET, session
            )
            started = time.monotonic()
            answer = await slack.command(
                "log Sitwell: litter pick", response_url=api.response_url("slow")
            )
            took = time.monotonic() - started
            [told] = await api.wait_for("response_url", within=15)
    finally:
        await runner.cleanup()
        await slow.dispose()
        silent.close()
    assert answer.status == 200 and took < 3, (answer.status, took)
    assert answer.json()["response_type"] == "ephemeral"
    assert "Still working" in answer.json()["text"]
    assert told.params["text"] == NOT_SAVED and told.params["response_type"] == "ephemeral"
    assert await count_updates(ctx.db) == 0


async def test_teams_is_told_when_nothing_could_be_saved(ctx: Context, database_url: str) -> None:
    gone = open_database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/none")
    settings = Settings(_env_file=None, database_url=database_url, teams_emulator=True)  # type: ignore[call-arg]
    app = create_web_app(assemble(settings=settings, db=gone, ctx=replace(ctx, db=gone)))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        async with TeamsConnector() as connector, aiohttp.ClientSession() as session:
            body = activity(service_url=connector.url, text="log Sitwell: litter pick, 9 bags")
            url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
            async with session.post(url, json=body) as answer:
                status = answer.status
            shown = [c.shown for c in connector.calls]
    finally:
        await runner.cleanup()
        await gone.dispose()
    assert status == 200
    assert shown == [NOT_SAVED]
    assert await count_updates(ctx.db) == 0
