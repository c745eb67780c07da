"""the period's updates naming a sum of money indexed (ix_update_money), for a digest's money

A digest's money section read every update in the period to test its quantities' JSON
for `money_gbp` (a quarter at 3,000,000 updates on PostgreSQL: 277,680 rows, ~300-500 ms,
the largest statement of the digest once its counts were kept per month). A partial
index holds only such updates, so it costs nothing for the rest.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# storage/models.py MONEYED as it is now (a migration does not follow later changes).
MONEYED = "deleted_at IS NULL AND CAST(quantities AS VARCHAR) LIKE '%money_gbp%'"


def upgrade() -> None:
    op.create_index(
        "ix_update_money",
        "ward_update",
        ["occurred_on", "id", "ward_id"],
        postgresql_where=sa.text(MONEYED),
        sqlite_where=sa.text(MONEYED),
    )


def downgrade() -> None:
    op.drop_index("ix_update_money", table_name="ward_update")
