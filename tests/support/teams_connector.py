"""A local stand-in for the Bot Framework connector (an activity's `serviceUrl`), and activities.

It records every call the bot makes (replies, proactive posts) and can be told to
answer 429 with Retry-After, or any other status, a number of times first.

As strict as Teams: a message past ~100 KB is answered 413, and one whose Adaptive Card
fails Microsoft's 1.5 schema (tests.support.adaptive_card) is answered 400; both are kept
in `refused` with the reason in `refusals`, and fail the test at exit unless it expects them.
"""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.adaptive_card import MAX_MESSAGE_BYTES, attachment_problems

BOT = {"id": "28:wardbot", "name": "wardbot"}
TENANT = "72f988bf-0000-4000-8000-00000000c0c1"


@dataclass
class Call:
    method: str
    path: str
    conversation_id: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def text(self) -> str:
        return str(self.body.get("text") or "")

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [
            a["content"]
            for a in self.body.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

    @property
    def shown(self) -> str:
        """Everything a person would read in this message: its text and its cards' text."""
        parts = [self.text]
        for card in self.cards:
            parts += list(_card_text(card))
        return "\n".join(p for p in parts if p)


def _card_text(node: Any) -> Any:
    """The words of a card: text blocks, titles, labels and facts (not button data)."""
    if isinstance(node, dict):
        for key in ("text", "title", "label"):
            if isinstance(node.get(key), str):
                yield node[key]
        if "type" not in node and isinstance(node.get("value"), str):
            yield node["value"]  # a fact
        for key, value in node.items():
            if key not in ("data", "fallbackText"):
                yield from _card_text(value)
    elif isinstance(node, list):
        for item in node:
            yield from _card_text(item)


@dataclass
class Failure:
    status: int
    times: int
    retry_after: str | None = None


@dataclass
class TeamsConnector:
    """`async with TeamsConnector() as connector:` then use `connector.url` as serviceUrl.

    `host="0.0.0.0"` listens on every interface, so `url_at(address)` reaches it from
    an address that is not loopback.
    """

    calls: list[Call] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    refused: list[Call] = field(default_factory=list)
    refusals: list[tuple[int, str]] = field(default_factory=list)  # (status, why) per refusal
    expect_refusals: bool = False  # else a refused payload fails the test at exit
    size: list[int] = field(default_factory=list)  # bytes of every message received
    url: str = ""
    host: str = "127.0.0.1"
    # GET .../members/{id}, as Teams answers it: anyone not listed is a member of TENANT.
    # None: Teams does not know them (404).
    members: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    member_lookups: list[str] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _ids: Any = field(default_factory=lambda: itertools.count(1000))

    def fail(self, status: int = 429, *, times: int = 1, retry_after: int | None = 1) -> None:
        """Answer the next `times` sends with `status` (and Retry-After when given)."""
        self.failures.append(
            Failure(status, times, str(retry_after) if retry_after is not None else None)
        )

    def sent_to(self, conversation_id: str) -> list[Call]:
        return [c for c in self.calls if c.conversation_id == conversation_id]

    async def __aenter__(self) -> TeamsConnector:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}", self._send)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._send)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.url = self.url_at("127.0.0.1")
        return self

    def url_at(self, address: str) -> str:
        assert self._runner is not None
        return f"http://{address}:{self._runner.addresses[0][1]}/"

    @property
    def requests(self) -> list[Call]:
        """Every request that reached this connector, answered or refused."""
        return self.calls + self.refused

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self.refusals and not self.expect_refusals and exc[0] is None:
            raise AssertionError(
                "Teams would refuse what wardbot sent: "
                + "; ".join(f"{status} {why}" for status, why in self.refusals)
            )

    def add_member(
        self, user_id: str, *, tenant: str = "", role: str = "user", name: str = ""
    ) -> None:
        """A member as Teams describes them: `tenant` their home tenant (another
        organisation's in a shared channel), `role` "guest" for a guest account."""
        self.members[user_id] = {
            "id": user_id,
            "name": name,
            "aadObjectId": f"aad-{user_id}",
            "tenantId": tenant or TENANT,
            "userRole": role,
        }

    async def _member(self, request: web.Request) -> web.Response:
        member = request.match_info["member"]
        self.member_lookups.append(member)
        if member in self.members and self.members[member] is None:
            return web.json_response(
                {"error": {"code": "MemberNotFoundInConversation", "message": "not found"}},
                status=404,
            )
        found = self.members.get(member) or {
            "id": member,
            "name": "",
            "aadObjectId": f"aad-{member}",
            "tenantId": TENANT,
            "userRole": "user",
        }
        return web.json_response(found)

    async def _send(self, request: web.Request) -> web.Response:
        raw = await request.read()
        call = Call(
            method=request.method,
            path=request.path,
            conversation_id=request.match_info["conversation"],
            body=json.loads(raw),
            headers=dict(request.headers),
        )
        self.size.append(len(raw))
        refusal = _refusal(call.body, size=len(raw))
        if refusal is not None:
            status, code, why = refusal
            self.refused.append(call)
            self.refusals.append((status, why))
            return web.json_response({"error": {"code": code, "message": why}}, status=status)
        if self.failures:
            failure = self.failures[0]
            failure.times -= 1
            if failure.times <= 0:
                self.failures.pop(0)
            self.refused.append(call)
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            return web.json_response(
                {"error": {"code": "Throttled", "message": "slow down"}},
                status=failure.status,
                headers=headers,
            )
        self.calls.append(call)
        return web.json_response({"id": f"reply-{next(self._ids)}"})


def _refusal(body: dict[str, Any], *, size: int) -> tuple[int, str, str] | None:
    """(status, error code, why) when Teams would refuse this activity."""
    if size > MAX_MESSAGE_BYTES:
        return 413, "MessageSizeTooBig", f"Message size is {size} bytes; the limit is ~100 KB"
    problems = attachment_problems(body.get("attachments"))
    if problems:
        return 400, "BadArgument", "Invalid Adaptive Card: " + "; ".join(problems[:5])
    return None


def activity(
    kind: str = "message",
    *,
    service_url: str,
    text: str | None = None,
    conversation: str = "a:1on1-jo",
    conversation_type: str = "personal",
    user: str = "29:jo",
    user_name: str = "Jo Officer",
    tenant: str = TENANT,
    mention: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """A Bot Framework activity as Teams sends it."""
    body: dict[str, Any] = {
        "type": kind,
        "id": extra.pop("id", f"1{uuid.uuid4().int % 10**12:012d}"),
        "timestamp": "2025-10-12T10:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": user, "name": user_name, "aadObjectId": f"aad-{user}"},
        "conversation": {
            "id": conversation,
            "conversationType": conversation_type,
            "tenantId": tenant,
        },
        "recipient": dict(BOT),
        "channelData": {"tenant": {"id": tenant}},
        "locale": "en-GB",
    }
    if text is not None:
        body["text"] = f"<at>{BOT['name']}</at> {text}" if mention else text
        body["textFormat"] = "plain"
    if mention:
        body["entities"] = [
            {"type": "mention", "text": f"<at>{BOT['name']}</at>", "mentioned": dict(BOT)}
        ]
    body.update(extra)
    return body
