from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp import web

from bot.app import assemble, create_web_app
from bot.config import Settings
from bot.slack.channel import SLACK, SlackChannel
from handlers.chat.context import Context
from tests.support.slack_api import SlackApi
from tests.support.slack_requests import SignedSlack

SECRET = "test-signing-secret"


@dataclass
class Stack:
    api: SlackApi
    slack: SignedSlack
    ctx: Context
    channel: SlackChannel
    base: str


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def api() -> AsyncIterator[SlackApi]:
    async with SlackApi() as stand_in:
        stand_in.add_user("U1", "Jo Officer")
        stand_in.add_user("U2", "Sam Partner")
        yield stand_in


def slack_settings(api: SlackApi, database_url: str, **more: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "slack_bot_token": "xoxb-test",
        "slack_signing_secret": SECRET,
        "slack_api_url": api.base_url,
        **more,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


@pytest.fixture
async def stack(api: SlackApi, ctx: Context, database_url: str) -> AsyncIterator[Stack]:
    settings = slack_settings(api, database_url)
    app = create_web_app(assemble(settings=settings, db=ctx.db, ctx=ctx))
    runner, base = await _serve(app)
    async with aiohttp.ClientSession() as session:
        yield Stack(
            api=api,
            slack=SignedSlack(f"{base}/slack/events", SECRET, session),
            ctx=ctx,
            channel=app[SLACK],
            base=base,
        )
    await runner.cleanup()
