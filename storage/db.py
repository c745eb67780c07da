"""The engine and session factory: SQLite (WAL) by default, PostgreSQL for scale."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True, slots=True)
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: committed on leaving the block, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def reachable(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()


def open_database(url: str, **engine_options: Any) -> Database:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine_options.setdefault("connect_args", {"timeout": 30})
    else:
        engine_options.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **engine_options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return Database(engine=engine, sessions=async_sessionmaker(engine, expire_on_commit=False))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers carry on while one writer commits; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


_migration_lock = asyncio.Lock()


async def upgrade(db: Database, revision: str = "head") -> None:
    """Apply Alembic migrations on this database's connection."""
    async with _migration_lock, db.engine.begin() as conn:
        await conn.run_sync(_run_upgrade, revision)


def _run_upgrade(connection: Connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    if connection.dialect.name == "postgresql":
        # Replicas starting together must not migrate at once: a transaction-scoped lock.
        connection.execute(text("SELECT pg_advisory_xact_lock(74657)"))
    command.upgrade(config, revision)
