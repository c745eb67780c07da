"""Bad input at scale over HTTP: generated activities and bodies into POST /api/messages,
in emulator mode and with an app id (with no token, a garbled one, a valid one, and one
vouching for another address).

Never a 5xx, never a traceback (answered or logged), and nothing stored: none of these
is a message asking to log something.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from handlers.chat.context import Context
from storage.updates import count_updates
from tests.bot.teams.conftest import Server, ServerFactory
from tests.support.bot_framework_tokens import TokenIssuer
from tests.support.fuzz import FUZZ, examples, json_values
from tests.support.teams_connector import TeamsConnector, activity

APP_ID = "3f1c1f0e-4b5a-4c4e-9d8a-1a2b3c4d5e6f"
HTTP_FUZZ = settings(FUZZ, max_examples=examples(600))  # for each of the two modes
KINDS = [
    "message",
    "invoke",
    "conversationUpdate",
    "installationUpdate",
    "messageReaction",
    "typing",
    "event",
    "x",
    "",
]
# Fields Teams sends with a fixed shape, for an activity given something else there.
FIELDS = [
    "from",
    "conversation",
    "recipient",
    "channelData",
    "membersAdded",
    "membersRemoved",
    "entities",
    "attachments",
    "value",
    "name",
    "action",
    "replyToId",
    "timestamp",
    "channelId",
]
TOKENS = ["none", "garbled", "vouched", "elsewhere"]
DEEP = b"[" * 100_000 + b"]" * 100_000


@dataclass
class Fuzzed:
    server: Server
    issuer: TokenIssuer | None  # None: emulator mode, no tokens

    def headers(self, token: str, service_url: str, content_type: str) -> dict[str, str]:
        headers = {"Content-Type": content_type}
        if self.issuer is None or token == "none":
            return headers
        if token == "garbled":
            return {**headers, "Authorization": "Bearer eyJhbGciOiJSUzI1NiJ9.e30.x"}
        url = service_url if token == "vouched" else "https://elsewhere.example/"
        return {**headers, **self.issuer.header(app_id=APP_ID, service_url=url)}


@pytest.fixture(params=["emulator", "app id"])
async def fuzzed(
    request: pytest.FixtureRequest, start_server: ServerFactory
) -> AsyncIterator[Fuzzed]:
    if request.param == "emulator":
        async with start_server() as server:
            yield Fuzzed(server, None)
    else:
        issuer = request.getfixturevalue("token_issuer")
        async with start_server(microsoft_app_id=APP_ID, microsoft_app_password="x") as server:
            yield Fuzzed(server, issuer)


def _activity(
    connector_url: str, kind: str, text: str | None, value: object, drop: list[str]
) -> dict[str, object]:
    body = activity(kind, service_url=connector_url, text=text, value=value)
    for key in drop:
        body.pop(key, None)
    return body


@pytest.mark.slow
@HTTP_FUZZ
@given(
    shape=st.one_of(
        st.tuples(
            st.just("activity"),
            st.sampled_from(KINDS),
            st.one_of(st.none(), st.text(max_size=120).filter(lambda t: "log" not in t.lower())),
            json_values,
            st.lists(
                st.sampled_from(
                    ["from", "conversation", "serviceUrl", "recipient", "id", "channelData"]
                ),
                max_size=3,
            ),
        ),
        st.tuples(
            st.just("patched"),
            st.sampled_from(KINDS),
            st.dictionaries(st.sampled_from(FIELDS), json_values, min_size=1, max_size=3),
        ),
        st.tuples(st.just("raw"), st.binary(max_size=300)),
        st.tuples(st.just("json"), json_values),
    ),
    content_type=st.sampled_from(["application/json", "text/plain", ""]),
    token=st.sampled_from(TOKENS),
)
# Found by the reviewer: a RecursionError and a logged 500, before the token check.
@example(shape=("raw", DEEP), content_type="application/json", token="vouched")
@example(shape=("raw", DEEP), content_type="application/json", token="none")
@example(
    shape=("activity", "message", "hi", json.loads("[" * 60 + "]" * 60), []),
    content_type="application/json",
    token="vouched",
)
# Wrong shapes: fields Teams sends as objects or lists, sent as something else.
@example(
    shape=("json", {"type": "message", "from": [], "conversation": "x", "serviceUrl": 5}),
    content_type="application/json",
    token="vouched",
)
@example(
    shape=("patched", "conversationUpdate", {"membersAdded": {"id": "x"}, "channelData": []}),
    content_type="application/json",
    token="vouched",
)
@example(
    shape=("patched", "invoke", {"name": "composeExtension/submitAction", "value": []}),
    content_type="application/json",
    token="vouched",
)
@example(
    shape=("patched", "message", {"entities": [{"type": "mention", "mentioned": 3}]}),
    content_type="application/json",
    token="vouched",
)
async def test_no_body_gets_a_5xx_or_stores_anything(
    fuzzed: Fuzzed,
    connector: TeamsConnector,
    ctx: Context,
    caplog: pytest.LogCaptureFixture,
    shape: tuple[Any, ...],
    content_type: str,
    token: str,
) -> None:
    before = await count_updates(ctx.db, include_deleted=True)
    if shape[0] == "activity":
        _, kind, text, value, drop = shape
        body = _activity(connector.url, str(kind), text, value, list(drop))
        raw = json.dumps(body).encode()
    elif shape[0] == "patched":
        _, kind, patch = shape
        raw = json.dumps({**activity(str(kind), service_url=connector.url), **patch}).encode()
    elif shape[0] == "raw":
        raw = shape[1]
    else:
        raw = json.dumps(shape[1]).encode()
    answer = await fuzzed.server.post(
        None, raw=raw, headers=fuzzed.headers(token, connector.url, content_type)
    )
    assert answer.status < 500, (raw[:200], answer.status, answer.body)
    assert "Traceback" not in str(answer.body)
    assert not [r.getMessage() for r in caplog.records if r.exc_info], "a traceback was logged"
    assert await count_updates(ctx.db, include_deleted=True) == before


@pytest.mark.parametrize(
    "body",
    [DEEP, b'{"type": "message", "value": ' + b"{" * 65 + b"}" * 65 + b"}"],
    ids=["a deep list", "65 deep inside an activity"],
)
async def test_a_deeply_nested_body_is_a_400_before_the_token_is_checked(
    start_server: ServerFactory, connector: TeamsConnector, ctx: Context, body: bytes
) -> None:
    for settings_ in ({}, {"microsoft_app_id": APP_ID, "microsoft_app_password": "x"}):
        async with start_server(**settings_) as server:
            answer = await server.post(None, raw=body, headers={"Content-Type": "application/json"})
        assert answer.status == 400, (settings_, answer)
        assert "nests deeper than 64" in answer.body["error"]
    assert connector.requests == []
    assert await count_updates(ctx.db) == 0
