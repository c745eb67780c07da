"""one subscription per channel and scope, the borough included

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain UNIQUE (platform, target, ward_id) lets many borough (NULL ward) rows in.
    op.create_index(
        "uq_subscription_scope",
        "digest_subscription",
        ["platform", "target", sa.text("coalesce(ward_id, 0)")],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_subscription_scope", table_name="digest_subscription")
