"""The engine and session factory: SQLite (WAL) by default, PostgreSQL for scale."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.memo import Memo

_log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
# PostgreSQL's "not now": admin shutdown, crash shutdown, cannot connect now (starting up,
# shutting down, in recovery); and every connection exception (class 08).
_UNAVAILABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})
_UNAVAILABLE_CLASS = "08"
# 55000 (object not in prerequisite state) is an outage only in this message: a database
# whose connections are switched off (ALLOW_CONNECTIONS false), as during maintenance.
_NOT_ACCEPTING = "not currently accepting connections"
# SQLite after its busy timeout: another process held the write lock all that time.
_SQLITE_BUSY = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"})
_SQLITE_BUSY_WORDS = ("database is locked", "database is busy", "database table is locked")


class DatabaseUnavailable(Exception):
    """The database cannot be reached just now (restarting, network, locked): nothing was
    changed, and the same request can be retried later. Its message is one short line (the
    cause, never the statement or its values), fit for a log."""


def unavailable(exc: BaseException) -> bool:
    """Is this failure an outage (try again later), not a fault in the request or the code?"""
    return any(_is_outage(err) for err in _causes(exc))


def outage(exc: BaseException) -> DatabaseUnavailable:
    """The DatabaseUnavailable for an outage, saying in one line what happened."""
    # The deepest cause says it best: asyncpg's CannotConnectNowError, not SQLAlchemy's Error.
    cause = ([err for err in _causes(exc) if _is_outage(err)] or [exc])[-1]
    if isinstance(cause, DBAPIError) and cause.orig is not None:
        cause = cause.orig
    first_line = (str(cause).strip().splitlines() or [""])[0][:200]
    return DatabaseUnavailable(
        f"{type(cause).__name__}: {first_line}" if first_line else type(cause).__name__
    )


def _causes(exc: BaseException) -> list[BaseException]:
    """The error, what SQLAlchemy wrapped, and what each was raised from, nearest first."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo and len(seen) < 12:
        err = todo.pop(0)
        if err is None or any(err is s for s in seen):
            continue
        seen.append(err)
        todo += [getattr(err, "orig", None), err.__cause__]
    return seen


def _is_outage(err: BaseException) -> bool:
    if isinstance(err, DatabaseUnavailable | OSError | PoolTimeout):
        return True  # refused, reset, timed out; or every pooled connection busy too long
    if isinstance(err, DBAPIError) and err.connection_invalidated:
        return True
    code = str(getattr(err, "sqlstate", "") or getattr(err, "pgcode", "") or "")
    if code in _UNAVAILABLE_SQLSTATES or code.startswith(_UNAVAILABLE_CLASS):
        return True
    if code == "55000" and _NOT_ACCEPTING in str(err):
        return True
    if getattr(err, "sqlite_errorname", "") in _SQLITE_BUSY:
        return True
    return type(err).__name__ == "OperationalError" and str(err).startswith(_SQLITE_BUSY_WORDS)


