"""digest charts kept for Teams to load by URL

Teams refuses a bot message past about 100 KB, so a digest's chart (~160 KB of PNG) can
no longer travel inline: wardbot serves it at GET /charts/{id}.png from this table, so
that any replica can answer, until it expires.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chart_image",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("png", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chart_image_expires", "chart_image", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_chart_image_expires", table_name="chart_image")
    op.drop_table("chart_image")
