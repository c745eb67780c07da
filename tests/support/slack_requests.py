"""Signed requests to our POST /slack/events, shaped as Slack sends them.

Bodies are signed with slack_sdk's SignatureVerifier exactly as Slack signs them, so the
real bolt app checks real signatures. Used by the Slack tests and the benchmarks.
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.support.slack_api import APP_TEAM, BOT_USER

_ids = itertools.count(1)


@dataclass
class Answer:
    status: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


class SignedSlack:
    def __init__(self, url: str, secret: str, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.secret = secret
        self.session = session

    def headers(self, body: str, *, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        return {
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": SignatureVerifier(self.secret).generate_signature(
                timestamp=ts, body=body
            ),
        }

    async def post(
        self,
        body: str | bytes,
        *,
        content_type: str,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
    ) -> Answer:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        sent = {"Content-Type": content_type}
        sent.update(self.headers(text, timestamp=timestamp) if headers is None else headers)
        async with self.session.post(self.url, data=body, headers=sent) as response:
            return Answer(response.status, await response.text())

    async def form(self, fields: dict[str, str], **options: Any) -> Answer:
        return await self.post(
            urllib.parse.urlencode(fields),
            content_type="application/x-www-form-urlencoded",
            **options,
        )

    async def command(
        self,
        text: str,
        *,
        user: str = "U1",
        channel: str = "C1",
        team: str = APP_TEAM,
        response_url: str = "",
    ) -> Answer:
        return await self.form(
            {
                "token": "legacy",
                "team_id": team,
                "team_domain": "council",
                "channel_id": channel,
                "channel_name": "neighbourhoods",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/ward",
                "text": text,
                "api_app_id": "A1",
                "response_url": response_url,
                "trigger_id": f"trigger-{next(_ids)}",
            }
        )

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        team: str = APP_TEAM,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> Answer:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "A1",
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{next(_ids):08d}",
                "event_time": int(time.time()),
                "authorizations": [
                    {"team_id": team, "user_id": BOT_USER, "is_bot": True, "enterprise_id": None}
                ],
            }
        )
        headers = self.headers(body)
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = retry_reason
        return await self.post(body, content_type="application/json", headers=headers)

    async def interaction(self, payload: dict[str, Any]) -> Answer:
        return await self.form({"payload": json.dumps(payload)})


def mention(
    text: str, *, user: str = "U1", channel: str = "C1", ts: str | None = None
) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts or f"{1_710_000_000 + next(_ids)}.000200",
        "channel": channel,
        "event_ts": ts or "1710000000.000200",
    }
