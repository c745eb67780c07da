"""Partners in Slack Connect channels: the council's own workspace, a named partner's, and
anyone else's, through every way in (slash command, mention, shortcut, button, DM).

The real bolt app over HTTP, with the Slack stand-in answering auth.test (the installing
workspace) and users.info (each person's own workspace), as Slack does.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest

from bot.app import assemble, create_web_app
from bot.slack.channel import SLACK
from handlers.chat.context import Context
from storage.audit import recent_audit
from storage.people import get_person
from storage.updates import count_updates, list_updates
from tests.bot.slack.conftest import SECRET, Stack, _serve, slack_settings
from tests.support.slack_api import APP_TEAM, BOT_USER, SlackApi
from tests.support.slack_requests import SignedSlack

COUNCIL = "Rotherham Metropolitan Borough Council"  # the bundled plan's council
POLICE_TEAM, POLICE = "TSYPOLICE", "South Yorkshire Police"
STRANGE_TEAM = "TSTRANGERS"
NOT_SERVED = "only works with its council's own workspace and the partner organisations"
PEOPLE = {
    "own": ("U1", APP_TEAM),
    "partner": ("UPOL", POLICE_TEAM),
    "stranger": ("USTR", STRANGE_TEAM),
}
ORGANISATION = {"own": COUNCIL, "partner": POLICE}


async def serve(
    api: SlackApi, ctx: Context, database_url: str, **more: object
) -> AsyncIterator[Stack]:
    settings = slack_settings(api, database_url, **more)
    # as bot.app.services builds the Context from the settings
    ctx.allowed_slack_teams = frozenset(settings.allowed_slack_teams)
    ctx.partner_slack_teams = dict(settings.partner_slack_teams)
    app = create_web_app(assemble(settings=settings, db=ctx.db, ctx=ctx))
    runner, base = await _serve(app)
    async with aiohttp.ClientSession() as session:
        yield Stack(
            api, SignedSlack(f"{base}/slack/events", SECRET, session), ctx, app[SLACK], base
        )
    await runner.cleanup()


@pytest.fixture
async def partnered(
    api: SlackApi, ctx: Context, database_url: str, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[Stack]:
    api.add_user("UPOL", "Pat Police", team_id=POLICE_TEAM)
    api.add_user("USTR", "Sid Stranger", team_id=STRANGE_TEAM)
    caplog.set_level("INFO", logger="bot.app")
    async for stack in serve(
        api,
        ctx,
        database_url,
        allowed_slack_teams=APP_TEAM,
        partner_slack_teams=f"{POLICE_TEAM}={POLICE},TAGEUK=Age UK Rotherham",
    ):
        [said] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Slack: ")]
        assert said == (
            f"Slack: serving the council's own {APP_TEAM} and partners from Age UK Rotherham "
            f"(TAGEUK); {POLICE} ({POLICE_TEAM}); anyone else is refused"
        )
        yield stack


def _ts() -> str:
    return f"{time.time():.6f}"


async def event_as(stack: Stack, event: dict[str, Any], *, shared: bool) -> None:
    """An event as Slack sends it from a Slack Connect channel: the installing workspace's
    team and authorizations, the person's own in `user_team`."""
    body_extra = {"is_ext_shared_channel": shared}
    answer = await stack.slack.post(_event_body(event, body_extra), content_type="application/json")
    assert answer.status == 200


def _event_body(event: dict[str, Any], extra: dict[str, Any]) -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": APP_TEAM,
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": APP_TEAM, "user_id": BOT_USER, "is_bot": True, "enterprise_id": None}
            ],
            **extra,
        }
    )


LOG = "log Sitwell: litter pick by the brook, 23 volunteers"


async def by_command(stack: Stack, user: str, team: str) -> None:
    answer = await stack.slack.command(LOG, user=user, team=team, channel="CSHARED")
    assert answer.status == 200


