"""PostgreSQL: many rows inserted by one fixed statement, each column sent as one array.

`INSERT ... SELECT ... FROM unnest(CAST(:a AS T[]), ...)` is one round trip and one
prepared statement whatever the number of rows: an executemany sends the rows one
statement execution at a time, and a multi-row VALUES is a new statement (and a new
prepare) for each count of rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ARRAY, JSON, String, Table, Text, bindparam, func, select
from sqlalchemy import cast as cast_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.types import TypeEngine


def unnested(prefix: str, types: Mapping[str, TypeEngine[Any]]) -> Any:
    """unnest(CAST(:PREFIX+column AS type[]), ...) AS anon(column, ...): one row per index.

    Strings are sent as text[], not varchar(n)[]: an explicit cast would cut an over-long
    value short, where the insert's own assignment refuses it, as a row-by-row insert does.
    A JSON column's array is sent as text too (`arrays` writes it as SQLAlchemy would) and
    cast back by `value`: no array codec for JSON is needed."""
    arrays = [
        cast_(bindparam(prefix + c), ARRAY(Text if isinstance(t, JSON | String) else t))
        for c, t in types.items()
    ]
    return func.unnest(*arrays).table_valued(*types).render_derived()


def value(rows: Any, column: str, type_: TypeEngine[Any]) -> Any:
    """A column of `unnested` rows, as the table's column takes it."""
    return cast_(rows.c[column], JSON) if isinstance(type_, JSON) else rows.c[column]


def unnest_insert(table: Table, prefix: str, columns: Sequence[str]) -> Any:
    """INSERT INTO table (columns) SELECT FROM unnest of the arrays PREFIX + column."""
    types = {c: table.c[c].type for c in columns}
    rows = unnested(prefix, types)
    return postgresql_insert(table).from_select(
        list(columns), select(*(value(rows, c, t) for c, t in types.items()))
    )


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
