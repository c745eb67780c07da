"""The yardstick for `bench.ingest`: a bare slack-bolt AsyncApp that only acks `/ward`.

    python -m bench.bare_app   (PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL)

Served the way wardbot serves Slack (aiohttp, POST /slack/events, signatures checked,
process_before_response), so the difference measured is wardbot's own work.
"""

from __future__ import annotations

import os

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


def bare_app() -> web.Application:
    bolt = AsyncApp(
        client=AsyncWebClient(
            token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]
        ),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=True,
    )

    @bolt.command("/ward")
    async def ack_only(ack: AsyncAck) -> None:
        await ack(text="ok")

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    web.run_app(
        bare_app(), host="127.0.0.1", port=int(os.environ["PORT"]), access_log=None, print=None
    )
