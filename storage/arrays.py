"""PostgreSQL: many rows inserted by one fixed statement, each column sent as one array.

`INSERT ... SELECT ... FROM unnest(CAST(:a AS T[]), ...)` is one round trip and one
prepared statement whatever the number of rows: an executemany sends the rows one
statement execution at a time, and a multi-row VALUES is a new statement (and a new
prepare) for each count of rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ARRAY, JSON, Table, Text, bindparam, func, select
from sqlalchemy import cast as cast_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert


def unnest_insert(table: Table, prefix: str, columns: Sequence[str]) -> Any:
    """INSERT INTO table (columns) SELECT FROM unnest of the arrays PREFIX + column.

    A JSON column's array is sent as text (`arrays` writes it as SQLAlchemy would) and
    cast back row by row: no array codec for JSON is needed."""
    arrays = [
        cast_(
            bindparam(prefix + c),
            ARRAY(Text if isinstance(table.c[c].type, JSON) else table.c[c].type),
        )
        for c in columns
    ]
    rows = func.unnest(*arrays).table_valued(*columns).render_derived()
    values = [
        cast_(rows.c[c], JSON) if isinstance(table.c[c].type, JSON) else rows.c[c] for c in columns
    ]
    return postgresql_insert(table).from_select(list(columns), select(*values))


def arrays(
    prefix: str,
    rows: Sequence[dict[str, Any]],
    columns: Iterable[str],
    *,
    as_json: Iterable[str] = (),
) -> dict[str, list[Any]]:
    """The parameters of `unnest_insert`: each column's values in row order."""
    text = set(as_json)
    return {
        prefix + c: [json.dumps(row[c]) if c in text else row[c] for row in rows] for c in columns
    }
