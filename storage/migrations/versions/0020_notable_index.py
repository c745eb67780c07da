"""live updates indexed in a digest's notable order (ix_update_notable), for its picks

A borough digest picks each Board aim's most notable updates (case studies first, then
most people reached, then the newest) from the period's 1,000 most notable: at 3,000,000
updates a quarter's 277,680 `ix_update_period` entries were read and sorted for them
(~70-90 ms of PostgreSQL, parallel workers and all). Walked in this order from the top,
the index meets the period's most notable after ~12,000 entries for a quarter of three
years; storage/reporting.py walks it only when that is the cheaper read, and reads the
period as before when the walk falls short.

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # As storage/models.py has it now (a migration does not follow later changes).
    op.create_index(
        "ix_update_notable",
        "ward_update",
        [
            "case_study",
            sa.text("coalesce(people_reached, 0)"),
            "occurred_on",
            "id",
            "ward_id",
            "people_reached",
        ],
        postgresql_where=sa.text("deleted_at IS NULL"),
        sqlite_where=sa.text("deleted_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_update_notable", table_name="ward_update")
