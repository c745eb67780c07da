"""a theme's audience and context words, beside what-was-done words

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("theme") as batch:
        batch.add_column(sa.Column("audience", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("context", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("theme") as batch:
        batch.drop_column("context")
        batch.drop_column("audience")
