"""activity counts kept per month, ward and key (rollup_month), for digests and `review`

A borough quarter's digest at 3,000,000 updates counted 277,680 updates, looking up each
one's themes (~4.7 s of PostgreSQL CPU); `review` counted a busy ward's year of themes the
same way (79 ms on SQLite at 300,000). storage/rollup.py now keeps, in the same
transaction as each write, the live updates, people, volunteers and how many give a
number of people or volunteers per (month, ward, key), for the keys "" (every update),
"t:THEME", "a:AIM" (once per Board aim), "n:" (no theme) and "p:ID" (tied to a
priority). A period reads its whole months here and only its part-months' days from the
updates. Filled here from the updates already held, in one INSERT ... SELECT (the same
counts as storage.rollup.rebuild).

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each live update under "", each of its themes, once per Board aim, "n:" when it has no
# theme and "p:ID" when tied to a priority (the keys of storage/rollup.py).
COUNTED = """
    SELECT {month} AS month, u.ward_id, '' AS key, u.people_reached, u.volunteers
      FROM ward_update u WHERE u.deleted_at IS NULL
    UNION ALL
    SELECT {month}, u.ward_id, 't:' || ut.theme_key, u.people_reached, u.volunteers
      FROM ward_update u JOIN update_theme ut ON ut.update_id = u.id
     WHERE u.deleted_at IS NULL
    UNION ALL
    SELECT month, ward_id, key, people_reached, volunteers FROM (
        SELECT DISTINCT u.id, {month} AS month, u.ward_id, 'a:' || t.board_aim_key AS key,
               u.people_reached, u.volunteers
          FROM ward_update u JOIN update_theme ut ON ut.update_id = u.id
          JOIN theme t ON t.key = ut.theme_key
         WHERE u.deleted_at IS NULL) aims
    UNION ALL
    SELECT {month}, u.ward_id, 'n:', u.people_reached, u.volunteers
      FROM ward_update u
     WHERE u.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM update_theme ut WHERE ut.update_id = u.id)
    UNION ALL
    SELECT {month}, u.ward_id, 'p:' || CAST(u.priority_id AS VARCHAR), u.people_reached,
           u.volunteers
      FROM ward_update u WHERE u.deleted_at IS NULL AND u.priority_id IS NOT NULL
"""

MONTH = {
    "sqlite": "date(u.occurred_on, 'start of month')",
    "postgresql": "CAST(date_trunc('month', u.occurred_on) AS DATE)",
}


def upgrade() -> None:
    op.create_table(
        "rollup_month",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("updates", sa.Integer(), nullable=False),
        sa.Column("people", sa.BigInteger(), nullable=False),
        sa.Column("volunteers", sa.BigInteger(), nullable=False),
        sa.Column("with_people", sa.Integer(), nullable=False),
        sa.Column("with_volunteers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ward_id"], ["ward.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("month", "ward_id", "key"),
    )
    counted = COUNTED.format(month=MONTH[op.get_bind().dialect.name])
    op.execute(
        "INSERT INTO rollup_month (month, ward_id, key, updates, people, volunteers, "
        "with_people, with_volunteers) "
        "SELECT month, ward_id, key, count(*), coalesce(sum(people_reached), 0), "
        "coalesce(sum(volunteers), 0), "
        "count(CASE WHEN people_reached <> 0 THEN 1 END), "
        "count(CASE WHEN volunteers <> 0 THEN 1 END) "
        f"FROM ({counted}) counted GROUP BY month, ward_id, key"
    )


def downgrade() -> None:
    op.drop_table("rollup_month")
