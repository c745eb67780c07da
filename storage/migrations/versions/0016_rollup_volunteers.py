"""volunteers kept in the activity counts per ward (rollup_ward.volunteers), and the counts
indexed by key and latest day (ix_rollup_ward_key); ix_update_ward_volunteers dropped

`wards` summed the volunteers of every live update that names any (a million rows at
3,000,000 updates) on each answer; the counts kept on write now carry them. `wards` reads
the "" key's rows and `coverage` counts the wards active since a day for each theme and
aim key: with only (ward, key) indexed, both read every (ward, key) row (~123,000 in a
9,000-ward plan). Filled here from the updates that name volunteers, in SQL both
databases read (UPDATE ... FROM: SQLite 3.33 or later): 10 s at 3,000,000 updates on
PostgreSQL. The partial index `wards` summed volunteers from is no longer read: one
index fewer for every update written.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each live update naming volunteers under "", each of its themes and once per Board aim
# (the keys of storage/rollup.py).
WITH_VOLUNTEERS = """
    SELECT u.ward_id, '' AS key, u.volunteers, u.id
      FROM ward_update u WHERE u.deleted_at IS NULL AND u.volunteers <> 0
    UNION ALL
    SELECT u.ward_id, 't:' || ut.theme_key, u.volunteers, u.id
      FROM ward_update u JOIN update_theme ut ON ut.update_id = u.id
     WHERE u.deleted_at IS NULL AND u.volunteers <> 0
    UNION ALL
    SELECT DISTINCT u.ward_id, 'a:' || t.board_aim_key, u.volunteers, u.id
      FROM ward_update u JOIN update_theme ut ON ut.update_id = u.id
      JOIN theme t ON t.key = ut.theme_key
     WHERE u.deleted_at IS NULL AND u.volunteers <> 0
"""


def upgrade() -> None:
    op.add_column(
        "rollup_ward",
        sa.Column("volunteers", sa.BigInteger(), nullable=False, server_default="0"),
    )
    op.execute(
        "UPDATE rollup_ward SET volunteers = summed.volunteers FROM ("
        "SELECT ward_id, key, sum(volunteers) AS volunteers "
        f"FROM ({WITH_VOLUNTEERS}) counted GROUP BY ward_id, key) summed "
        "WHERE rollup_ward.ward_id = summed.ward_id AND rollup_ward.key = summed.key"
    )
    op.create_index("ix_rollup_ward_key", "rollup_ward", ["key", "last_on"])
    op.drop_index("ix_update_ward_volunteers", table_name="ward_update")


def downgrade() -> None:
    live_volunteers = sa.text("volunteers IS NOT NULL AND deleted_at IS NULL")
    op.create_index(
        "ix_update_ward_volunteers",
        "ward_update",
        ["ward_id", "volunteers"],
        sqlite_where=live_volunteers,
        postgresql_where=live_volunteers,
    )
    op.drop_index("ix_rollup_ward_key", table_name="rollup_ward")
    op.drop_column("rollup_ward", "volunteers")