async def by_mention(stack: Stack, user: str, team: str) -> None:
    event = {
        "type": "app_mention",
        "user": user,
        "user_team": team,
        "source_team": team,
        "team": team,
        "text": f"<@{BOT_USER}> {LOG}",
        "ts": _ts(),
        "channel": "CSHARED",
    }
    await event_as(stack, event, shared=team != APP_TEAM)


async def by_dm(stack: Stack, user: str, team: str) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": f"D{user}",
        "user": user,
        "user_team": team,
        "text": LOG,
        "ts": _ts(),
    }
    await event_as(stack, event, shared=False)


async def by_shortcut(stack: Stack, user: str, team: str) -> None:
    """ "Log as ward activity" on the person's own message in the shared channel."""
    payload = {
        "type": "message_action",
        "callback_id": "log_message",
        "trigger_id": f"trigger-{_ts()}",
        "response_url": stack.api.response_url("shortcut"),
        "team": {"id": APP_TEAM, "domain": "council"},
        "channel": {"id": "CSHARED", "name": "sitwell-partners"},
        "user": {"id": user, "name": user.lower(), "team_id": team},
        "message": {
            "type": "message",
            "user": user,
            "user_team": team,
            "text": "Sitwell: litter pick by the brook, 23 volunteers",
            "ts": _ts(),
        },
    }
    assert (await stack.slack.interaction(payload)).status == 200


async def by_button(stack: Stack, user: str, team: str) -> None:
    """ "Log activity" on a message in the shared channel: opens the form when allowed."""
    payload = {
        "type": "block_actions",
        "team": {"id": APP_TEAM},
        "user": {"id": user, "name": user.lower(), "team_id": team},
        "api_app_id": "A1",
        "trigger_id": f"trigger-{_ts()}",
        "container": {"type": "message", "message_ts": _ts(), "channel_id": "CSHARED"},
        "channel": {"id": "CSHARED"},
        "response_url": stack.api.response_url("button"),
        "actions": [
            {
                "type": "button",
                "action_id": "open_log_form",
                "block_id": "b",
                "value": "",
                "action_ts": "1",
            }
        ],
    }
    assert (await stack.slack.interaction(payload)).status == 200


WAYS: dict[str, Callable[[Stack, str, str], Awaitable[None]]] = {
    "slash command": by_command,
    "mention": by_mention,
    "shortcut": by_shortcut,
    "button": by_button,
    "DM": by_dm,
}


def told(stack: Stack, answered: Any = None) -> str:
    """Everything wardbot said back: messages, ephemeral messages, response_url answers."""
    texts = [str(answered or "")]
    for method in ("chat.postMessage", "chat.postEphemeral", "response_url"):
        texts += [str(c.params.get("text", "")) for c in stack.api.calls_to(method)]
    return "\n".join(texts)


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("who", list(PEOPLE))
async def test_who_is_served_through_every_way_in(partnered: Stack, who: str, way: str) -> None:
    user, team = PEOPLE[who]
    if way == "slash command":
        answer = await partnered.slack.command(LOG, user=user, team=team, channel="CSHARED")
        assert answer.status == 200
        said = told(partnered, answer.json())
    else:
        await WAYS[way](partnered, user, team)
        await partnered.channel.listeners.drain()
        said = told(partnered)
    key = f"slack:{user}"
    if who == "stranger":
        assert NOT_SERVED in said
        assert await count_updates(partnered.ctx.db) == 0
        assert partnered.api.calls_to("views.open") == []
        assert await get_person(partnered.ctx.db, key=key) is None  # nothing stored
        [refused] = await recent_audit(partnered.ctx.db, action="access.refused")
        assert refused.actor == key and refused.detail["team"] == STRANGE_TEAM
        return
    assert NOT_SERVED not in said
    if way == "button":
        [opened] = partnered.api.calls_to("views.open")
        assert opened.json("view")["title"]["text"] == "Log activity"
        return
    [update] = await list_updates(partnered.ctx.db)
    assert update.author_key == key and update.ward_slug == "sitwell"
    assert update.author_organisation == ORGANISATION[who]
    person = await get_person(partnered.ctx.db, key=key)
    assert person is not None and person.organisation == ORGANISATION[who]


