"""What Slack did not send, or sent from elsewhere, is refused and stores nothing."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.app import assemble, create_web_app
from bot.slack import SLACK
from bot.slack.api import web_client
from bot.slack.users import UserDirectory
from handlers.context import Context
from storage.updates import count_updates
from tests.bot.slack.conftest import SECRET, Stack, _serve, slack_settings
from tests.support.slack_api import SlackApi
from tests.support.slack_requests import SignedSlack, mention

LOG = "log Sitwell: litter pick, 23 volunteers"


async def test_a_forged_signature_is_refused(stack: Stack) -> None:
    forger = SignedSlack(stack.slack.url, "not-the-secret", stack.slack.session)
    assert (await forger.command(LOG)).status == 401
    assert (await forger.event(mention(LOG))).status == 401
    unsigned = await stack.slack.post(
        "text=" + LOG, content_type="application/x-www-form-urlencoded", headers={}
    )
    assert unsigned.status == 401
    assert await count_updates(stack.ctx.db) == 0
    assert stack.api.calls == []  # not even auth.test: nothing reached bolt


async def test_a_stale_timestamp_is_refused(stack: Stack) -> None:
    body = "command=%2Fward&text=" + LOG.replace(" ", "+")
    stale = await stack.slack.post(
        body,
        content_type="application/x-www-form-urlencoded",
        timestamp=int(time.time()) - 600,
    )
    assert stale.status == 401
    assert await count_updates(stack.ctx.db) == 0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("[1, 2, 3]", "application/json"),
        ("payload=%7Bbroken", "application/x-www-form-urlencoded"),
        ("payload=%5B%5D", "application/x-www-form-urlencoded"),
        (
            json.dumps(
                {
                    "type": "event_callback",
                    "event": {"type": "app_mention", "user": "U1", "text": "hi"},
                }
            ),
            "application/json",
        ),
        (
            "payload="
            + json.dumps({"type": "view_submission", "view": {"callback_id": "wardbot_form"}}),
            "application/x-www-form-urlencoded",
        ),
        ("command=%2Fward&text=log", "application/x-www-form-urlencoded"),
    ],
)
async def test_malformed_bodies_are_400_not_500(stack: Stack, body: str, content_type: str) -> None:
    answer = await stack.slack.post(body, content_type=content_type)
    assert answer.status == 400, answer.text
    assert await count_updates(stack.ctx.db) == 0


async def test_body_that_is_not_utf8_is_400(stack: Stack) -> None:
    answer = await stack.slack.post(
        b"text=\xff\xfe", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status == 400


async def test_url_verification_answers_the_challenge(stack: Stack) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    answer = await stack.slack.post(body, content_type="application/json")
    assert answer.status == 200 and answer.json() == {"challenge": "abc123"}


@pytest.fixture
async def guarded(api: SlackApi, ctx: Context, database_url: str) -> AsyncIterator[Stack]:
    settings = slack_settings(api, database_url, allowed_slack_teams="T0COUNCIL,TPARTNER")
    app = create_web_app(assemble(settings=settings, db=ctx.db, ctx=ctx))
    runner, base = await _serve(app)
    async with aiohttp.ClientSession() as session:
        yield Stack(
            api, SignedSlack(f"{base}/slack/events", SECRET, session), ctx, app[SLACK], base
        )
    await runner.cleanup()


async def test_a_foreign_workspace_is_refused_politely(guarded: Stack) -> None:
    refused = await guarded.slack.command(LOG, team="TELSEWHERE")
    assert refused.status == 200
    assert refused.json()["response_type"] == "ephemeral"
    assert "only works for the council's own Slack workspace" in refused.json()["text"]
    assert (await guarded.slack.event(mention(LOG), team="TELSEWHERE")).status == 200
    await guarded.channel.listeners.drain()
    assert await count_updates(guarded.ctx.db) == 0
    assert guarded.api.calls_to("chat.postMessage") == []
    # The council's own workspace still works.
    allowed = await guarded.slack.command(LOG)
    assert allowed.json()["response_type"] == "in_channel"
    assert await count_updates(guarded.ctx.db) == 1


async def test_people_from_another_workspace_are_external(api: SlackApi, database_url: str) -> None:
    api.add_user("UEXT", "Pat from the NHS", team_id="TNHS")
    users = UserDirectory(web_client(slack_settings(api, database_url)))
    outsider = await users.actor("UEXT", app_team="T0COUNCIL")
    insider = await users.actor("U1", app_team="T0COUNCIL")
    assert outsider.external and outsider.name == "Pat from the NHS" and outsider.team_id == "TNHS"
    assert not insider.external and insider.name == "Jo Officer"
    await users.actor("UEXT", app_team="T0COUNCIL")
    assert len(api.calls_to("users.info")) == 2  # the second look-up came from memory
    api.fail("users.info", error="user_not_found")
    hidden = await users.actor("UHIDDEN", app_team="T0COUNCIL", hint_team="TOTHER")
    assert hidden.external and hidden.name == ""
