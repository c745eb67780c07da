"""The second yardstick for `bench.ingest`: bolt + SQLAlchemy, written the way most teams would.

    python -m bench.plain_app   (PORT, DATABASE_URL, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL)

A `/ward` slash command stores its text as a row (one session and one commit per
request, the engine's defaults) and acks "Logged". No reading, no screening, no
priorities: what wardbot's extra work costs, and what its group commit earns, shows
against this.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import DateTime, String, Text, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "plain_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def plain_app(database_url: str) -> web.Application:
    engine = create_async_engine(database_url)
    sessions = async_sessionmaker(engine, expire_on_commit=False, class_=AsyncSession)
    bolt = AsyncApp(
        client=AsyncWebClient(
            token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]
        ),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=True,  # the ack after the commit, as wardbot does
    )

    @bolt.command("/ward")
    async def log(ack: AsyncAck, command: dict[str, str]) -> None:
        async with sessions() as session:
            session.add(
                Post(
                    user_id=command["user_id"],
                    channel_id=command["channel_id"],
                    text=command["text"],
                    created_at=datetime.now(UTC),
                )
            )
            await session.commit()
        await ack(text="Logged")

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def create_tables(app: web.Application) -> None:
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)

    async def close(app: web.Application) -> None:
        await engine.dispose()

    app = web.Application()
    app.on_startup.append(create_tables)
    app.on_cleanup.append(close)
    app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", healthz)
    return app


async def count_posts(database_url: str) -> int:
    """Rows stored, for the acked-versus-stored check."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            return int(await conn.scalar(select(func.count()).select_from(Post)) or 0)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    web.run_app(
        plain_app(os.environ["DATABASE_URL"]),
        host="127.0.0.1",
        port=int(os.environ["PORT"]),
        access_log=None,
        print=None,
    )