async def test_strangers_are_audited_once_a_minute_however_often_they_try(
    partnered: Stack,
) -> None:
    for _ in range(4):
        await by_command(partnered, "USTR", STRANGE_TEAM)
        await by_mention(partnered, "USTR", STRANGE_TEAM)
    await partnered.channel.listeners.drain()
    refusals = await recent_audit(partnered.ctx.db, action="access.refused")
    assert len(refusals) == 1
    assert await count_updates(partnered.ctx.db) == 0


async def test_a_partner_sees_wards_but_not_roles_or_the_audit_log(partnered: Stack) -> None:
    await partnered.slack.command("log Sitwell: bulb planting, 8 volunteers #internal")
    await partnered.slack.command("log Sitwell: coffee morning at the church, 30 came")
    shown = (await partnered.slack.command("show Sitwell", user="UPOL", team=POLICE_TEAM)).json()
    assert "coffee morning" in str(shown)
    assert "bulb planting" not in str(shown)  # #internal: never shown to partners
    assert "Jo Officer" not in str(shown) and f"someone at {COUNCIL}" in str(shown)
    own = (await partnered.slack.command("show Sitwell")).json()
    assert "bulb planting" in str(own)  # ... but the council's own people see it
    for command in ("audit", "role", "role @Jo Officer"):
        refused = (await partnered.slack.command(command, user="UPOL", team=POLICE_TEAM)).json()
        assert refused["response_type"] == "ephemeral"
        assert "you're set up as a partner" in refused["text"], command


async def test_without_lists_everyone_is_served_as_before(
    api: SlackApi, ctx: Context, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    api.add_user("USTR", "Sid Stranger", team_id=STRANGE_TEAM)
    async for stack in serve(api, ctx, database_url):
        [said] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Slack: ")]
        assert "anyone in a conversation wardbot is in is served" in said
        assert "set ALLOWED_SLACK_TEAMS and PARTNER_SLACK_TEAMS" in said
        answer = (await stack.slack.command(LOG, user="USTR", team=STRANGE_TEAM)).json()
        assert answer["response_type"] == "in_channel"
        [update] = await list_updates(stack.ctx.db)
        assert update.author_organisation == ""  # external, of no named organisation
        shown = (await stack.slack.command("audit", user="USTR", team=STRANGE_TEAM)).json()
        assert "you're set up as a partner" in shown["text"]  # external: a partner


async def test_another_workspace_of_the_councils_grid_org_is_the_councils(
    ctx: Context, database_url: str
) -> None:
    async with SlackApi(enterprise_id="E0COUNCIL") as api:
        api.add_user("UGRID", "Gail Grid", team_id="T0SOCIALCARE", enterprise_id="E0COUNCIL")
        api.add_user("UOUT", "Olly Out", team_id="T0ELSEWHERE", enterprise_id="E0ELSEWHERE")
        async for stack in serve(api, ctx, database_url, allowed_slack_teams="E0COUNCIL"):
            grid = (await stack.slack.command(LOG, user="UGRID", team="T0SOCIALCARE")).json()
            assert grid["response_type"] == "in_channel"
            [update] = await list_updates(stack.ctx.db)
            assert update.author_organisation == COUNCIL
            out = (await stack.slack.command(LOG, user="UOUT", team="T0ELSEWHERE")).json()
            assert NOT_SERVED in out["text"]
            assert await count_updates(stack.ctx.db) == 1


async def test_a_workspace_that_is_not_the_councils_reaches_nothing(
    api: SlackApi, ctx: Context, database_url: str
) -> None:
    """Installed in a workspace ALLOWED_SLACK_TEAMS does not name (auth.test says which):
    every request refused before any listener, whatever team a payload claims."""
    async for stack in serve(api, ctx, database_url, allowed_slack_teams="T0OTHERCOUNCIL"):
        answer = (await stack.slack.command(LOG, team="T0OTHERCOUNCIL")).json()
        assert "only works for the council's own Slack workspace" in answer["text"]
        assert await count_updates(stack.ctx.db) == 0