@dataclass(frozen=True, slots=True)
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    # SQLite has one writer: its units of work take turns here rather than in SQLite's
    # busy-wait, whose sleeps made the slowest acks seconds long under concurrent load.
    turns: asyncio.Lock | None = None
    memo: Memo = field(default_factory=Memo)  # see storage/memo.py
    # Group-commit queues by kind of write (storage/batches.py), made on first use.
    batches: dict[str, Any] = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: committed on leaving the block, rolled back on error.

        Raises DatabaseUnavailable when the database cannot be reached, so that a platform
        can answer non-2xx and have the request sent again.
        """
        try:
            async with self.turns or nullcontext(), self.sessions() as session, session.begin():
                yield session
        except Exception as exc:
            if unavailable(exc):
                raise outage(exc) from exc
            raise

    @asynccontextmanager
    async def writer(
        self,
    ) -> AsyncIterator[Callable[[], AbstractAsyncContextManager[AsyncSession]]]:
        """One connection held for a run of transactions (group commit, storage/batches.py):
        taken from the pool, and so pinged, once a run rather than once a transaction. Each
        transaction it gives is as `transaction`'s: committed on leaving, rolled back on error.
        """
        try:
            async with self.engine.connect() as connection:

                @asynccontextmanager
                async def transaction() -> AsyncIterator[AsyncSession]:
                    try:
                        async with (
                            self.turns or nullcontext(),
                            connection.begin(),
                            self.sessions(bind=connection) as session,
                            session.begin(),  # flushes on leaving; the connection commits
                        ):
                            yield session
                    except Exception as exc:
                        if unavailable(exc):
                            raise outage(exc) from exc
                        raise

                yield transaction
        except DatabaseUnavailable:
            raise
        except Exception as exc:
            if unavailable(exc):
                raise outage(exc) from exc
            raise

    async def refresh_statistics(self, *tables: str) -> None:
        """After a bulk load, give PostgreSQL's planner the tables' new sizes now: autovacuum
        analyzes late after a large load, and may be switched off. (SQLite plans without
        statistics unless ANALYZE has ever run; its plans are left as they are.)"""
        if self.is_sqlite or not tables:
            return
        async with self.engine.begin() as connection:
            await connection.execute(text(f"ANALYZE {', '.join(tables)}"))

    async def vacuum(self, *tables: str) -> None:
        """PostgreSQL: VACUUM ANALYZE tables just rewritten whole (a plan load's rebuilt
        counts): until (auto)vacuum gets to them they hold a dead row for each live one, and
        `coverage` at 3,000,000 updates read them 7 times slower. VACUUM cannot run in a
        transaction: an autocommit connection. (SQLite: nothing, as for the statistics.)"""
        if self.is_sqlite or not tables:
            return
        try:
            async with self.engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text(f"VACUUM (ANALYZE) {', '.join(tables)}"))
        except SQLAlchemyError as exc:
            # Housekeeping after work already committed: autovacuum will get there, so a
            # failure here is logged, never reported as the committed work failing.
            _log.warning("VACUUM of %s failed: %s", ", ".join(tables), outage(exc))

    async def reachable(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        for batches in self.batches.values():
            await batches.close()  # a run of group commits gives its connection back
        await self.engine.dispose()


@asynccontextmanager
async def opened_database(url: str, **engine_options: Any) -> AsyncIterator[Database]:
    """A database for one command's lifetime: its connections closed on the way out."""
    db = open_database(url, **engine_options)
    try:
        yield db
    finally:
        await db.dispose()


