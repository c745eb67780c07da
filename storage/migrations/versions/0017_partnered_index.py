"""the period's partnered updates indexed (ix_update_partnered), for a digest's partners

A digest counts partner organisations from every update in the period that names one or
whose poster's organisation is known; with no index on that, it read each of the period's
updates' JSON (a quarter at 3,000,000 updates on PostgreSQL: ~800 ms for 277,680 rows).
A partial index holds only such updates, so it costs nothing for the rest.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# storage/models.py PARTNERED as it is now (a migration does not follow later changes).
PARTNERED = (
    "deleted_at IS NULL AND (CAST(partners AS VARCHAR) NOT IN ('[]', 'null') OR organisation <> '')"
)


def upgrade() -> None:
    op.create_index(
        "ix_update_partnered",
        "ward_update",
        ["occurred_on", "id", "ward_id"],
        postgresql_where=sa.text(PARTNERED),
        sqlite_where=sa.text(PARTNERED),
    )


def downgrade() -> None:
    op.drop_index("ix_update_partnered", table_name="ward_update")
