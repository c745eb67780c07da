"""a span of days' updates indexed with what a digest counts (ix_update_period replaces
ix_update_occurred)

A digest counts a month's or a quarter's updates by ward, priority, people reached,
volunteers and case studies. With only the day indexed, each of the quarter's ~28,000
updates (at 300,000 held) was a visit to its row's page, scattered over the table:
history arrives in no date order. Led by the day, with those columns after it, the
counts read the index alone.

Revision ID: 0013
Revises: 0011
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "occurred_on",
    "deleted_at",
    "ward_id",
    "priority_id",
    "people_reached",
    "volunteers",
    "case_study",
    "id",
]


def upgrade() -> None:
    op.create_index("ix_update_period", "ward_update", COLUMNS)
    op.drop_index("ix_update_occurred", table_name="ward_update")


def downgrade() -> None:
    op.create_index("ix_update_occurred", "ward_update", ["occurred_on"])
    op.drop_index("ix_update_period", table_name="ward_update")
