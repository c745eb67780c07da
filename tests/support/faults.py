"""A database connection that drops at one statement: the outage a platform must survive.

The storage code runs as it always does; the driver's connection fails (ConnectionResetError,
as a dropped network does) just before the chosen statement, a given number of times.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from storage.db import Database


@contextmanager
def connection_drops(db: Database, *, before: str, times: int = 1) -> Iterator[list[str]]:
    """Drop the connection before the next `times` statements that start with `before`
    (e.g. "INSERT INTO ward_update"). Yields the statements it dropped."""
    dropped: list[str] = []

    def drop(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if len(dropped) < times and statement.lstrip().upper().startswith(before.upper()):
            dropped.append(statement)
            raise ConnectionResetError("connection reset by peer (a test's dropped network)")

    engine = db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", drop)
    try:
        yield dropped
    finally:
        event.remove(engine, "before_cursor_execute", drop)
