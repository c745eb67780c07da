"""Socket Mode: with SLACK_APP_TOKEN, Slack comes in over a WebSocket instead of HTTP."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from bot.app import assemble, create_web_app
from handlers.chat.context import Context
from storage.updates import list_updates
from tests.bot.slack.conftest import _serve, slack_settings
from tests.support.slack_api import APP_TEAM, SlackApi
from tests.support.slack_requests import mention


async def test_socket_mode_takes_commands_and_events(
    api: SlackApi, ctx: Context, database_url: str
) -> None:
    settings = slack_settings(
        api, database_url, slack_app_token="xapp-test", slack_signing_secret=None
    )
    app = create_web_app(assemble(settings=settings, db=ctx.db, ctx=ctx))
    runner, base = await _serve(app)
    try:
        [opened] = api.calls_to("apps.connections.open")
        assert opened.token == "xapp-test"
        ack = await api.socket_send(
            {
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "team_id": APP_TEAM,
                    "channel_id": "C1",
                    "user_id": "U1",
                    "command": "/ward",
                    "text": "log Wath: library reading club, 14 children",
                    "trigger_id": "trigger-socket",
                    "response_url": api.response_url(),
                },
            }
        )
        assert "Logged for Wath" in ack["payload"]["text"]
        event_body = {
            "type": "event_callback",
            "team_id": APP_TEAM,
            "event_id": "EvSOCKET",
            "event": mention("log Wath: second update", ts="1710000400.0001"),
        }
        for attempt in range(2):  # a retried envelope is stored once
            envelope = {
                "type": "events_api",
                "payload": event_body,
                "retry_attempt": attempt,
                "retry_reason": "timeout" if attempt else "",
            }
            await api.socket_send(envelope)
        await api.wait_for("chat.postMessage")
        assert len(await list_updates(ctx.db, ward_slug="wath")) == 2
        # No HTTP route for Slack in Socket Mode.
        async with aiohttp.ClientSession() as session, session.post(f"{base}/slack/events") as r:
            assert r.status in (404, 405)
    finally:
        await runner.cleanup()
    assert len(api.calls_to("chat.postMessage")) == 1


def test_slack_off_is_said_once(
    ctx: Context, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.config import Settings

    settings = Settings(_env_file=None, database_url=database_url)  # type: ignore[call-arg]
    with caplog.at_level(logging.INFO):
        app = create_web_app(assemble(settings=settings, db=ctx.db, ctx=ctx))
    assert [r.message for r in caplog.records].count(
        "Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to turn it on"
    ) == 1
    assert not any(r.resource.canonical == "/slack/events" for r in app.router.routes())
