"""Bad input at scale over HTTP: generated bodies, signed and not, into POST /slack/events.

Whatever arrives, the answer is never a 5xx (Slack would retry it for ever), no traceback
is logged, and nothing is stored: none of these bodies is a well-formed request to log
something.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from storage.updates import count_updates
from tests.bot.slack.conftest import Stack
from tests.support.fuzz import FUZZ, examples, json_values

HTTP_FUZZ = settings(FUZZ, max_examples=examples(1200))
DEEP = "[" * 100_000 + "]" * 100_000
slack_shapes = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(
            [
                "event_callback",
                "url_verification",
                "block_actions",
                "view_submission",
                "shortcut",
                "message_action",
                "x",
            ]
        ),
        "team_id": st.text(max_size=12),
        "event": json_values,
        "event_id": st.text(max_size=20),
        "user": json_values,
        "view": json_values,
        "actions": json_values,
        "challenge": st.text(max_size=20),
    },
)
bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300),
    json_values.map(json.dumps),
    slack_shapes.map(json.dumps),
    slack_shapes.map(lambda d: urllib.parse.urlencode({"payload": json.dumps(d)})),
    st.dictionaries(
        st.sampled_from(["command", "text", "user_id", "team_id", "channel_id", "payload", "x"]),
        st.text(max_size=40),
    ).map(urllib.parse.urlencode),
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data",
        "",
    ]
)


@pytest.mark.slow
@HTTP_FUZZ
@given(body=bodies, content_type=content_types, signed=st.booleans())
# Found by this test on a later run: an action with no action_id made bolt's matcher raise.
@example(
    body=json.dumps({"type": "block_actions", "": {}, "actions": [{}]}),
    content_type="application/json",
    signed=True,
)
# Nested deeper than any Slack payload, as JSON and as an interaction's form `payload`.
@example(body=DEEP, content_type="application/json", signed=True)
@example(body=DEEP, content_type="application/json", signed=False)
@example(
    body=urllib.parse.urlencode({"payload": '{"type": "block_actions", "x": ' + DEEP + "}"}),
    content_type="application/x-www-form-urlencoded",
    signed=True,
)
# Wrong shapes: parts Slack sends as objects or lists, sent as something else.
@example(
    body=json.dumps({"type": "event_callback", "team_id": "T1", "event": []}),
    content_type="application/json",
    signed=True,
)
@example(
    body=urllib.parse.urlencode(
        {"payload": json.dumps({"type": "block_actions", "user": [], "actions": {"a": 1}})}
    ),
    content_type="application/x-www-form-urlencoded",
    signed=True,
)
@example(
    body=urllib.parse.urlencode(
        {"payload": json.dumps({"type": "view_submission", "view": "x", "team": 5})}
    ),
    content_type="application/x-www-form-urlencoded",
    signed=True,
)
async def test_no_body_gets_a_5xx_or_stores_anything(
    stack: Stack,
    caplog: pytest.LogCaptureFixture,
    body: str | bytes,
    content_type: str,
    signed: bool,
) -> None:
    before = await count_updates(stack.ctx.db, include_deleted=True)
    headers = None if signed else {"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=x"}
    answer = await stack.slack.post(body, content_type=content_type, headers=headers)
    assert answer.status < 500, (body[:200], answer.status, answer.text)
    if not signed:
        assert answer.status in (400, 401)  # unreadable bytes are refused before the signature
    assert "Traceback" not in answer.text
    assert not [r.getMessage() for r in caplog.records if r.exc_info], "a traceback was logged"
    assert await count_updates(stack.ctx.db, include_deleted=True) == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (DEEP, "application/json"),
        ('{"type": "event_callback", "event": ' + "{" * 65 + "}" * 65 + "}", "text/plain"),
        (
            urllib.parse.urlencode({"payload": "[" * 65 + "]" * 65}),
            "application/x-www-form-urlencoded",
        ),
        ('{"type": "event_callback", "event": {', "application/json"),
    ],
    ids=["a deep list", "65 deep in an event", "65 deep in a form's payload", "cut short"],
)
async def test_a_body_out_of_bounds_is_a_400_before_the_signature_is_checked(
    stack: Stack, body: str, content_type: str
) -> None:
    unsigned = {"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=x"}
    for headers in (unsigned, None):
        answer = await stack.slack.post(body, content_type=content_type, headers=headers)
        assert answer.status == 400, (headers, answer)
    assert stack.api.calls == []  # nothing reached bolt
    assert await count_updates(stack.ctx.db) == 0
