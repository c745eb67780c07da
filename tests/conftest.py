from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from handlers.chat.context import Context
from storage.db import Database, open_database
from tests.support.chat import ChatDriver
from tests.support.databases import PostgresDatabases, SqliteDatabases, postgres_url
from tests.support.settings import SETTINGS_NAMES


def pytest_report_header(config: pytest.Config) -> str:
    url = postgres_url()
    return f"wardbot database: {'PostgreSQL ' + url if url else 'SQLite'}"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts from no settings at all, and never reads a developer's .env."""
    for name in SETTINGS_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def databases(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SqliteDatabases | PostgresDatabases]:
    url = postgres_url()
    made = PostgresDatabases(url) if url else SqliteDatabases(tmp_path_factory.mktemp("db"))
    yield made
    made.close()


@pytest.fixture
def database_url(databases: SqliteDatabases | PostgresDatabases) -> str:
    """A fresh, migrated database with the bundled Rotherham plan loaded."""
    return databases.fresh()


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = open_database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
async def ctx(db: Database) -> Context:
    return await Context.start(db, admins=frozenset({"slack:UADMIN", "teams:29:admin"}))


@pytest.fixture
def chat(ctx: Context) -> ChatDriver:
    return ChatDriver(ctx)


@pytest.fixture
def is_postgres() -> bool:
    return bool(os.environ.get("TEST_DATABASE_URL"))
