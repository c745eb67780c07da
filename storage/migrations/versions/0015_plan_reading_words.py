"""the plan's own words for reading posts (towns roads are named for, place names that
are everyday words): a column on plan_year, empty for a plan loaded before

Revision ID: 0015
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("plan_year", sa.Column("reading", sa.JSON(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN: a batch copy of plan_year would trip the priorities' foreign keys.
    op.drop_column("plan_year", "reading")
