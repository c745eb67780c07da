"""Migrations upgrade a database already in use (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

from datetime import date, timedelta

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from handlers.chat.context import Context
from handlers.domain import NewUpdate
from storage.charts import chart_png, keep_chart
from storage.db import MIGRATIONS, Database, upgrade
from storage.gdpr import find_person
from storage.updates import count_updates, record_update
from tests.support.chat import ChatDriver


def _downgrade(connection: Connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_a_database_from_before_held_posts_upgrades_and_holds_them(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(_downgrade, "0004")
    await record_update(
        db,
        NewUpdate(
            ward_slug="wath",
            text="gala planning meeting",
            platform="slack",
            source_message_id="before-0005",
            occurred_on=date.today(),
            author_key="slack:UJO",
            author_name="Jo Officer",
        ),
    )
    await upgrade(db)  # 0004 -> 0005: the held_post table, tied to existing people
    chat = ChatDriver(await Context.start(db))
    asked = await chat.say("log litter pick in Wickersley today, 9 volunteers", user="UJO")
    assert asked.card is not None
    ward = next(b for b in asked.card.buttons if b.label == "Wickersley North")
    logged = await chat.press(ward.action, ward.value, user="UJO")
    assert logged.ok, logged.text
    assert await count_updates(db) == 2
    assert len(await find_person(db, ref="slack:UJO")) == 1


async def test_a_database_from_before_chart_images_upgrades_and_keeps_them(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(_downgrade, "0005")
    await upgrade(db)  # 0005 -> 0006: the chart_image table
    chart_id = await keep_chart(db, png=b"\x89PNG", kept_for=timedelta(days=1))
    assert await chart_png(db, chart_id) == b"\x89PNG"
