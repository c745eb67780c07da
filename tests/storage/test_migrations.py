"""Migrations upgrade a database already in use (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from handlers.chat.context import Context
from handlers.domain import NewUpdate
from storage.charts import chart_png, keep_chart
from storage.db import MIGRATIONS, Database, head_revision, upgrade
from storage.gdpr import find_person
from storage.updates import count_updates, record_update, ward_activity
from tests.support.chat import ChatDriver


def _downgrade(connection: Connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_a_database_from_before_held_posts_upgrades_and_holds_them(db: Database) -> None:
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
    async with db.engine.begin() as conn:
        await conn.run_sync(_downgrade, "0004")
    # 0004 -> 0005: the held_post table, tied to existing people; 0007: the activity
    # counts, filled from the updates already held
    await upgrade(db)
    wath = [a for a in await ward_activity(db) if a.ward_slug == "wath"]
    assert [(a.updates, a.last_on) for a in wath] == [(1, date.today())]
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


def test_the_head_revision_read_from_the_files_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert [head_revision()] == ScriptDirectory.from_config(config).get_heads()


def test_starting_on_an_up_to_date_database_does_not_load_alembic(database_url: str) -> None:
    """Alembic and Mako stay out of a running server's memory when there is nothing to do."""
    probe = (
        "import asyncio, sys\n"
        "from storage.db import opened_database, upgrade\n"
        "async def main():\n"
        f"    async with opened_database({database_url!r}) as db:\n"
        "        await upgrade(db)\n"
        "asyncio.run(main())\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'mako'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stderr
