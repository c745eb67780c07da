"""A local stand-in for the Slack Web API (and Socket Mode), recording every call it receives.

Start it with `async with SlackApi() as api:`; point SLACK_API_URL at `api.base_url`.
Every call to `/api/<method>` is recorded as a `Call`; `api.calls_to("chat.postMessage")`
lists them. Answers are plausible Slack answers; `api.fail(...)` makes the next calls to a
method fail (a 429 with Retry-After, a 5xx, or an `ok: false` error) for fault tests.
`response_url`s handed to the app (`api.response_url()`) and file uploads land here too.
Socket Mode: `apps.connections.open` hands out `ws://.../socket`; `api.socket_send(envelope)`
pushes an envelope to the connected app and returns its ack.

As strict as Slack: every `blocks`, `view` and `attachments` received is checked
(tests.support.block_kit) and refused as Slack refuses it (`ok: false`, `invalid_blocks`,
HTTP 200; a response_url answers 400). Refused calls are recorded, and listed in `refusals`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.support.block_kit import Problem, message_problem, view_problem

APP_TEAM = "T0COUNCIL"
MESSAGE_METHODS = {"chat.postMessage": True, "chat.postEphemeral": True, "chat.update": False}
VIEW_METHODS = frozenset({"views.open", "views.update", "views.push", "views.publish"})
BOT_USER = "UWARDBOT"


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response_url" / "upload" for the non-API endpoints
    params: dict[str, Any]
    token: str = ""
    at: float = field(default_factory=time.monotonic)

    def json(self, name: str) -> Any:
        """A parameter that the SDK may send either as JSON or as a JSON string in a form."""
        value = self.params.get(name)
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class Fault:
    status: int = 200
    error: str = ""
    retry_after: int = 0
    times: int = 1


@dataclass
class SlackUser:
    id: str
    name: str
    team_id: str = APP_TEAM
    enterprise_id: str = ""  # an Enterprise Grid org's user: users.info's enterprise_user


class SlackApi:
    def __init__(
        self, *, team_id: str = APP_TEAM, bot_user: str = BOT_USER, enterprise_id: str = ""
    ) -> None:
        self.team_id = team_id
        self.enterprise_id = enterprise_id  # wardbot installed in an Enterprise Grid org
        self.bot_user = bot_user
        self.calls: list[Call] = []
        self.users: dict[str, SlackUser] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.delays: dict[str, float] = {}
        self.uploads: dict[str, bytes] = {}
        self.socket_acks: dict[str, dict[str, Any]] = {}
        self.refusals: list[tuple[Call, Problem]] = []
        # A refusal nobody asked for is a payload Slack would refuse: the test fails at exit.
        self.expect_refusals = False
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._socket: web.WebSocketResponse | None = None
        self._socket_ready = asyncio.Event()
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.answers: dict[str, Callable[[Call], dict[str, Any]]] = {
            "auth.test": self._auth_test,
            "users.info": self._users_info,
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": lambda c: {"message_ts": self._next_ts()},
            "chat.update": lambda c: {"channel": c.params.get("channel"), "ts": c.params.get("ts")},
            "chat.getPermalink": self._permalink,
            "views.open": self._view,
            "views.update": self._view,
            "views.push": self._view,
            "views.publish": self._view,
            "conversations.open": lambda c: {"channel": {"id": "D" + str(c.params.get("users"))}},
            "files.getUploadURLExternal": self._upload_url,
            "files.completeUploadExternal": self._complete_upload,
            "apps.connections.open": lambda c: {"url": f"ws://127.0.0.1:{self.port}/socket"},
        }

    # ---- lifecycle --------------------------------------------------------------------------

    async def __aenter__(self) -> SlackApi:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{token}", self._respond)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket_handler)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self.refusals and not self.expect_refusals and exc[0] is None:
            raise AssertionError(
                "Slack would refuse what wardbot sent: "
                + "; ".join(f"{c.method}: {p.error} ({p.detail})" for c, p in self.refusals)
            )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r") -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    def add_user(
        self, user_id: str, name: str, *, team_id: str | None = None, enterprise_id: str = ""
    ) -> None:
        self.users[user_id] = SlackUser(user_id, name, team_id or self.team_id, enterprise_id)

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str = "",
        retry_after: int = 0,
        times: int = 1,
    ) -> None:
        """The next `times` calls to `method` fail: HTTP `status`, or `ok: false` with `error`."""
        self.faults.setdefault(method, []).append(Fault(status, error, retry_after, times))

    def slow(self, method: str, seconds: float) -> None:
        """Calls to `method` are answered after `seconds`, as a Slack having a bad day."""
        self.delays[method] = seconds

    # ---- what was received ------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, *, count: int = 1, within: float = 5.0) -> list[Call]:
        """Calls to `method` once there are at least `count` of them (replies sent after the ack)."""
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)
        return self.calls_to(method)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # ---- HTTP ---------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        call = Call(method, params, token or str(params.get("token", "")))
        await self._record(call)
        if method in self.delays:
            await asyncio.sleep(self.delays[method])
        fault = self._take_fault(method)
        if fault is not None:
            headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
            if fault.status != 200:
                return web.json_response(
                    {"ok": False, "error": fault.error or "ratelimited"},
                    status=fault.status,
                    headers=headers,
                )
            return web.json_response({"ok": False, "error": fault.error})
        problem = _problem(method, params)
        if problem is not None:
            self.refusals.append((call, problem))
            return web.json_response(
                {
                    "ok": False,
                    "error": problem.error,
                    "response_metadata": {"messages": [f"[ERROR] {problem.detail}"]},
                }
            )
        answer = self.answers.get(method)
        body = answer(call) if answer else {}
        return web.json_response({"ok": True, **body})

    def _take_fault(self, method: str) -> Fault | None:
        queue = self.faults.get(method) or []
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        return fault

    async def _respond(self, request: web.Request) -> web.Response:
        params = await _params(request)
        params["_url_name"] = request.match_info["token"]
        call = Call("response_url", params)
        await self._record(call)
        fault = self._take_fault("response_url")
        if fault is not None:
            return web.Response(
                status=fault.status if fault.status != 200 else 400, text=fault.error
            )
        problem = message_problem(params, needs_text=False)
        if problem is not None and not params.get("delete_original"):
            self.refusals.append((call, problem))
            return web.Response(status=400, text=problem.error)
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        await self._record(
            Call("upload", {"file_id": file_id, "bytes": len(self.uploads[file_id])})
        )
        return web.Response(text="OK - 200")

    # ---- Socket Mode ------------------------------------------------------------------------

    async def _socket_handler(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._socket = ws
        await ws.send_json({"type": "hello", "num_connections": 1})
        self._socket_ready.set()
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            envelope_id = str(data.get("envelope_id", ""))
            self.socket_acks[envelope_id] = data
            waiter = self._acks.pop(envelope_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(data)
        self._socket_ready.clear()
        return ws

    async def socket_send(self, envelope: dict[str, Any], *, within: float = 5.0) -> dict[str, Any]:
        """Push one envelope to the connected app; returns the app's ack."""
        await asyncio.wait_for(self._socket_ready.wait(), within)
        assert self._socket is not None
        envelope_id = str(envelope.setdefault("envelope_id", f"env-{next(self._ids)}"))
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[envelope_id] = waiter
        await self._socket.send_json(envelope)
        return await asyncio.wait_for(waiter, within)

    # ---- answers --------------------------------------------------------------------------

    def _next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    def _auth_test(self, call: Call) -> dict[str, Any]:
        return {
            "url": "https://council.slack.com/",
            "team": "Council",
            "user": "wardbot",
            "team_id": self.team_id,
            "user_id": self.bot_user,
            "bot_id": "BWARDBOT",
            "is_enterprise_install": False,
            **({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}),
        }

    def _users_info(self, call: Call) -> dict[str, Any]:
        user_id = str(call.params.get("user", ""))
        user = self.users.get(user_id) or SlackUser(user_id, f"Person {user_id}")
        found: dict[str, Any] = {
            "id": user.id,
            "team_id": user.team_id,
            "name": user.name.lower().replace(" ", "."),
            "real_name": user.name,
            "profile": {"real_name": user.name, "display_name": user.name},
        }
        if user.enterprise_id:
            found["enterprise_user"] = {
                "id": user.id,
                "enterprise_id": user.enterprise_id,
                "enterprise_name": "Council Grid",
                "teams": [user.team_id],
            }
        return {"user": found}

    def _post_message(self, call: Call) -> dict[str, Any]:
        return {"channel": call.params.get("channel"), "ts": self._next_ts(), "message": {}}

    def _permalink(self, call: Call) -> dict[str, Any]:
        channel = call.params.get("channel")
        ts = str(call.params.get("message_ts", "")).replace(".", "")
        return {
            "channel": channel,
            "permalink": f"https://council.slack.com/archives/{channel}/p{ts}",
        }

    def _view(self, call: Call) -> dict[str, Any]:
        view = call.json("view") or {}
        view_id = call.params.get("view_id") or f"V{next(self._ids):06d}"
        return {"view": {**view, "id": view_id, "hash": f"h{next(self._ids)}"}}

    def _upload_url(self, call: Call) -> dict[str, Any]:
        file_id = f"F{next(self._ids):06d}"
        return {"upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}", "file_id": file_id}

    def _complete_upload(self, call: Call) -> dict[str, Any]:
        files = call.json("files") or []
        return {"files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}


def _problem(method: str, params: dict[str, Any]) -> Problem | None:
    if method in MESSAGE_METHODS:
        return message_problem(params, needs_text=MESSAGE_METHODS[method])
    if method in VIEW_METHODS:
        return view_problem(params.get("view"))
    return None


async def _params(request: web.Request) -> dict[str, Any]:
    raw = await request.text()
    if request.content_type == "application/json":
        loaded = json.loads(raw or "{}")
        return dict(loaded) if isinstance(loaded, dict) else {"_body": loaded}
    params: dict[str, Any] = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
    params.update(request.query)
    return params
