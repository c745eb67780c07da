"""Fresh databases for tests: a migrated template, copied per test.

SQLite by default. With TEST_DATABASE_URL (postgresql+asyncpg://...), every test
gets its own PostgreSQL database made from a template in one statement.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from bot.app import ensure_plan
from bot.config import Settings
from storage.db import open_database, upgrade


def postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


async def _prepare(url: str) -> None:
    db = open_database(url)
    try:
        await upgrade(db)
        await ensure_plan(db, Settings(_env_file=None, database_url=url))  # type: ignore[call-arg]
    finally:
        await db.dispose()


class SqliteDatabases:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.db"
        asyncio.run(_prepare(f"sqlite+aiosqlite:///{self.template}"))

    def fresh(self) -> str:
        path = self.folder / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite+aiosqlite:///{path}"

    def close(self) -> None:
        pass


class PostgresDatabases:
    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url)
        self.template = f"{self.base.database}_template"
        self.created: list[str] = []
        asyncio.run(self._create(self.template, template=None))
        asyncio.run(_prepare(self._url(self.template)))

    def _url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    async def _admin(self) -> asyncpg.Connection:
        return await asyncpg.connect(
            host=self.base.host or "127.0.0.1",
            port=self.base.port or 5432,
            user=self.base.username or "postgres",
            password=self.base.password,
            database="postgres",  # the maintenance database: the test database may not exist yet
        )

    async def _create(self, name: str, *, template: str | None) -> None:
        conn = await self._admin()
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            suffix = f' TEMPLATE "{template}"' if template else ""
            await conn.execute(f'CREATE DATABASE "{name}"{suffix}')
        finally:
            await conn.close()

    def fresh(self) -> str:
        name = f"{self.base.database}_{uuid.uuid4().hex[:10]}"
        asyncio.run(self._create(name, template=self.template))
        self.created.append(name)
        return self._url(name)

    def close(self) -> None:
        async def drop() -> None:
            conn = await self._admin()
            try:
                for name in [*self.created, self.template]:
                    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await conn.close()

        asyncio.run(drop())
