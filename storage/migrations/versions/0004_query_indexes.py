"""indexes for ward queries at scale

`wards` counts every ward's updates: a covering index lets it read the index alone.
`show WARD #theme` looks up the updates carrying a theme: an index led by theme_key.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_update_ward_activity",
        "ward_update",
        ["ward_id", "deleted_at", "occurred_on", "people_reached"],
    )
    op.create_index("ix_update_theme_key", "update_theme", ["theme_key", "update_id"])


def downgrade() -> None:
    op.drop_index("ix_update_theme_key", table_name="update_theme")
    op.drop_index("ix_update_ward_activity", table_name="ward_update")
