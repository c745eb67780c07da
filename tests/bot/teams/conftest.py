"""A real wardbot web app on a free port, and a stand-in Bot Framework connector."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from botframework.connector.auth import ChannelValidation, MicrosoftAppCredentials

from bot.app import assemble, create_web_app
from bot.config import Settings
from bot.teams.channel import TEAMS, TeamsChannel
from handlers.chat.context import Context
from storage.db import Database
from tests.support.bot_framework_tokens import OUTBOUND_TOKEN, TokenIssuer
from tests.support.teams_connector import TeamsConnector


@dataclass
class Answer:
    status: int
    body: Any


@dataclass
class Server:
    url: str
    http: aiohttp.ClientSession
    channel: TeamsChannel | None  # None: Teams is off

    @property
    def teams(self) -> TeamsChannel:
        assert self.channel is not None, "Teams is off on this server"
        return self.channel

    async def post(
        self, body: Any, *, headers: dict[str, str] | None = None, raw: bytes | None = None
    ) -> Answer:
        kwargs: dict[str, Any] = {"data": raw} if raw is not None else {"json": body}
        async with self.http.post(
            f"{self.url}/api/messages", headers=headers or {}, **kwargs
        ) as response:
            text = await response.text()
            try:
                parsed: Any = await response.json(content_type=None) if text else None
            except ValueError:
                parsed = text
            return Answer(response.status, parsed)


ServerFactory = Callable[..., AbstractAsyncContextManager[Server]]


@pytest.fixture
async def connector() -> AsyncIterator[TeamsConnector]:
    async with TeamsConnector() as stand_in:
        yield stand_in


@pytest.fixture
def token_issuer(monkeypatch: pytest.MonkeyPatch) -> Iterator[TokenIssuer]:
    """Bot Framework tokens the SDK accepts, for a server started with an app id."""
    with TokenIssuer() as issuer:
        monkeypatch.setattr(ChannelValidation, "open_id_metadata_endpoint", issuer.metadata_url)
        # A reply carries the bot's own token from Azure AD, which tests cannot reach.
        monkeypatch.setattr(
            MicrosoftAppCredentials,
            "get_access_token",
            lambda self, force_refresh=False: OUTBOUND_TOKEN,
        )
        yield issuer


@pytest.fixture
def start_server(database_url: str, db: Database, ctx: Context) -> ServerFactory:
    @asynccontextmanager
    async def start(**settings: Any) -> AsyncIterator[Server]:
        # Unauthenticated, for the stand-in connector on loopback, unless an app id is given.
        settings.setdefault("teams_emulator", not settings.get("microsoft_app_id"))
        config = Settings(_env_file=None, database_url=database_url, **settings)  # type: ignore[call-arg]
        app = create_web_app(assemble(settings=config, db=db, ctx=ctx))
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        try:
            async with aiohttp.ClientSession() as http:
                yield Server(url=f"http://127.0.0.1:{port}", http=http, channel=app.get(TEAMS))
        finally:
            await runner.cleanup()

    return start


@pytest.fixture
async def server(start_server: ServerFactory) -> AsyncIterator[Server]:
    async with start_server() as running:
        yield running
