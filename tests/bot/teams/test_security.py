"""Teams is off unless configured; with an app id only what a Bot Framework token vouches
for gets in or gets a reply; emulator mode stays on this machine."""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from handlers.chat.messages import Reply
from handlers.chat.ports import DeliveryError
from storage.conversations import list_conversations, save_conversation
from storage.db import Database
from storage.updates import count_updates
from tests.bot.teams.conftest import ServerFactory
from tests.support.bot_framework_tokens import OUTBOUND_TOKEN, TokenIssuer
from tests.support.settings import SETTINGS_NAMES
from tests.support.teams_connector import BOT, TENANT, TeamsConnector, activity

APP_ID = "3f1c1f0e-4b5a-4c4e-9d8a-1a2b3c4d5e6f"
LOG = "log Sitwell: litter pick, 23 volunteers"
# What the Bot Framework Emulator's tokens carry: our app id, and no serviceUrl at all.
EMULATOR_TOKEN = {"iss": "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"}


async def nothing_stored(db: Database) -> bool:
    return await count_updates(db) == 0 and not await list_conversations(db, platform="teams")


def this_machines_address() -> str:
    """An address of this machine that is not loopback, or skip."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # sends nothing: picks the outgoing interface
            address = str(probe.getsockname()[0])
        except OSError:
            address = ""
    if not address or ipaddress.ip_address(address).is_loopback:
        pytest.skip("this machine has no address but loopback")
    return address


# ---- off unless configured ---------------------------------------------------------------


async def test_without_an_app_id_or_the_emulator_teams_is_not_served(
    start_server: ServerFactory, connector: TeamsConnector, db: Database
) -> None:
    async with start_server(teams_emulator=False, admins="teams:29:jo") as server:
        # Someone naming an admin's id, as anyone could without a token.
        for body in (
            activity(service_url=connector.url, text="role slack:U1 admin"),
            activity(service_url=connector.url, text=LOG),
            activity("installationUpdate", service_url=connector.url, action="add"),
        ):
            assert (await server.post(body)).status == 404
    assert connector.requests == []
    assert await nothing_stored(db)


def serve(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_NAMES}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'start.db'}"
    env.update(settings)
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=30,  # a server that started instead of refusing fails here
    )


@pytest.mark.parametrize(
    "settings",
    [{"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "x"}, {"HOST": "0.0.0.0"}],
    ids=["with an app id", "on every interface"],
)
def test_the_emulator_is_refused_at_start_in_one_line(
    tmp_path: Path, settings: dict[str, str]
) -> None:
    done = serve(tmp_path, TEAMS_EMULATOR="1", **settings)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("wardbot cannot start: TEAMS_EMULATOR=1")
    assert ("MICROSOFT_APP_ID" in line) if "MICROSOFT_APP_ID" in settings else ("HOST" in line)
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "start.db").exists()  # refused before anything was opened


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, ["Slack is off", "Teams is off"]),
        ({"teams_emulator": True}, ["Slack is off", "Teams is on in EMULATOR mode"]),
        (
            {
                "slack_bot_token": "xoxb-x",
                "slack_signing_secret": "s",
                "microsoft_app_id": APP_ID,
                "microsoft_app_password": "x",
            },
            [
                "Slack is on: POST /slack/events, every request's signature checked",
                "Teams is on: POST /api/messages, Bot Framework tokens checked",
            ],
        ),
    ],
    ids=["nothing", "emulator", "both"],
)
async def test_the_start_up_log_says_how_each_channel_is_guarded(
    start_server: ServerFactory,
    caplog: pytest.LogCaptureFixture,
    settings: dict[str, object],
    expected: list[str],
) -> None:
    caplog.set_level(logging.INFO, logger="bot")
    async with start_server(**{"teams_emulator": False, **settings}):
        pass
    said = [r.getMessage() for r in caplog.records if r.name.startswith("bot.")]
    for start in expected:
        assert sum(line.startswith(start) for line in said) == 1, (start, said)


# ---- emulator mode: this machine only -----------------------------------------------------


async def test_the_emulator_replies_only_to_loopback_addresses(
    start_server: ServerFactory, db: Database
) -> None:
    address = this_machines_address()
    async with TeamsConnector(host="0.0.0.0") as connector, start_server() as server:
        elsewhere = connector.url_at(address)  # this very connector, reached from outside
        for url in (elsewhere, "https://smba.trafficmanager.net/uk/", "http://127.0.0.1.nip.io/"):
            for body in (
                activity(service_url=url, text=LOG),
                activity("installationUpdate", service_url=url, action="add"),
            ):
                answer = await server.post(body)
                assert answer.status == 403, (url, answer.body)
                assert "loopback" in answer.body["error"]
        assert connector.requests == []  # no request left for that address
        assert await nothing_stored(db)

        # A reference kept some other way to an address off this machine: no digest goes there.
        await save_conversation(
            db,
            platform="teams",
            conversation_id="19:old@thread.tacv2",
            reference=_reference("19:old@thread.tacv2", elsewhere),
        )
        with pytest.raises(DeliveryError):
            await server.teams.sender.send("19:old@thread.tacv2", Reply(text="digest"))
        assert connector.requests == []

        # On this machine, by name or number, it answers.
        for url in (connector.url, connector.url_at("localhost")):
            assert (await server.post(activity(service_url=url, text=LOG))).status == 200
        assert len(connector.calls) == 2
    assert await count_updates(db) == 2


def _reference(conversation: str, service_url: str) -> dict[str, object]:
    return {
        "bot": dict(BOT),
        "conversation": {"id": conversation, "tenantId": TENANT},
        "channelId": "msteams",
        "serviceUrl": service_url,
    }


# ---- with an app id: what the token vouches for ----------------------------------------------


@pytest.fixture
def emulator_keys(token_issuer: TokenIssuer, monkeypatch: pytest.MonkeyPatch) -> TokenIssuer:
    """The Bot Framework Emulator's tokens, valid, signed by the stand-in."""
    from botframework.connector.auth import AuthenticationConstants

    monkeypatch.setattr(
        AuthenticationConstants,
        "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL",
        token_issuer.metadata_url,
    )
    return token_issuer


