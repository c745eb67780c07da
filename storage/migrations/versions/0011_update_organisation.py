"""each update records its author's organisation, and whether it is internal

Partners from other organisations log updates too (issue 19). The Board counts partner
organisations from who posted, so each update keeps the organisation its author was with
when they posted (a later erasure or move does not change what was counted); filled here
from the authors' organisations as held now. An officer may mark an update `#internal`:
partners' queries and shared channels never show it.

Revision ID: 0011
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ward_update") as batch:
        batch.add_column(
            sa.Column("organisation", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("internal", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        """
        UPDATE ward_update SET organisation = coalesce(
            (SELECT p.organisation FROM person p WHERE p.id = ward_update.author_id), '')
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("ward_update") as batch:
        batch.drop_column("internal")
        batch.drop_column("organisation")