def open_database(url: str, **engine_options: Any) -> Database:
    parsed = checked_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine_options.setdefault("connect_args", {"timeout": 30})
    else:
        engine_options.setdefault("pool_pre_ping", True)
        # No JIT: a digest's statements cost enough for PostgreSQL to compile them, ~290 ms
        # of its CPU each time (more than running them: a quarter's counts at 300,000
        # updates ran in ~300 ms), and no statement here runs long enough to win it back.
        engine_options.setdefault("connect_args", {"server_settings": {"jit": "off"}})
    engine = create_async_engine(url, **engine_options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return Database(
        engine=engine,
        sessions=async_sessionmaker(engine, expire_on_commit=False),
        turns=asyncio.Lock() if engine.dialect.name == "sqlite" else None,
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers carry on while one writer commits; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk before the ack, so a power cut loses nothing acknowledged
    # (NORMAL in WAL mode may lose the last commits). With group commit it cost nothing
    # measurable in bench.ingest (427 against 405 req/s at 20 connections, same run).
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


_migration_lock = asyncio.Lock()


async def upgrade(db: Database, revision: str = "head") -> None:
    """Apply Alembic migrations on this database's connection.

    A database already at the newest revision (every start but the first after an
    upgrade) is told so by one query, without importing Alembic: it and Mako are ~9 MiB
    of a long-running server's memory, used for nothing else.
    """
    async with _migration_lock:
        if revision == "head" and await _current_revision(db) == head_revision():
            return
        async with db.engine.begin() as conn:
            await conn.run_sync(_run_upgrade, revision)


_REVISION = re.compile(r"""^revision\b[^=]*=\s*["']([^"']+)["']""", re.M)
_DOWN = re.compile(r"""^down_revision\b[^=]*=\s*["']([^"']+)["']""", re.M)


def head_revision() -> str | None:
    """The newest migration's revision, read from the files Alembic would read.

    None when there is not exactly one head (then Alembic decides, as before).
    """
    revisions, replaced = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text()
        found = _REVISION.search(source)
        if found:
            revisions.add(found.group(1))
        below = _DOWN.search(source)
        if below:
            replaced.add(below.group(1))
    heads = revisions - replaced
    return heads.pop() if len(heads) == 1 else None


async def _current_revision(db: Database) -> str | None:
    try:
        async with db.engine.connect() as conn:
            found = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    except DBAPIError:  # a new database: no version table yet
        return None
    return str(found[0][0]) if len(found) == 1 else None


def _run_upgrade(connection: Connection, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    if connection.dialect.name == "postgresql":
        # Replicas starting together must not migrate at once: a transaction-scoped lock.
        connection.execute(text("SELECT pg_advisory_xact_lock(74657)"))
    command.upgrade(config, revision)


# ---- DATABASE_URL problems, each told in one line with its fix ---------------------------

_DRIVERS = {"sqlite": "aiosqlite", "postgresql": "asyncpg", "postgres": "asyncpg"}
_EXAMPLES = "sqlite+aiosqlite:///wardbot.db or postgresql+asyncpg://USER@HOST:5432/DATABASE"


class DatabaseSettingError(ValueError):
    """DATABASE_URL cannot work as written; the message is one line saying how to fix it."""


def checked_url(url: str) -> URL:
    """DATABASE_URL parsed, when it names a database wardbot can use (its async drivers)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseSettingError(
            f"DATABASE_URL is not a database URL; write it like {_EXAMPLES}."
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    wanted = _DRIVERS.get(backend)
    if wanted is None:
        raise DatabaseSettingError(
            f"DATABASE_URL names a {backend} database; wardbot runs on SQLite or PostgreSQL: "
            f"{_EXAMPLES}."
        )
    if driver != wanted:
        backend = "postgresql" if backend == "postgres" else backend
        fixed = parsed.set(drivername=f"{backend}+{wanted}").render_as_string()
        raise DatabaseSettingError(
            f"DATABASE_URL needs wardbot's {wanted} driver: write {fixed} "
            f"(not {parsed.drivername}://)."
        )
    return parsed


def database_problem(exc: BaseException, url: str) -> str | None:
    """What a failure to reach the database at start means, in one line with its fix; None
    when it is not a problem with the database setting or the server (a fault to report)."""
    if isinstance(exc, DatabaseSettingError):
        return str(exc)
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    name, user = parsed.database or "", parsed.username or "postgres"
    server = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    for err in _causes(exc):
        code = str(getattr(err, "sqlstate", "") or getattr(err, "pgcode", "") or "")
        if code == "3D000":
            return (
                f"The database '{name}' does not exist on {server}. Create it with "
                f"`createdb -h {parsed.host or 'localhost'} -p {parsed.port or 5432} -U {user} "
                f'{name}` (or CREATE DATABASE "{name}"; in psql), then run `wardbot db upgrade`.'
            )
        if code in ("28P01", "28000"):
            return (
                f"PostgreSQL on {server} refused the user '{user}': check the user name and "
                "password in DATABASE_URL, and the server's pg_hba.conf."
            )
        if parsed.get_backend_name() == "sqlite" and "unable to open database file" in str(err):
            folder = Path(name).resolve().parent
            return (
                f"The SQLite database {name} cannot be opened: does the folder {folder} exist, "
                "and may wardbot write in it?"
            )
    if unavailable(exc):
        if parsed.get_backend_name() == "sqlite":
            return f"The SQLite database {name} is busy ({outage(exc)}); try again shortly."
        return (
            f"The database at {server} cannot be reached ({outage(exc)}). Is it running? "
            "`wardbot db wait` waits for it to accept connections."
        )
    return None