async def test_replies_go_only_to_the_service_url_the_token_vouches_for(
    start_server: ServerFactory,
    connector: TeamsConnector,
    emulator_keys: TokenIssuer,
    db: Database,
) -> None:
    issuer = emulator_keys
    async with (
        TeamsConnector() as elsewhere,
        start_server(microsoft_app_id=APP_ID, microsoft_app_password="secret") as server,
    ):
        diverted = activity(service_url=elsewhere.url, text=LOG)
        for headers in (
            issuer.header(app_id=APP_ID, service_url=connector.url),  # vouches for another
            issuer.header(app_id=APP_ID, service_url=None),  # vouches for none
            issuer.header(app_id="another-bot", service_url=elsewhere.url),  # not ours
            # A valid Emulator token: ours, but it vouches for no serviceUrl.
            issuer.header(
                app_id=APP_ID, service_url=None, appid=APP_ID, ver="1.0", **EMULATOR_TOKEN
            ),
        ):
            assert (await server.post(diverted, headers=headers)).status == 401
        assert elsewhere.requests == [] and connector.requests == []
        assert await nothing_stored(db)

        vouched = activity(service_url=connector.url, text=LOG)
        answer = await server.post(
            vouched, headers=issuer.header(app_id=APP_ID, service_url=connector.url)
        )
        assert answer.status == 200
        [reply] = connector.calls
        assert "Logged for Sitwell" in reply.shown
        assert reply.headers["Authorization"] == f"Bearer {OUTBOUND_TOKEN}"
        assert await count_updates(db) == 1

        # Later posts (digests) go to the vouched address kept from that conversation...
        await server.teams.sender.send("a:1on1-jo", Reply(text="Your weekly digest"))
        assert connector.calls[-1].text == "Your weekly digest"
        # ...and not to an address kept without a token (from before tokens were checked).
        await save_conversation(
            db,
            platform="teams",
            conversation_id="19:old@thread.tacv2",
            reference=_reference("19:old@thread.tacv2", elsewhere.url),
        )
        with pytest.raises(DeliveryError):
            await server.teams.sender.send("19:old@thread.tacv2", Reply(text="Your digest"))
    assert elsewhere.requests == []


async def test_the_tenant_is_the_tokens_not_the_bodys(
    start_server: ServerFactory,
    connector: TeamsConnector,
    token_issuer: TokenIssuer,
    db: Database,
) -> None:
    async with start_server(
        microsoft_app_id=APP_ID, microsoft_app_password="secret", allowed_teams_tenants=TENANT
    ) as server:

        def signed(tid: str) -> dict[str, str]:
            return token_issuer.header(app_id=APP_ID, service_url=connector.url, tid=tid)

        # The body names the council's tenant; the token says another organisation's.
        claimed = activity(service_url=connector.url, text=LOG)
        assert (await server.post(claimed, headers=signed("another-tenant"))).status == 403
        # The body contradicts itself (tenantID: the spelling botbuilder reads).
        mixed = activity(service_url=connector.url, text=LOG)
        mixed["conversation"]["tenantID"] = "another-tenant"
        assert (await server.post(mixed, headers=signed(""))).status == 403
        assert connector.requests == []
        assert await nothing_stored(db)

        assert (await server.post(claimed, headers=signed(TENANT.upper()))).status == 200
        assert "Logged for Sitwell" in connector.calls[-1].shown
    assert await count_updates(db) == 1
