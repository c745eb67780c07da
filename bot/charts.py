"""Digest charts served by wardbot itself, for platforms that show images by URL (Teams).

Teams refuses a bot message past about 100 KB; a chart is ~160 KB of PNG. So the chart is
kept in the database (any replica can serve it) under an unguessable id and the card
points at `PUBLIC_URL/charts/{id}.png`. Without an https PUBLIC_URL there is nowhere
Teams could load it from, and the card says where the chart can be seen instead.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import timedelta

from aiohttp import web

from handlers.chat.messages import Reply
from storage.charts import chart_png, keep_chart
from storage.db import Database

log = logging.getLogger(__name__)

ROUTE = "/charts/{chart_id}.png"
CHART_DB = web.AppKey("chart_db", Database)


@dataclass(frozen=True, slots=True)
class ChartLinks:
    db: Database
    public_url: str | None
    kept_for: timedelta  # as long as the digest's own records are kept

    @property
    def enabled(self) -> bool:
        return bool(self.public_url and self.public_url.startswith("https://"))

    async def publish(self, reply: Reply) -> Reply:
        """The reply with its chart stored and linked by URL; unchanged when that cannot be."""
        card = reply.card
        image = card.image if card is not None else None
        if card is None or image is None or not image.png or image.url or not self.enabled:
            return reply
        try:
            chart_id = await keep_chart(self.db, png=image.png, kept_for=self.kept_for)
        except Exception:
            # The card still goes, without the picture, saying where the chart can be seen.
            log.exception("could not store a chart to serve by URL; sending the card without it")
            return reply
        url = f"{str(self.public_url).rstrip('/')}/charts/{chart_id}.png"
        linked = dataclasses.replace(image, url=url, png=b"")
        return dataclasses.replace(reply, card=dataclasses.replace(card, image=linked))


async def serve_chart(request: web.Request) -> web.Response:
    png = await chart_png(request.app[CHART_DB], request.match_info["chart_id"])
    if png is None:
        return web.Response(status=404, text="No such chart (it may have expired).")
    return web.Response(
        body=png,
        content_type="image/png",
        headers={
            # A chart never changes under its id: clients and proxies may keep it.
            "Cache-Control": "public, max-age=86400, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )


def add_chart_routes(app: web.Application, *, db: Database) -> None:
    app[CHART_DB] = db
    app.router.add_get(ROUTE, serve_chart)
