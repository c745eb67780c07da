"""GET /charts/{id}.png: the digest chart Teams loads by URL, served from the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.charts import keep_chart
from storage.db import Database
from tests.bot.teams.conftest import Server

PNG = b"\x89PNG\r\n\x1a\n" + b"chart" * 100


async def test_a_chart_is_served_by_its_id_to_anyone_holding_the_link(
    server: Server, db: Database
) -> None:
    chart_id = await keep_chart(db, png=PNG, kept_for=timedelta(days=30))
    assert len(chart_id) == 32
    async with server.http.get(f"{server.url}/charts/{chart_id}.png") as served:
        assert served.status == 200 and served.content_type == "image/png"
        assert await served.read() == PNG
        assert "immutable" in served.headers["Cache-Control"]


async def test_an_unknown_expired_or_malformed_id_is_a_plain_404(
    server: Server, db: Database
) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=40)
    expired = await keep_chart(db, png=PNG, kept_for=timedelta(days=30), now=long_ago)
    for chart_id in (expired, "A" * 32, "short", "..%2F..%2Fetc%2Fpasswd", "x" * 300):
        async with server.http.get(f"{server.url}/charts/{chart_id}.png") as answer:
            assert answer.status == 404, chart_id
            assert answer.content_type == "text/plain"
