"""One classification of database outages, from the errors real servers give.

An outage (try again later: nothing was stored) is told apart from a fault (a bug, or a
setting to fix). PostgreSQL's errors come from a real server: the test run's own, or a
throwaway one.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from storage.db import DatabaseUnavailable, open_database, outage, unavailable
from storage.events import claim_event
from tests.support.processes import free_port
from tests.support.throwaway_pg import postgres_server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        if url is None:
            pytest.skip("no PostgreSQL server to make errors with")
        yield url


async def _admin(server: str) -> asyncpg.Connection:
    url = make_url(server)
    return await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password, database="postgres"
    )


@pytest.fixture
async def closed_database(server: str) -> AsyncIterator[str]:
    """A database whose connections are switched off, as during maintenance (55000)."""
    name = f"wardbot_closed_{uuid.uuid4().hex[:8]}"
    admin = await _admin(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.close()


async def _failure(url: str) -> BaseException:
    db = open_database(url)
    try:
        await claim_event(db, platform="slack", event_id="Ev1")
    except Exception as exc:
        return exc
    finally:
        await db.dispose()
    raise AssertionError("the database answered")


async def test_connections_switched_off_is_an_outage(closed_database: str) -> None:
    failure = await _failure(closed_database)
    assert isinstance(failure, DatabaseUnavailable), failure
    assert "not currently accepting connections" in str(failure)
    assert (
        "\n" not in str(failure) and "SELECT" not in str(failure) and "INSERT" not in str(failure)
    )


async def test_connection_refused_is_an_outage() -> None:
    failure = await _failure(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/x")
    assert isinstance(failure, DatabaseUnavailable), failure


async def test_a_session_ended_by_an_admin_is_an_outage(server: str) -> None:
    db = open_database(server, pool_pre_ping=False)
    admin = await _admin(server)
    try:
        async with db.transaction() as session:  # the pool keeps this connection
            pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        await admin.execute("SELECT pg_terminate_backend($1)", pid)  # 57P01, admin shutdown
        with pytest.raises(DatabaseUnavailable):
            async with db.transaction() as session:
                await session.execute(text("SELECT 1"))
    finally:
        await admin.close()
        await db.dispose()


async def test_a_missing_database_is_a_setting_not_an_outage(server: str) -> None:
    missing = make_url(server).set(database=f"wardbot_none_{uuid.uuid4().hex[:8]}")
    failure = await _failure(missing.render_as_string(hide_password=False))
    assert not isinstance(failure, DatabaseUnavailable)
    assert not unavailable(failure)


def test_sqlite_busy_after_its_timeout_is_an_outage(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            sqlite3.connect(path, timeout=0.05).execute("INSERT INTO t VALUES (1)")
    finally:
        holder.close()
    raw = caught.value
    wrapped = DBAPIError.instance("INSERT INTO t VALUES (?)", (1,), raw, sqlite3.Error)
    assert unavailable(raw) and unavailable(wrapped)
    assert str(outage(wrapped)) == "OperationalError: database is locked"


def test_a_fault_is_not_an_outage() -> None:
    assert not unavailable(ValueError("a bug"))
    assert not unavailable(sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert not unavailable(KeyError("x"))
