"""activity counts kept on write (rollup_ward, rollup_day) for `wards` and `coverage`;
a ward's updates indexed newest first with the id that breaks ties

Counting the whole history on every `coverage` took 664 ms at 300,000 updates (SQLite);
storage/rollup.py now keeps these counts in the same transaction as each write. Filled
here from the updates already held (the same counts as storage.rollup.rebuild, in SQL
both databases read). `show` and `find` list a ward's newest updates ordered by day,
then id: with the id in the index, LIMIT stops the scan after a page (PostgreSQL sorted
the ward's whole history for `find WORD in WARD`, ~200 ms at 300,000 updates).

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each live update under "", each of its themes ("t:"), and once per Board aim ("a:").
COUNTED = """
    SELECT u.ward_id, u.occurred_on, '' AS key, coalesce(u.people_reached, 0) AS people, u.id
      FROM ward_update u WHERE u.deleted_at IS NULL
    UNION ALL
    SELECT u.ward_id, u.occurred_on, 't:' || ut.theme_key, coalesce(u.people_reached, 0), u.id
      FROM ward_update u JOIN update_theme ut ON ut.update_id = u.id
     WHERE u.deleted_at IS NULL
    UNION ALL
    SELECT DISTINCT u.ward_id, u.occurred_on, 'a:' || t.board_aim_key,
           coalesce(u.people_reached, 0), u.id
      FROM ward_update u JOIN update_theme ut ON ut.update_id = u.id
      JOIN theme t ON t.key = ut.theme_key
     WHERE u.deleted_at IS NULL
"""


def upgrade() -> None:
    with op.batch_alter_table("ward_update") as batch_op:
        batch_op.create_index("ix_update_ward_recent", ["ward_id", "occurred_on", "id"])
        batch_op.drop_index("ix_update_ward_occurred")
    op.create_table(
        "rollup_ward",
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("updates", sa.Integer(), nullable=False),
        sa.Column("people", sa.BigInteger(), nullable=False),
        sa.Column("last_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("ward_id", "key"),
    )
    op.create_table(
        "rollup_day",
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("updates", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("occurred_on", "key"),
    )
    op.execute(
        "INSERT INTO rollup_ward (ward_id, key, updates, people, last_on) "
        "SELECT ward_id, key, count(*), sum(people), max(occurred_on) "
        f"FROM ({COUNTED}) counted GROUP BY ward_id, key"
    )
    op.execute(
        "INSERT INTO rollup_day (occurred_on, key, updates) "
        f"SELECT occurred_on, key, count(*) FROM ({COUNTED}) counted "
        "WHERE key <> '' GROUP BY occurred_on, key"
    )


def downgrade() -> None:
    op.drop_table("rollup_day")
    op.drop_table("rollup_ward")
    with op.batch_alter_table("ward_update") as batch_op:
        batch_op.create_index("ix_update_ward_occurred", ["ward_id", "occurred_on"])
        batch_op.drop_index("ix_update_ward_recent")
