"""What Slack did not send, or sent from elsewhere, is refused and stores nothing."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from prometheus_client import REGISTRY

from bot.app import assemble, create_web_app
from bot.metrics import MetricsObserver
from bot.slack.api import web_client
from bot.slack.channel import SLACK
from bot.slack.users import UserDirectory
from handlers.chat.context import Context
from storage.audit import recent_audit
from storage.people import set_role
from storage.updates import count_updates, list_updates
from tests.bot.slack.conftest import SECRET, Stack, _serve, slack_settings
from tests.support.slack_api import APP_TEAM, SlackApi
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
    ctx.allowed_slack_teams = frozenset(settings.allowed_slack_teams)  # as bot.app.services does
    app = create_web_app(assemble(settings=settings, db=ctx.db, ctx=ctx))
    runner, base = await _serve(app)
    async with aiohttp.ClientSession() as session:
        yield Stack(
            api, SignedSlack(f"{base}/slack/events", SECRET, session), ctx, app[SLACK], base
        )
    await runner.cleanup()


async def test_a_foreign_workspace_is_refused_politely(guarded: Stack) -> None:
    guarded.api.add_user("UEXT", "Pat Elsewhere", team_id="TELSEWHERE")
    refused = await guarded.slack.command(LOG, user="UEXT", team="TELSEWHERE")
    assert refused.status == 200
    assert refused.json()["response_type"] == "ephemeral"
    assert "only works with its council's own workspace" in refused.json()["text"]
    assert (await guarded.slack.event(mention(LOG, user="UEXT"))).status == 200
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


def shortcut(api: SlackApi, *, by: str, by_team: str = APP_TEAM) -> dict[str, Any]:
    """ "Log as ward activity" used by `by` on a message that U1 (an officer) wrote."""
    return {
        "type": "message_action",
        "callback_id": "log_message",
        "trigger_id": "trigger-shortcut",
        "response_url": api.response_url("shortcut"),
        "team": {"id": APP_TEAM, "domain": "council"},
        "channel": {"id": "C7", "name": "wath-ward"},
        "user": {"id": by, "name": by.lower(), "team_id": by_team},
        "message": {
            "type": "message",
            "user": "U1",
            "text": "Wath: Santa's grotto at the library, 85 children came",
            "ts": "1710000200.000300",
        },
    }


async def test_the_shortcut_checks_the_role_of_who_uses_it(stack: Stack) -> None:
    await set_role(stack.ctx.db, key="slack:U2", role="board", actor="test")
    assert (await stack.slack.interaction(shortcut(stack.api, by="U2"))).status == 200
    [reply] = await stack.api.wait_for("response_url")
    assert reply.params["response_type"] == "ephemeral"
    assert "`log` is for" in reply.params["text"] and "board" in reply.params["text"]
    assert await count_updates(stack.ctx.db) == 0
    [refusal] = await recent_audit(stack.ctx.db, action="access.refused")
    assert refusal.actor == "slack:U2"  # who used it, not who wrote the message

    await set_role(stack.ctx.db, key="slack:U2", role="officer", actor="test")
    assert (await stack.slack.interaction(shortcut(stack.api, by="U2"))).status == 200
    [update] = await list_updates(stack.ctx.db)
    assert update.author_key == "slack:U1"  # the message's author is the update's


async def test_the_shortcut_checks_the_workspace_of_who_uses_it(guarded: Stack) -> None:
    guarded.api.add_user("UEXT", "Pat Elsewhere", team_id="TELSEWHERE")
    used = await guarded.slack.interaction(shortcut(guarded.api, by="UEXT", by_team="TELSEWHERE"))
    assert used.status == 200
    [reply] = await guarded.api.wait_for("response_url")
    assert "only works with its council's own workspace" in reply.params["text"]
    assert await count_updates(guarded.ctx.db) == 0
    [refusal] = await recent_audit(guarded.ctx.db, action="access.refused")
    assert refusal.actor == "slack:UEXT" and refusal.detail["team"] == "TELSEWHERE"


async def test_foreign_workspaces_are_audited_once_a_minute_and_all_counted(
    guarded: Stack,
) -> None:
    guarded.ctx.observer = MetricsObserver()
    guarded.api.add_user("UEXT", "Pat Elsewhere", team_id="TELSEWHERE")
    guarded.api.add_user("UFAR", "Far Away", team_id="TFARAWAY")
    before = _refusals_counted()
    for _ in range(5):
        assert (await guarded.slack.command(LOG, user="UEXT", team="TELSEWHERE")).status == 200
        assert (await guarded.slack.event(mention(LOG, user="UEXT"))).status == 200
    assert (await guarded.slack.command(LOG, user="UFAR", team="TFARAWAY")).status == 200
    refusals = await recent_audit(guarded.ctx.db, action="access.refused")
    assert sorted(r.detail["team"] for r in refusals) == ["TELSEWHERE", "TFARAWAY"]
    assert {r.detail["reason"] for r in refusals} == {"organisation not allowed"}
    assert _refusals_counted() - before == 11
    assert await count_updates(guarded.ctx.db) == 0


def _refusals_counted() -> float:
    return REGISTRY.get_sample_value("wardbot_refusals_total", {"command": "organisation"}) or 0
