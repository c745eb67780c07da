"""Bad input at scale over HTTP: generated activities and bodies into POST /api/messages.

Never a 5xx, never a traceback, and nothing stored: none of these is a message asking to
log something.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.context import Context
from storage.updates import count_updates
from tests.bot.teams.conftest import Server
from tests.support.fuzz import FUZZ, json_values
from tests.support.teams_connector import TeamsConnector, activity

HTTP_FUZZ = settings(FUZZ, max_examples=1200)
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


def _activity(
    connector_url: str, kind: str, text: str | None, value: object, drop: list[str]
) -> dict[str, object]:
    body = activity(kind, service_url=connector_url, text=text, value=value)
    for key in drop:
        body.pop(key, None)
    return body


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
        st.tuples(st.just("raw"), st.binary(max_size=300)),
        st.tuples(st.just("json"), json_values),
    ),
    content_type=st.sampled_from(["application/json", "text/plain", ""]),
)
async def test_no_body_gets_a_5xx_or_stores_anything(
    server: Server,
    connector: TeamsConnector,
    ctx: Context,
    shape: tuple[object, ...],
    content_type: str,
) -> None:
    before = await count_updates(ctx.db, include_deleted=True)
    if shape[0] == "activity":
        _, kind, text, value, drop = shape
        raw = json.dumps(_activity(connector.url, str(kind), text, value, list(drop))).encode()  # type: ignore[arg-type]
    elif shape[0] == "raw":
        raw = shape[1]  # type: ignore[assignment]
    else:
        raw = json.dumps(shape[1]).encode()
    answer = await server.post(None, raw=raw, headers={"Content-Type": content_type})
    assert answer.status < 500, (raw[:200], answer.status, answer.body)
    assert "Traceback" not in str(answer.body)
    assert await count_updates(ctx.db, include_deleted=True) == before
